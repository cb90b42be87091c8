"""What answers a question word, in any domain: «откуда?» — a place something comes from («из
Москвы», «с завода»), «куда?» — where it goes («до Новосибирска», «в Люберцы», «по области»),
«как часто?» — a frequency («каждый день», «раз в неделю»), «сколько?» — a count.

A criterion element written as a question word ("выяснил откуда, куда, как часто") is found out
when the manager asks it in any words and the client's answer is of that type; the manager naming
a route ("Тула — Воронеж?") asks both ends at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rop.analysis.embedded.lang import Token, is_geo, is_name, tags

# how often, in the speakers' words: "каждый день", "три раза в неделю", "разовая или регулярно"
FREQUENCY_RX = re.compile(
    r"\bраз\w*\s+(?:\d+\s+)?(?:в|за)\s+(?:день|недел|месяц|сутки|год)|\bежеднев|\bеженедел|\bкажд\w+\s+(?:день|недел|утро|вечер|будн)"
    r"|\bпо (?:будням|выходным|понедельникам|вторникам|средам|четвергам|пятницам|субботам)|\bразов\w*|\bрегулярн\w*"
    r"|\b(?:1|один) раз\b|\bпостоянн\w*"
)
# a count, not an hour or a sum: "человек пятнадцать", "три точки", not "с 11", "5 000 рублей"
COUNT_RX = re.compile(r"(?<!\bс )(?<!\bв )(?<!\bдо )(?<!\bк )\b\d+\b(?!\s*(?:час|руб|тысяч|минут|млн|[:.]\d|\d{3}))")

_FROM = frozenset({"из", "с", "со", "от"})
_TO = {"в": "accs", "во": "accs", "на": "accs", "до": "gent", "по": "datv", "к": "datv"}
# nouns of time and quantity: "с утра", "до вечера", "по понедельникам" are no places
_NOT_PLACES = frozenset(
    {
        "утро", "вечер", "обед", "ночь", "день", "час", "минута", "неделя", "месяц", "год", "начало", "конец",
        "раз", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "сторона",
        "мнение", "цена", "деньги", "рубль", "тысяча", "миллион", "процент", "время", "счёт", "счет", "вопрос",
        "поводу", "повод", "момент", "случай", "помощь", "удовольствие", "сожаление", "половина",
    }
)  # fmt: skip
# where things go when not a named place: "по области", "по точкам", "на склад"
_PLACE_NOUNS = frozenset(
    {
        "область", "город", "район", "регион", "край", "страна", "точка", "магазин", "объект", "адрес", "склад",
        "пункт", "филиал", "офис", "дача", "участок", "дом", "центр", "завод", "производство", "столица",
        "север", "юг", "запад", "восток", "окраина", "пригород", "трасса",
    }
)  # fmt: skip
_ROUTE_RX = re.compile(r"[А-ЯЁA-Z][\w-]+\s*[—–-]\s*[А-ЯЁA-Z][\w-]+")


@lru_cache(maxsize=65536)
def _in_case(word: str, case: str) -> bool:
    return any(case in tg and ("NOUN" in tg or "ADJF" in tg) for _, tg, _ in tags(word))


def _place_like(t: Token) -> bool:
    if not t.text.isalpha() and "-" not in t.text:
        return False
    if t.lemma in _NOT_PLACES or (is_name(t.text) and not is_geo(t.text)):
        return False
    return is_geo(t.text) or t.lemma in _PLACE_NOUNS or (t.text[:1].isupper() and len(t.text) > 3)


def _after(toks: list[Token], i: int) -> Token | None:
    """The word a preposition governs, past one adjective ("до нашего склада", "по северу")."""
    if i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    adjective = any(tg.startswith(("ADJF", "NPRO")) or "Apro" in tg for _, tg, _ in tags(nxt.text)[:1])
    if adjective and not _place_like(nxt) and i + 2 < len(toks):
        return toks[i + 2]
    return nxt


def source_said(toks: list[Token]) -> bool:
    """ "из Саратова", "с завода", "со склада в Химках": where something comes from."""
    for i, t in enumerate(toks[:-1]):
        if t.low not in _FROM:
            continue
        nxt = toks[i + 1]
        if nxt.lemma in _NOT_PLACES or (not nxt.text.isalpha() and "-" not in nxt.text):
            continue
        if _in_case(nxt.text, "gent") and (_place_like(nxt) or _noun(nxt.text)):
            return True
    return False


def _noun(word: str) -> bool:
    return any(tg.startswith("NOUN") for _, tg, _ in tags(word)[:1])


def destination_said(toks: list[Token]) -> bool:
    """ "до Новосибирска", "в Люберцы", "по Москве", "по области": where something goes."""
    for i, t in enumerate(toks[:-1]):
        case = _TO.get(t.low)
        if case is None:
            continue
        target = _after(toks, i)
        if target is not None and _place_like(target) and _in_case(target.text, case):
            return True
    return False


def route_said(text: str) -> bool:
    """ "Тула — Воронеж", "Текстильщики – Люберцы": a route named by its two ends."""
    return bool(_ROUTE_RX.search(text))


def _where_from(text: str, toks: list[Token], norm: str) -> bool:
    return source_said(toks) or route_said(text)


def _where_to(text: str, toks: list[Token], norm: str) -> bool:
    return destination_said(toks) or route_said(text)


def _how_often(text: str, toks: list[Token], norm: str) -> bool:
    return bool(FREQUENCY_RX.search(norm))


def _how_many(text: str, toks: list[Token], norm: str) -> bool:
    return bool(COUNT_RX.search(norm))


Answer = Callable[[str, list[Token], str], bool]
# question word of an element (its "must" lemma) -> what its answer looks like
ANSWERS: dict[str, Answer] = {
    "часто": _how_often,
    "сколько": _how_many,
    "откуда": _where_from,
    "куда": _where_to,
}
# the question word itself need not be said where the words show the answer's type
SAID_BY_TYPE = frozenset({"часто", "откуда", "куда"})


def answers(word: str, text: str, toks: list[Token], norm: str) -> bool:
    """Does this sentence say what a question with ``word`` asks?"""
    check = ANSWERS.get(word)
    return check is not None and check(text, toks, norm)
