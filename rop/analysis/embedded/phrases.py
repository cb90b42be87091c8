"""Free-text fields answered in the client's own short words: a size («Размер кухни» -> «три двадцать
по стене», «два на полтора»), a goal («Цель» -> «похудеть к лету»), or any field the manager asks
about in its own words (the first clause of the client's reply)."""

from __future__ import annotations

import re

from rop.analysis.embedded import choices
from rop.analysis.embedded.lang import lemmas, tags
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

SIZE_WORDS = frozenset({"размер", "габарит", "длина", "ширина", "площадь", "метраж", "размеры"})
GOAL_WORDS = frozenset({"цель", "задача", "зачем", "пожелание", "запрос", "причина", "мотив"})
# a size said with its numbers: "3 20 по стене", "2 на 1.5", "60 метров", "3 на 4"
_SIZE_RX = re.compile(
    r"\d+(?:[.,]\d+)?(?: \d{2})?\s*(?:на|x|х|×)\s*\d|\d+(?:[.,]\d+)? \d{2} (?:по|вдоль|на)\b"
    r"|\d+(?:[.,]\d+)?\s*(?:метр|квадрат|кв\b|м2|м²|см|сантиметр|погонн)"
    r"|\b(?:метр|квадрат)\w*\s+(?:где-то |около |примерно )?\d"  # "метров восемьдесят"
)
_CLAUSE_RX = re.compile(r"[^,;:()!?.—–]+")
_LEAD = frozenset(
    {"ну", "да", "так", "вот", "это", "там", "где-то", "примерно", "наверное", "а", "ой", "хочу", "хотим"}
)
_WANT_RX = re.compile(r"\b(?:хочу|хотим|хотела|хотел|надо|нужно|мечтаю|планирую)\s+(\w+)")


def is_size(words: set[str]) -> bool:
    return bool(words & SIZE_WORDS)


def is_goal(words: set[str]) -> bool:
    return bool(words & GOAL_WORDS)


def _clause(text: str, start: int = 0, words: int = 6) -> str:
    """The clause of `text` from `start`, without leading fillers, at most `words` words."""
    m = _CLAUSE_RX.search(text, start)
    if not m:
        return ""
    toks = m.group(0).split()
    while toks and toks[0].lower().strip("…") in _LEAD:
        toks.pop(0)
    return " ".join(toks[:words]).strip(" …«»\"'")


def _fv(spec: FieldSpec, value: str | float, conf: int, u: Unit) -> FieldValue:
    return FieldValue(spec.key, value, conf, u.text, u.start_time)


# the description lets the staff's offer count: «Площадь бокса, которую предложил сотрудник или выбрал клиент»
_OFFERED = frozenset({"предложить", "порекомендовать", "рекомендовать", "подобрать", "посоветовать", "назвать"})
_STAFF = frozenset({"сотрудник", "менеджер", "администратор", "консультант", "оператор", "мастер", "продавец"})


def _offered(spec: FieldSpec) -> bool:
    words = set(lemmas(spec.description))
    return bool(words & _OFFERED and words & _STAFF)


def size(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The client's size as said (a number field: its first number), from the answer to the
    manager's question on it, else from a client sentence that gives numbers with a measure. A size
    the staff may offer (the description says so) is the last one said with its measure by either
    side: the box the manager offered and the client took, after the alternatives."""
    replies = choices.answers(prep, spec.description)
    clients = prep.units_of("client") if prep.roles_known else prep.units
    if _offered(spec):
        offered = [u for u in prep.units if _SIZE_RX.search(u.norm)]
        replies, clients = [], offered[::-1]
    for u in [*replies, *clients]:
        m = _SIZE_RX.search(u.norm) if u not in replies else _SIZE_RX.search(u.norm) or re.search(r"\d", u.norm)
        if not m:
            continue
        if spec.type == "number":
            num = re.search(r"\d+(?:[.,]\d+)?", u.norm[m.start() :])
            return _fv(spec, float(num.group(0).replace(",", ".")), 60, u) if num else FieldValue(spec.key, None, 0)
        said = next((c for c in _CLAUSE_RX.findall(u.text) if _SIZE_RX.search(normalize_numbers(c).lower())), "")
        value = _clause(said or u.text, 0, 8)
        if value:
            return _fv(spec, value, 60, u)
    return FieldValue(spec.key, None, 0)


def goal(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """What the client wants to achieve: the reply to the manager's question on it, else the verb
    phrase after "хочу / нужно" in the client's first turns ("хочу похудеть к лету")."""
    got = answered(spec, prep)
    if got.value is not None:
        return got
    clients = prep.units_of("client") if prep.roles_known else prep.units
    for u in clients[:6]:
        for m in _WANT_RX.finditer(u.text.lower()):
            tg = tags(m.group(1))
            if tg and tg[0][1].startswith("INFN") and m.group(1) not in {"узнать", "спросить", "уточнить"}:
                value = _clause(u.text, m.start(1), 5)
                if value:
                    return _fv(spec, value[:1].lower() + value[1:], 55, u)
    return FieldValue(spec.key, None, 0)


def answered(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The first clause of the client's reply to the manager's question in the field's words
    ("Какая у вас цель?" — "Похудеть к лету, килограммов на пять" -> "Похудеть к лету")."""
    for u in choices.answers(prep, spec.description):
        value = _clause(u.text, 0, 6)
        if value and len(set(lemmas(value)) - {"да", "нет", "не", "знать"}) >= 1:
            return _fv(spec, value, 50, u)
    return FieldValue(spec.key, None, 0)
