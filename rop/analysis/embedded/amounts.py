"""Number fields that are not the client's budget: the price the manager quoted, a person's age."""

from __future__ import annotations

import re

from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

_PRICE_ASK = re.compile(r"\bсколько\b|\bстоит\b|\bстоимость\b|\bцен[аыуе]\b|\bпо деньгам\b|\bпрайс")
_PRICE_SAID = re.compile(
    r"\bстоит\b|\bстоимость\b|\bцена\b|\bруб|\bв месяц\b|\bза (?:урок|занятие|час|месяц|курс|прием|приём|год|сеанс)\b"
    r"|\b(?:прием|приём|консультация|услуга|занятие|курс|абонемент)\s+[—–-]"
    r"|\bпо деньгам\b|\bобойдет|\bвыйдет\b|\bориентир"
    r"|\s[—–]\s(?:от )?\d|\d за \d* ?[^\W\d]"  # "диагностика — 1200", "1600 за 4 колеса"
)
_FREE = re.compile(r"\bбесплатн")
# a number that is not money: a time, a count of people, minutes, years, percent
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?::\d|минут|час|человек|лет|год|раз|%|процент|мест|месяц(?:ев|а)\b|недел|дн|занят|урок|ноль)"
)
_AMOUNT_RX = re.compile(r"(?<![\d:.,])(\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?(?![\d:])")


def amounts_in(norm: str, minimum: float = 100) -> list[float]:
    """Money-like amounts in number-normalised text: "6 400 в месяц" -> [6400], "2400 за урок" ->
    [2400]; times ("9:00", "18 30"), counts ("до 6 человек") and years are left out."""
    out: list[float] = []
    for m in _AMOUNT_RX.finditer(norm):
        if _NOT_MONEY_AFTER.match(norm[m.end() :]):
            continue
        value = float(m.group(1).replace(" ", ""))
        if value >= minimum:
            out.append(value)
    return out


def price_quoted(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The first price the manager names: in the answer to the client's price question, else in
    the first manager sentence that speaks of a price; "бесплатно" is 0."""
    # "… а сколько сейчас протез стоит съёмный" is a question also without "?" (ASR)
    asked = {
        u.turn
        for u in prep.units_of("client")
        if _PRICE_ASK.search(u.norm) and (u.question or re.search(r"\bсколько\b.*\bстои", u.norm))
    }
    managers = prep.units_of("manager") if prep.roles_known else prep.units
    totals = [u for u in managers if _TOTAL.search(u.norm) and _price_of(u) is not None]
    if totals:  # "итого с работой три восемьсот": the sum the manager arrives at
        u = totals[-1]
        return FieldValue(spec.key, _price_of(u, _TOTAL.search(u.norm)), 70, u.text, u.start_time)
    for pass_ in ("answer", "said"):
        for u in managers:
            if pass_ == "answer" and (u.turn - 1) not in asked:
                continue
            if pass_ == "said" and not _price_said(u):
                continue
            got = _price_of(u)
            if got is not None:
                span = _range_of(u.norm) if spec.type != "number" else None
                value: float | str = span or got
                return FieldValue(spec.key, value, 70 if pass_ == "answer" else 60, u.text, u.start_time)
    return FieldValue(spec.key, None, 0)


def _price_said(u: Unit) -> bool:
    """A price word, a span ("от 8 до 15 тысяч") or thousands ("42 тысячи без доплат")."""
    return bool(_PRICE_SAID.search(u.norm) or _range_of(u.norm) or re.search(r"\d\s*тысяч", u.text.lower()))


_TOTAL = re.compile(r"\b(?:итого|и того(?= \d)|в итоге|в сумме|всего выйдет|всего выходит)\b")
_RANGE = re.compile(r"\bот (\d{1,3}(?: \d{3})*|\d+) до (\d{1,3}(?: \d{3})*|\d+)\b")


def _range_of(norm: str) -> str | None:
    """A price span: "от 8 до 15000" (the scale said once) -> "8000–15000 руб"."""
    m = _RANGE.search(norm)
    if not m or _NOT_MONEY_AFTER.match(norm[m.end() :]):
        return None
    lo, hi = (float(g.replace(" ", "")) for g in m.groups())
    if lo < 1000 <= hi and lo * 1000 <= hi:
        lo *= 1000
    if not 100 <= lo < hi:
        return None
    return f"{lo:.0f}–{hi:.0f} руб"


def _price_of(u: Unit, after: re.Match[str] | None = None) -> float | None:
    """The first amount in the unit (after a total word when one is given)."""
    if after is not None:
        found = amounts_in(u.norm[after.end() :])
        if found:
            return found[0]
    found = amounts_in(u.norm)
    free = _FREE.search(u.norm)
    if free and len(found) >= 2:
        return max(found)  # "осмотр бесплатный, снимок пятьсот, лечение от четырёх с половиной": the service
    if free and (not found or free.start() < u.norm.find(_first_digits(u.norm))):
        return 0.0
    return found[0] if found else None


def _first_digits(norm: str) -> str:
    m = re.search(r"\d", norm)
    return m.group(0) if m else "\uffff"


_WHO = (
    r"(?:мне|ему|ей|им|вам|сыну|дочке|дочери|ребенку|внуку|внучке|малышу|малышке|сынишке|мальчику|девочке"
    r"|детям|деткам|сыночку|доченьке)"
)
_AGE_ASK = re.compile(r"\bсколько\b.*\bлет\b|\bлет\b.*\bсколько\b|\bвозраст|\bсколько (?:\w+ )?" + _WHO + r"\b")
# "N лет", "ему N"; a half ("4.5" from «четыре с половиной») counts the full years
_AGE_SAID = re.compile(r"\b(\d{1,2})(?:[.,]5)?\s*(?:лет|год)|\b" + _WHO + r"\s+(\d{1,2})\b")


def age(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """A person's age: the client's answer to "сколько лет?", or "N лет" / "мне N" said by the client."""
    asked = {u.turn for u in prep.units_of("manager") if _AGE_ASK.search(u.norm)}
    clients = prep.units_of("client") if prep.roles_known else prep.units
    for u in clients:
        m = _AGE_SAID.search(u.norm)
        if m:
            return FieldValue(spec.key, float(m.group(1) or m.group(2)), 75, u.text, u.start_time)
        if (u.turn - 1) in asked:
            first = re.search(r"(?<![\d:.,])(\d{1,2})(?:[.,]5(?!\d))?(?![\d:.,]\d)", u.norm)
            if first and 0 < int(first.group(1)) < 100:
                return FieldValue(spec.key, float(first.group(1)), 65, u.text, u.start_time)
    return FieldValue(spec.key, None, 0)
