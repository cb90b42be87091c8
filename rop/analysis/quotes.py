"""Quote verification: a quote we publish is always verbatim from the transcript.

Rule: every non-empty quote occurs in one transcript utterance, compared after folding
case, whitespace, "ё"/"е" and punctuation; the quote returned is the transcript's own text
for the matched span, with its start time (interpolated inside the utterance) and speaker.
A quote the engine made up or paraphrased is replaced by the closest utterance (fuzzy:
token overlap + difflib ratio) with a lowered percentage, or emptied when nothing is close.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from rop.analysis.types import FieldValue, Speaker, StageVerdict, Utterance

FUZZY_ACCEPT = 0.6  # similarity needed to swap a paraphrase for the nearest utterance
FUZZY_CAP = 60  # percentage ceiling for a verdict whose quote had to be swapped
UNVERIFIED_CAP = 40  # ceiling for "completed" when no quote supports it
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Located:
    text: str  # verbatim transcript text
    start: float
    speaker: Speaker
    similarity: float  # 1.0 = verbatim (after folding)
    exact: bool


def _fold_char(ch: str) -> str:
    ch = ch.casefold()
    if ch == "ё":
        return "е"
    if ch.isspace() or unicodedata.category(ch)[0] in "PS":
        return " "
    return ch


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of its source character."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        for f in _fold_char(ch):
            if f == " " and (not out or out[-1] == " "):
                continue
            out.append(f)
            idx.append(i)
    while out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def fold_text(text: str) -> str:
    return fold(text)[0]


def _tokens(text: str) -> list[str]:
    return _WORD.findall(fold_text(text))


def similarity(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    sa, sb = set(ta), set(tb)
    overlap = len(sa & sb) / len(sa)  # how much of the quote is in the utterance
    ratio = difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb), autojunk=False).ratio()
    return max(overlap * 0.9, ratio)


def locate(quote: str, transcript: list[Utterance]) -> Located | None:
    """Find the quote verbatim (after folding); else the most similar utterance; else None."""
    q = fold_text(quote)
    if not q:
        return None
    for u in transcript:
        folded, idx = fold(u.text)
        pos = folded.find(q)
        if pos < 0:
            continue
        s, e = idx[pos], idx[pos + len(q) - 1] + 1
        span = u.text[s:e]
        frac = s / max(1, len(u.text))
        start = round(u.start + (u.end - u.start) * frac, 2)
        return Located(span, start, u.speaker, 1.0, True)
    best: tuple[float, Utterance] | None = None
    for u in transcript:
        sim = similarity(quote, u.text)
        if best is None or sim > best[0]:
            best = (sim, u)
    if best is not None and best[0] >= FUZZY_ACCEPT:
        u = best[1]
        return Located(u.text.strip(), u.start, u.speaker, best[0], False)
    return None


def is_verbatim(quote: str, transcript: list[Utterance]) -> bool:
    """The published-quote invariant (empty quotes are allowed)."""
    if not quote:
        return True
    q = fold_text(quote)
    return any(q in fold_text(u.text) for u in transcript)


def verify_verdict(v: StageVerdict, transcript: list[Utterance]) -> StageVerdict:
    """Return the verdict with a verified quote and an adjusted percentage."""
    pct = max(0, min(100, int(v.percentage)))
    quote = (v.quote or "").strip()
    comment = v.comment
    if not quote:
        if v.status == "completed":
            pct = min(pct, UNVERIFIED_CAP)
        return StageVerdict(v.stage_id, v.status, pct, comment, "", None, None)
    found = locate(quote, transcript)
    if found is None:
        if v.status == "completed":
            pct = min(pct, UNVERIFIED_CAP)
        note = "Цитата не найдена в расшифровке и удалена."
        return StageVerdict(v.stage_id, v.status, pct, f"{comment} {note}".strip(), "", None, None)
    if not found.exact:
        pct = min(pct, int(FUZZY_CAP * found.similarity))
        comment = f"{comment} Цитата уточнена по расшифровке.".strip()
    return StageVerdict(v.stage_id, v.status, pct, comment, found.text, found.start, found.speaker)


def verify_field(value: FieldValue, transcript: list[Utterance]) -> FieldValue:
    conf = max(0, min(100, int(value.confidence)))
    quote = (value.quote or "").strip()
    if not quote:
        if value.value is not None:
            conf = min(conf, 50)
        return FieldValue(value.key, value.value, conf, "", None)
    found = locate(quote, transcript)
    if found is None:
        return FieldValue(value.key, value.value, min(conf, UNVERIFIED_CAP), "", None)
    if not found.exact:
        conf = min(conf, int(FUZZY_CAP * found.similarity))
    return FieldValue(value.key, value.value, conf, found.text, found.start)
