"""The next step as a short phrase in the call's own words: "осмотр — четверг, 3 декабря, 11:00",
"КП на почту", "перезвонить — среда, 2 декабря, 15:00"."""

from __future__ import annotations

import datetime as dt
import re

from rop.analysis.embedded import outcome
from rop.analysis.embedded.lang import Token, morph, tags
from rop.analysis.embedded.numbers import normalize_numbers
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
_ACTION_VERBS = {
    "перезвонить": "перезвонить",
    "осмотреть": "осмотр",
    "посмотреть": "осмотр",
    "созвониться": "созвон",
    "позвонить": "звонок",
    "приехать": "встреча",
    "подъехать": "встреча",
    "встретиться": "встреча",
}
_SEND_VERBS = frozenset({"прислать", "отправить", "выслать", "скинуть", "направить"})
_NOT_QUALIFIER = frozenset({"этот", "тот", "наш", "ваш", "следующий", "который", "такой", "весь", "свой"})


def _adjective(t: Token) -> bool:
    tg = tags(t.text)
    return bool(tg) and tg[0][1].startswith("ADJF") and t.lemma not in _NOT_QUALIFIER


_SENT = frozenset({"кп", "предложение", "расчет", "расчёт", "материалы", "договор"})


def action_phrase(units: list[Unit]) -> str | None:
    """The action named in these units, as said: qualifiers kept ("бесплатная пробная уборка"),
    a sent thing with its channel ("КП на почту"), a noun before a verb; a sent thing and a
    call or meeting together ("КП на почту, звонок")."""
    noun = _first_noun(units)
    said = {t.lemma for u in units for t in u.tokens}
    verb = next((label for lemma, label in _ACTION_VERBS.items() if lemma in said), None)
    if verb == "осмотр" and noun is None and said & _SEND_VERBS:
        verb = None  # "скину информацию на почту, посмотрите": reading what is sent, not a viewing
    if noun is None and verb is None and said & _SEND_VERBS and any(_by_mail(u) for u in units):
        return f"{_sent_object(units) or 'материалы'} на почту"
    if noun and verb and noun.split()[0].lower() in _SENT and verb != "осмотр":
        return f"{noun}, {verb}"  # "пришлю КП на почту, в четверг созвонимся"
    return noun or verb


def _sent_object(units: list[Unit]) -> str | None:
    """What is sent, as said: the noun right after the sending verb ("скину информацию на почту")."""
    for u in units:
        toks = u.tokens
        for i, t in enumerate(toks):
            if t.lemma not in _SEND_VERBS:
                continue
            for nxt in toks[i + 1 : i + 4]:
                noun = [tg for tg in tags(nxt.text) if tg[1].startswith("NOUN")]
                if noun and any("accs" in tg[1] for tg in noun) and nxt.lemma not in {"вы", "почта"}:
                    return _as_said(nxt)
    return None


def _first_noun(units: list[Unit]) -> str | None:
    for u in units:
        toks = u.tokens
        for i, t in enumerate(toks):
            if t.lemma in ACTION_NOUNS or t.low in ACTION_NOUNS:
                start = i
                while start > 0 and i - start < 2 and _adjective(toks[start - 1]):
                    start -= 1
                head = " ".join(_as_said(x) for x in toks[start : i + 1])
                head = "КП" if head in {"коммерческий предложение", "коммерческое предложение"} else head
                return head + (" на почту" if _by_mail(u) and t.lemma in _SENT else "")
    return None


def _as_said(t: Token) -> str:
    """The word in its nominative: "пробную" -> "пробная", "замер" stays "замер" (not the verb)."""
    if sum(c.isupper() for c in t.text) >= 2:
        return t.text  # "КП"
    parses = morph().parse(t.text.lower())
    p = next((x for x in parses if {"NOUN", "ADJF"} & {str(x.tag.POS)}), parses[0])
    if p.tag.case == "nomn":
        return t.text.lower()
    want = {"nomn", "sing"} | ({p.tag.gender} if p.tag.POS == "ADJF" and p.tag.gender else set())
    infl = p.inflect(want)
    return str(infl.word) if infl else t.lemma


def _by_mail(u: Unit) -> bool:
    return "почта" in u.lemma_set or "email" in u.lemma_set or "мейл" in u.norm


_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_SHIFTS = {"сегодня": 0, "завтра": 1, "послезавтра": 2}


_DAY_WORD_RX = re.compile(
    r"\b(понедельник|вторник|сред[уае]|четверг|пятниц[уае]|суббот[уае]|воскресень[ея]|сегодня|послезавтра|завтра)\b"
)


_DAY_ORDER = (*_WEEKDAYS, "послезавтра", "завтра", "сегодня")


def _day_nomn(word: str) -> str:
    for day in (*_WEEKDAYS, *_SHIFTS):
        if word[:4] == day[:4]:
            return day
    return word


_MONTH_DATE_RX = re.compile(
    r"\b\d{1,2}(?:-?го)?\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
)
_ORDINAL_AFTER_DAY_RX = re.compile(
    r"\b(понедельник|вторник|сред[уае]|четверг|пятниц[уае]|суббот[уае]|воскресень[ея])\W+"
    r"((?:двадцать\s+|тридцать\s+)?[а-яё]+(?:ого|ое|ье|ьего|его|го))\b"
)


def resolve_day(said: str | None, raw: str, norm: str, ref: dt.date) -> dt.date | None:
    """The calendar day of the step: "12 декабря" as said; "в воскресенье, тринадцатого" -> that
    date; a weekday alone -> its next date after the call day (a Monday call's "в понедельник" is
    a week later); "завтра" -> the call day + 1."""
    m = _MONTH_DATE_RX.search(norm)
    iso = outcome.iso_date(m.group(0), ref) if m else None
    if iso:
        return dt.date.fromisoformat(iso)
    o = _ORDINAL_AFTER_DAY_RX.search(raw.lower())
    n = re.fullmatch(r"\d{1,2}", normalize_numbers(o.group(2)).strip()) if o else None
    if o and n:
        wd = _WEEKDAYS.index(_day_nomn(o.group(1)))
        for month_shift in range(3):
            y, mo = divmod(ref.month - 1 + month_shift, 12)
            try:
                day = dt.date(ref.year + y, mo + 1, int(n.group(0)))
            except ValueError:
                continue
            if day >= ref and day.weekday() == wd:
                return day
    if said in _WEEKDAYS:
        ahead = (_WEEKDAYS.index(said) - ref.weekday()) % 7 or 7
        return ref + dt.timedelta(days=ahead)
    if said in _SHIFTS:
        return ref + dt.timedelta(days=_SHIFTS[said])
    return None


def step_units(prep: Prepared, u: Unit) -> list[list[Unit]]:
    """Where the step's day and time are said: its unit, its turn, the turns around it."""
    own = [x for x in prep.turn_units(u.turn) if x is not u]
    return [[u], own, [*prep.prev_turn_units(u), *prep.next_turn_units(u)]]


def _when(prep: Prepared, u: Unit) -> tuple[str | None, str | None]:
    """The day as said ("четверг", "завтра", "12 декабря") and the time, from the step's unit,
    its turn, then the turns around it; a weekday or a date before "сегодня"."""
    said = time_ = None
    for group in step_units(prep, u):
        text = " ".join(x.norm for x in group)
        words = sorted((_day_nomn(m.group(1)) for m in _DAY_WORD_RX.finditer(text)), key=_DAY_ORDER.index)
        date = outcome.date_of(text)
        said = said or (date if date and date[:1].isdigit() else None) or (words[0] if words else date)
        time_ = time_ or outcome.time_of(text)
        if said:
            break
    return said, time_


def when_phrase(prep: Prepared, u: Unit) -> str:
    """ "четверг, 11:00": the day as said and the time."""
    said, time_ = _when(prep, u)
    parts = [x for x in (said, time_) if x]
    return ", ".join(parts)


def when_iso(prep: Prepared, u: Unit) -> tuple[str | None, str | None]:
    """The step's calendar day (YYYY-MM-DD) and time (HH:MM), relative to the call day."""
    said, time_ = _when(prep, u)
    groups = [x for g in step_units(prep, u) for x in g]
    raw, norm = " ".join(x.text for x in groups), " ".join(x.norm for x in groups)
    day = resolve_day(said, raw, norm, outcome.today())
    return (day.isoformat() if day else None), time_


def proposal(prep: Prepared) -> tuple[str, Unit] | None:
    """The step as proposed: the first manager sentence that names a day whose turn also names an
    action ("Предлагаю бесплатную пробную уборку. Суббота, пятое, в десять?")."""
    for u in prep.units_of("manager") if prep.roles_known else prep.units:
        if outcome.date_of(u.norm) is None and outcome.time_of(u.norm) is None:
            continue
        turn = [x for x in prep.turn_units(u.turn) if x.index <= u.index]
        what = action_phrase(list(reversed(turn)))
        if what:
            return what, u
    return None


def agreed_day_unit(prep: Prepared) -> Unit | None:
    """The last sentence in the second half of the call that names a coming day (a weekday, a
    date, "завтра"): where the day was finally agreed, after any change of mind."""
    half = len(prep.units) // 3
    for u in reversed(prep.units[half:]):
        words = {_day_nomn(m.group(1)) for m in _DAY_WORD_RX.finditer(u.norm)}
        if words == {"сегодня"} and outcome.time_of(u.norm) is None:
            continue  # "сегодня пришлю КП": not the day of the step
        if words or _MONTH_DATE_RX.search(u.norm):
            return u
    return None
