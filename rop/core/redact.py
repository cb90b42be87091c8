"""Redaction of secrets (API keys) from anything that may be logged.

Servers decode percent-escapes before they read a parameter, so ``?api%4Bey=%72op_…`` is the
key ``rop_…`` in the parameter ``apiKey``. Redaction therefore looks at every percent-encoded
word decoded too: a word whose decoded form holds a secret is logged decoded, with the secret
masked (a plain word is left exactly as it was).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# apiKey / api_key / key / token query parameters, in URLs and in free text.
_QUERY_SECRET = re.compile(
    r"(?i)([?&;](?:api[_-]?key|apikey|key|token|access_token|secret)=)[^&#\s\"']*"
)
_HEADER_SECRET = re.compile(
    r"(?i)((?:x-api-key|authorization)[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?)[^\s\"',]+"
)
_ROP_KEY = re.compile(r"\brop_[A-Za-z0-9_-]{20,}")
# A run of non-space characters with at least one percent-escape in it.
_ENCODED_WORD = re.compile(r"[^\s\"']*%[0-9A-Fa-f]{2}[^\s\"']*")

MASK = "***"


def _redact_plain(text: str) -> str:
    text = _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, text)
    text = _HEADER_SECRET.sub(lambda m: m.group(1) + MASK, text)
    return _ROP_KEY.sub("rop_" + MASK, text)


def _redact_encoded(match: re.Match[str]) -> str:
    word = match.group(0)
    decoded = word
    for _ in range(3):  # double-encoded (%2541…) too, within reason
        step = unquote(decoded, errors="replace")
        if step == decoded:
            break
        decoded = step
    cleaned = _redact_plain(decoded)
    return cleaned if cleaned != decoded else word


def redact(text: str) -> str:
    if not text:
        return text
    text = _redact_plain(text)
    if "%" in text:
        text = _ENCODED_WORD.sub(_redact_encoded, text)
    return text
