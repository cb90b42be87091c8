"""A criterion written in sections on their own lines:

    Обязательно:
    — назвать компанию и своё имя;
    — для кого покупка: для себя, для семьи, под сдачу.
    Желательно:
    — спросить, откуда клиент о нас узнал.
    Не засчитывается: «алло», «слушаю» без названия компании.
    Н/п: нет, этап оценивается в каждом звонке.

Each bullet under the required heading is one required item, and a list after a colon inside an
item gives its alternatives («для кого покупка (например, для себя, для семьи, под сдачу)»); what
is only wished for is no part of the check; «Н/п: нет, …» means the stage is always judged; the
cases of a not-applicable section are its comma- or semicolon-separated items, and a bracket after
a case lists examples of that kind of call, no case of its own. The rewrite gives the plain text
the compiler reads; a criterion without such sections is returned as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HEADS = {
    "required": r"обязательно|нужно|необходимо|должен|должна|должно|требуется",
    "wished": r"желательно|плюсом\s+будет|будет\s+плюсом|плюсом|дополнительно|по\s+желанию|необязательно",
    "failed": r"не\s+засчитыва\w*|не\s+счита\w*|не\s+принима\w*",
    "na": r"н/п|н/а|n/a|не\s+применим\w*|не\s+применя\w*|не\s+оценива\w*",
}
_HEAD_RX = re.compile(
    r"^\s*(?:(?P<required>" + _HEADS["required"] + r")|(?P<wished>" + _HEADS["wished"] + r")|(?P<failed>"
    + _HEADS["failed"] + r")|(?P<na>" + _HEADS["na"] + r"))\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BULLET_RX = re.compile(r"^\s*[-–—•*·]\s*")
# «для кого покупка: для себя, для семьи, детям»: a head, a colon, at least two listed alternatives
_ITEM_LIST_RX = re.compile(r"^(?P<head>[^:«»]{3,}?):\s*(?P<list>[^:;]+,[^:;]+?)(?P<end>[.;]?)$")
_NONE_RX = re.compile(r"^\s*нет\b", re.IGNORECASE)
_BRACKET_RX = re.compile(r"\s*\([^()]*\)")
# cases part at «;» or at a comma that starts no clause of the case before («звонки, где н/п этап 2»)
_CASE_SPLIT_RX = re.compile(r";|,(?!\s*(?:где|когда|если|что|котор\w*|кроме|но|а|и|или)\b)", re.IGNORECASE)


def _sections(criterion: str) -> list[tuple[str, list[str]]] | None:
    """The (section, lines) pairs in order; None when the text is not written in sections."""
    out: list[tuple[str, list[str]]] = [("lead", [])]
    for line in criterion.splitlines():
        if not line.strip():
            continue
        m = _HEAD_RX.match(line)
        if m:
            kind = next(k for k in _HEADS if m.group(k))
            out.append((kind, [m.group("rest").strip()] if m.group("rest").strip() else []))
        else:
            out[-1][1].append(line.strip())
    kinds = {k for k, _ in out[1:]}
    if len(out) < 3 or not kinds & {"required", "wished"}:
        return None
    return out


def _required(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        bullet = bool(_BULLET_RX.match(line))
        text = _BULLET_RX.sub("", line).strip()
        m = _ITEM_LIST_RX.match(text.rstrip(" ;.")) if bullet else None
        if m:
            text = f"{m.group('head').strip()} (например, {m.group('list').strip()})"
        text = text.rstrip(" ;,")
        out.append(("— " if bullet else "") + text + ("" if text.endswith((".", "!", "?")) else "."))
    return out


def _not_applicable(lines: list[str]) -> list[str]:
    text = " ".join(_BULLET_RX.sub("", x).strip() for x in lines).strip()
    if not text:
        return []
    if _NONE_RX.match(text):
        return ["Применимо всегда."]
    cases = [c.strip(" .;") for c in _CASE_SPLIT_RX.split(_BRACKET_RX.sub("", text))]
    cases = [c for c in cases if c]
    return ["Н/п: " + "; ".join(cases) + "."]


@lru_cache(maxsize=512)
def rewrite(criterion: str) -> str:
    """The criterion in plain sentences the compiler reads (see the module's note)."""
    sections = _sections(criterion)
    if sections is None:
        return criterion
    out: list[str] = []
    for kind, lines in sections:
        if kind == "wished":
            continue
        if kind == "required":
            out.append("Обязательно:")
            out.extend(_required(lines))
        elif kind == "na":
            out.extend(_not_applicable(lines))
        elif kind == "failed":
            out.append("Не засчитывается: " + " ".join(lines))
        else:
            out.extend(lines)
    return "\n".join(out)
