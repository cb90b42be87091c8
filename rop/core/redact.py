"""Redaction of secrets (API keys) from anything that may be logged."""

from __future__ import annotations

import re

# apiKey / api_key / key / token query parameters, in URLs and in free text.
_QUERY_SECRET = re.compile(r"(?i)([?&;](?:api[_-]?key|apikey|key|token|access_token|secret)=)[^&#\s\"']*")
_HEADER_SECRET = re.compile(r"(?i)((?:x-api-key|authorization)[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?)[^\s\"',]+")
_ROP_KEY = re.compile(r"\brop_[A-Za-z0-9_-]{20,}")

MASK = "***"


def redact(text: str) -> str:
    if not text:
        return text
    text = _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, text)
    text = _HEADER_SECRET.sub(lambda m: m.group(1) + MASK, text)
    return _ROP_KEY.sub("rop_" + MASK, text)
