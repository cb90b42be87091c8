"""The next step as a short phrase in the call's own words: "осмотр — четверг, 3 декабря, 11:00",
"КП на почту", "перезвонить — среда, 2 декабря, 15:00"."""

from __future__ import annotations

import datetime as dt

from rop.analysis.embedded import outcome
from rop.analysis.embedded.lang import Token, tags
from rop.analysis.embedded.transcript import Prepared, Unit

# nouns that name an agreed action ("осмотр офиса", "пробная уборка", "тест-драйв", "КП")
ACTION_NOUNS = frozenset(
    {
        "осмотр",
        "встреча",
        "показ",
        "просмотр",
        "приём",
        "прием",
        "визит",
        "звонок",
        "созвон",
        "тест-драйв",
        "урок",
        "занятие",
        "уборка",
        "замер",
        "выезд",
        "техвыезд",
        "консультация",
        "презентация",
        "демонстрация",
        "кп",
        "предложение",
        "расчёт",
        "расчет",
        "договор",
        "оформление",
        "подписание",
        "экскурсия",
        "доставка",
        "установка",
        "подключение",
        "монтаж",
        "обследование",
        "диагностика",
        "оценка",
    }
)
# verbs that name the step themselves; the value is the infinitive ("перезвонить")
_ACTION_VERBS = {"перезвонить": "перезвонить", "созвониться": "созвон", "позвонить": "звонок", "приехать": "визит"}
_SEND_VERBS = frozenset({"прислать", "отправить", "выслать", "скинуть", "направить"})
_NOT_QUALIFIER = frozenset({"этот", "тот", "наш", "ваш", "следующий", "который", "такой", "весь", "свой"})
_MONTHS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def _adjective(t: Token) -> bool:
    tg = tags(t.text)
    return bool(tg) and tg[0][1].startswith("ADJF") and t.lemma not in _NOT_QUALIFIER


def action_phrase(units: list[Unit]) -> str | None:
    """The first action named in these units, as said: qualifiers kept ("бесплатная пробная
    уборка"), a sent thing with its channel ("КП на почту")."""
    for u in units:
        toks = u.tokens
        for i, t in enumerate(toks):
            if t.lemma in ACTION_NOUNS or t.low in ACTION_NOUNS:
                start = i
                while start > 0 and i - start < 2 and _adjective(toks[start - 1]):
                    start -= 1
                head = " ".join(_as_said(x) for x in toks[start : i + 1])
                return head + (" на почту" if _by_mail(u) and t.lemma in {"кп", "предложение", "расчет", "расчёт"} else "")
            if t.lemma in _ACTION_VERBS:
                return _ACTION_VERBS[t.lemma]
            if t.lemma in _SEND_VERBS:
                obj = next((x for x in toks[i + 1 : i + 4] if x.lemma in ACTION_NOUNS), None)
                what = _as_said(obj) if obj else "материалы"
                return what + (" на почту" if _by_mail(u) else "")
    return None


def _as_said(t: Token) -> str:
    if sum(c.isupper() for c in t.text) >= 2:
        return t.text  # "КП"
    if t.text[:1].isupper():
        return t.lemma
    return t.lemma if tags(t.text) and not tags(t.text)[0][1].startswith("ADJF") else _adj_nomn(t)


def _adj_nomn(t: Token) -> str:
    from rop.analysis.embedded.lang import morph

    p = morph().parse(t.text.lower())[0]
    infl = p.inflect({"nomn", "sing"} | ({p.tag.gender} if p.tag.gender else set()))
    return str(infl.word) if infl else t.lemma


def _by_mail(u: Unit) -> bool:
    return "почта" in u.lemma_set or "email" in u.lemma_set or "мейл" in u.norm


def when_phrase(prep: Prepared, u: Unit) -> str:
    """ "четверг, 3 декабря, 11:00": the day as said, its calendar date when it can be resolved, the time."""
    near = [u, *prep.turn_units(u.turn), *prep.next_turn_units(u), *prep.prev_turn_units(u)]
    text = " ".join(x.norm for x in near)
    said = outcome.date_of(u.norm) or outcome.date_of(text)
    day, time_ = outcome.step_iso(prep, u)
    time_ = time_ or outcome.time_of(u.norm) or outcome.time_of(text)
    parts: list[str] = []
    if said and not said[:1].isdigit():
        parts.append(said)  # "четверг", "завтра": the day as said
    if day:
        d = dt.date.fromisoformat(day)
        parts.append(f"{d.day} {_MONTHS_GEN[d.month - 1]}")
    elif said and said not in parts:
        parts.append(said)
    if time_:
        parts.append(time_.lstrip("0") if not time_.startswith("00") else time_)
    return ", ".join(parts)
