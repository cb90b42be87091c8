"""Terse not-applicable notes rewritten as the sentences the compiler reads.

A busy head of sales types «Предложил доп. услугу (перенос/жалоба — н/п)», «Запись (серт./ош. номер
= н/а)», «Итог (н/п: ош. номер, поставщик)» or «Узнал бюджет; перенос — не оцен.». The note says
when the stage is not assessed; it is never a thing to look for in the call. Each such note,
whatever abbreviation or sign marks it, becomes its own sentence «Если перенос или жалоба — не
применимо.», and a branch written next to it in the same brackets («жалоба — суть + извинился»:
what to do on such calls) is no element of every call either.

The dot of an abbreviation («ош. номер», «доп. услугу», «серт.») ends no sentence: the common ones
are spelled out (criterion.json), and in brackets a dot after a short word followed by a lower-case
word or the bracket's end is the abbreviation's (outside them a sentence may start lower-case).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rop.analysis.embedded.lexicon import load_json


@lru_cache(maxsize=1)
def outcome() -> str:
    """The words and signs that say «not applicable», as a regular expression."""
    d = load_json("criterion.json")
    return f"(?:{d['na_note_outcome']}|{d['na_outcome']})"


_SEP = r"(?:\s*[—–=:]\s*|\s+-\s+)"
_LEAD = r"(?:(?:только\s+)?(?:если|когда|при|для|в\s+случае|к|ко)\s+)?"
# «ош. номер», «доп. услугу», «(серт./жалоба», «не оцен.)»: the dot of a short abbreviation
_ABBR_DOT_RX = re.compile(r"(?<![\w.])([а-яё]{2,6})\.(?=\s*[/)\],;]|\s+[а-яё])")


def _note_rx() -> tuple[re.Pattern[str], ...]:
    out = outcome()
    return (
        # «перенос/ош. номер — н/п», «если звонок о переносе — не оцениваем», «жалоба = н/а»
        re.compile(rf"^\s*{_LEAD}(?P<cond>[^—–=:.!?]+?){_SEP}(?:этап\s+|пункт\s+)?(?P<out>{out})\s*[.!]?\s*$", re.I),
        # «н/п: ош. номер, поставщик», «не примен. при жалобе», «н/п — если перенос»
        re.compile(rf"^\s*(?P<out>{out})(?:{_SEP}|\s*,\s*|\s+){_LEAD}(?P<cond>[^.!?]+?)\s*[.!]?\s*$", re.I),
        # «перенос — —», «жалоба: —»: a dash for the outcome, as in a table
        re.compile(r"^\s*" + _LEAD + r"(?P<cond>[^—–=:.!?]+?)(?:\s*[—–=:]\s*[—–-]|\s*[—–])\s*$", re.I),
    )


_NOTE_RX: list[tuple[re.Pattern[str], ...]] = []


def note_condition(part: str) -> str | None:
    """The condition of a not-applicable note («перенос или ош. номер — н/п» → «перенос или ош.
    номер»), None when the part is no such note."""
    if not _NOTE_RX:
        _NOTE_RX.append(_note_rx())
    for rx in _NOTE_RX[0]:
        m = rx.match(part)
        if m is not None and re.search(r"\w{2,}", m.group("cond")):
            cond = m.group("cond").strip(" ,;:—–-")
            cond = re.sub(r"(?<=\w)\s*/\s*(?=\w)", " или ", cond)  # «пост. кл-т/жалоба»
            return re.sub(r"\s*,\s*(?![^(]*\))", " или ", cond)  # «ош. номер, поставщик»: either
    return None


def _groups(text: str) -> list[tuple[int, int]]:
    """The spans of the top-level brackets, brackets included."""
    spans, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch == "(":
            start = k if depth == 0 else start
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, k + 1))
    return spans


def split_top(text: str, seps: str) -> list[str]:
    """Split on the separators outside parentheses and quotes (the parts as they are)."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += (ch in "(«") - (ch in ")»")
        if depth == 0 and ch in seps:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return parts


def _branch(part: str) -> bool:
    """«жалоба — суть + извинился»: what to do on some calls, next to a note about others."""
    return len(split_top(part, "—–=")) > 1


def _bracket(inner: str, notes: list[str]) -> str:
    """What stays of a bracket once its notes are taken out (their conditions go to ``notes``)."""
    parts = [p.strip() for p in split_top(inner, ";")]
    conds = [note_condition(p) for p in parts]
    if not any(conds):
        return "(" + inner + ")"
    notes += [c for c in conds if c]
    kept = [p for p, c in zip(parts, conds, strict=True) if not c and p and not _branch(p)]
    return " (" + "; ".join(kept) + ")" if kept else ""


def _trailing(sentence: str, notes: list[str]) -> str:
    """«Узнал бюджет; перенос — н/п»: a note after the stage's own words, past a semicolon."""
    parts = split_top(sentence, ";")
    if len(parts) < 2:
        return sentence
    conds = [note_condition(p) for p in parts]
    if not conds[-1] or not parts[0].strip() or conds[0]:
        return sentence
    notes += [c for c in conds if c]
    return ";".join(p for p, c in zip(parts, conds, strict=True) if not c)


# the sign a terse note opens with («н/п», «н/а», «n/a»); a spelled «Не применимо — те же случаи, что …»
# is prose, read by the compiler
_LEAD_WORD = r"(?:только\s+)?(?:если|когда|при|в\s+случае)\b"
_SIGN = r"(?:н\s*/\s*[пa]|n\s*/\s*a|н\.\s?[пa]\.)"


def _leading(text: str, notes: list[str]) -> str:
    """ "н/п — повт. обр. (ДДУ, ключи), не кл. (агент)." : a sentence that opens with the outcome and
    lists after a dash, with no «если», the calls it is for (each comma an alternative); a list after
    a colon («Н/П: покупка …; действующий клиент») is the compiler's."""
    head = re.compile(rf"^\s*{_SIGN}(?:\s*[—–=]\s*|\s+-\s+)(?!\s*{_LEAD_WORD})", re.IGNORECASE)
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        cond = note_condition(sentence) if head.match(sentence) else None
        if cond:
            notes.append(cond)
        else:
            kept.append(sentence)
    return " ".join(kept)


# «Предложил брокера (если ипотека)»: a bracket at the end of a sentence that says when it applies
_SCOPE_RX = re.compile(
    r"(?P<lead>^|(?<=[.!?])\s+|\n)(?P<body>[^.!?\n]*?)\s*\((?:только\s+|лишь\s+)?если\s+(?P<cond>[^(),;:—–=.!?]+)\)"
    r"\s*(?P<end>[.!?]|$)",
    re.IGNORECASE | re.MULTILINE,
)
_NEGATION_RX = re.compile(r"(?<!\w)(?:не|нет|без|ни)(?!\w)", re.IGNORECASE)


def _scope_first(text: str) -> str:
    """ "Предложил консультацию брокера (если ипотека)." → "Если ипотека, предложил консультацию
    брокера.": a one-sentence stage applies only when the bracket's condition holds. A negated one
    («(если клиент не назвался сам)») is a branch of one element and stays, and so does the bracket
    of one sentence among several (it may scope that sentence only)."""
    if len([p for p in re.split(r"(?<=[.!?])\s+|\n", text.strip()) if p.strip()]) > 1:
        return text

    def sub(m: re.Match[str]) -> str:
        cond, body = m.group("cond").strip(), m.group("body").strip()
        if _NEGATION_RX.search(cond) or not body:
            return m.group(0)
        return f"{m.group('lead')}Если {cond}, {body[:1].lower()}{body[1:]}{m.group('end') or '.'}"

    return _SCOPE_RX.sub(sub, text)


def rewrite(text: str) -> str:
    """The criterion with its terse notes as separate sentences «Если … — не применимо.» at the end."""
    text = re.sub(r"\([^()]*\)", lambda m: _ABBR_DOT_RX.sub(r"\1", m.group(0)), text)
    notes: list[str] = []
    out, last = [], 0
    for a, b in _groups(text):
        out.append(text[last:a].rstrip() if note_condition(text[a + 1 : b - 1]) else text[last:a])
        out.append(_bracket(text[a + 1 : b - 1], notes))
        last = b
    out.append(text[last:])
    text = "".join(out)
    lines = [_leading(_trailing(line, notes), notes) for line in text.split("\n")]
    text = _scope_first("\n".join(lines).rstrip())
    if not notes:
        return text
    text = text if re.search(r"[.!?]\s*$", text) or not text else text + "."
    return text + "".join(f" Если {c} — не применимо." for c in notes)
