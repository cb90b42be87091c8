"""Organisation-specific names for the ASR and the evaluator, and where the ASR finds them.

A checklist usually names the company the managers must introduce («название школы «Умники»»,
«компания «НетЛайн»»). Whisper writes such invented names as ordinary words («а у Меники»), and
then the greeting stage and the company field fail on an otherwise good transcript. The quoted
proper names of the configuration are given to the engine as hotwords (rop.asr.vocabulary) and
to the evaluator, which recognises their ASR spellings (rop.analysis.embedded.fuzzy).

Only proper names qualify: every word capitalised (or Latin / digits), at most three words,
no sentence punctuation. Quoted example phrases («подумаю», «Я вам перезвоню», «чем могу
помочь?») are no names and are left out.

rop.asr sits on the same layer as rop.analysis and may not import it; the analysis app
registers a source of configuration texts here at start-up (its AppConfig.ready) and the ASR
stage asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

MAX_NAME_WORDS = 3
MAX_NAME_CHARS = 40
_QUOTED = re.compile(r"«([^«»]{2,60})»|\"([^\"]{2,60})\"|“([^“”]{2,60})”")
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ0-9][\w&'.+-]*|[A-Za-z0-9][\w&'.+-]*)$")


def is_name(text: str) -> bool:
    """A quoted text that reads as a proper name (a company, a product, a complex), not a phrase."""
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or len(text) > MAX_NAME_CHARS:
        return False
    if re.search(r"[,;:!?…]", text):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def terms_from_texts(texts: Iterable[str]) -> list[str]:
    """Distinct quoted proper names in ``texts``, in the order they first appear."""
    seen: dict[str, str] = {}
    for text in texts:
        for match in _QUOTED.finditer(text or ""):
            name = " ".join(next(g for g in match.groups() if g).split())
            if is_name(name) and name.lower() not in seen:
                seen[name.lower()] = name
    return list(seen.values())


TextSource = Callable[[int], list[str]]  # organisation id -> texts (criteria, names, descriptions)

_sources: dict[str, TextSource] = {}


def register(name: str, source: TextSource) -> None:
    """Add (or replace, by name) a source of configuration texts."""
    _sources[name] = source


def texts_for(org_id: int) -> list[str]:
    """Every registered source's texts for the organisation, in registration order."""
    out: list[str] = []
    for source in _sources.values():
        out.extend(source(org_id))
    return out
