"""How the call ended, read the way a person reads it: the next step with its date and time, the
client's level of interest (for enum fields such as «Уровень интереса: высокий / средний / низкий»)."""

from __future__ import annotations

import datetime as dt
import re

from rop.analysis.callday import call_day
from rop.analysis.embedded.lang import lemmas
from rop.analysis.embedded.lexicon import load_json
from rop.analysis.embedded.transcript import Prepared, Unit

_WEEKDAY_RX = re.compile(
    r"\b(?:в|во|на)?\s*(понедельник|вторник|сред[уае]|четверг|пятниц[уае]|суббот[уае]|воскресень[ея])\b"
)
_REL_DAY_RX = re.compile(r"\b(сегодня|завтра|послезавтра|на следующей неделе|на этой неделе)\b")
_MONTHS = "январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр"
_DATE_RX = re.compile(r"\b(\d{1,2})(?:-?го)?\s+(" + _MONTHS + r")\w*")
_NOT_TIME = "числ|" + _MONTHS + "|процент|метр|тысяч|руб|минут|этаж|комнат|год|лет"
_TIME_RX = re.compile(r"\b(?:в|к|на)\s+(\d{1,2})(?:[: ](\d{2}))?\b(?!\s*(?:" + _NOT_TIME + "))")
_EVENING = re.compile(r"\b(?:вечера|дня)\b")
_WEEKDAY_NOMN = {
    "сред": "среда",
    "пятниц": "пятница",
    "суббот": "суббота",
    "воскресень": "воскресенье",
}


def _rules() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = load_json("outcome.json")
    return data


def action_of(u: Unit) -> str | None:
    for label, words in _rules()["actions"].items():
        if u.lemma_set & set(words):
            return label
    return None


def date_of(norm: str) -> str | None:
    m = _DATE_RX.search(norm)
    if m:
        return m.group(0)
    m = _WEEKDAY_RX.search(norm)
    if m:
        day = m.group(1)
        for stem, nomn in _WEEKDAY_NOMN.items():
            if day.startswith(stem):
                return nomn
        return day
    m = _REL_DAY_RX.search(norm)
    return m.group(1) if m else None


_UNTIL_DAY_RX = re.compile(r"\bдо\s+(понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья)\b")


def until_day_of(norm: str) -> str | None:
    """ "держим до пятницы": the day something lasts till (a day named, no visit on it)."""
    m = _UNTIL_DAY_RX.search(norm)
    return m.group(1) if m else None


_OCLOCK_RX = re.compile(r"\b(\d{1,2})[ :](?:0-0|00)\b")  # "десять ноль-ноль"
_MORNING = re.compile(r"\b(?:утра|ночи|утром)\b")


def time_of(norm: str) -> str | None:
    for m in [*_TIME_RX.finditer(norm), *_OCLOCK_RX.finditer(norm)]:
        hour = int(m.group(1))
        minute = int(m.group(2) or 0) if m.re is _TIME_RX else 0
        if hour > 23 or minute > 59:
            continue
        after = norm[m.end() : m.end() + 8]
        if hour < 12 and _EVENING.search(after):
            hour += 12
        elif 1 <= hour <= 6 and not minute and not _MORNING.search(after):
            hour += 12  # "в среду в два": a meeting in the afternoon, not at night
        return f"{hour:02d}:{minute:02d}"
    return None


def options_in(norm: str) -> int:
    """How many days or times one sentence offers («завтра в 8:40 или в четверг в 10» — two)."""
    times = {time_of(norm[m.start() :]) for m in [*_TIME_RX.finditer(norm), *_OCLOCK_RX.finditer(norm)]}
    days = {m.group(0) for rx in (_DATE_RX, _WEEKDAY_RX, _REL_DAY_RX) for m in rx.finditer(norm)}
    return max(len(times - {None}), len(days))


_MONTH_NO = {stem: i + 1 for i, stem in enumerate(_MONTHS.split("|"))}
_DAY_AFTER_WEEKDAY_RX = re.compile(_WEEKDAY_RX.pattern + r"\s*,?\s*(\d{1,2})(?:-?го|-?е)?\b(?!\s*(?:час|минут|:))")


def today() -> dt.date:
    """The reference day of relative dates: the day of the call being analysed (rop.analysis.callday)."""
    return call_day()


def _month_of(word: str) -> int:
    for stem, n in _MONTH_NO.items():
        if re.match(stem, word):
            return n
    return 0


def iso_date(norm: str, ref: dt.date | None = None) -> str | None:
    """ "12 декабря", "в среду, 9-го", "завтра" -> YYYY-MM-DD (the nearest such day from the
    reference day on); a weekday alone stays unresolved (None)."""
    ref = ref or today()
    m = _DATE_RX.search(norm)
    if m:
        day, month = int(m.group(1)), _month_of(m.group(2))
    else:
        m = _DAY_AFTER_WEEKDAY_RX.search(norm)
        rel = _REL_DAY_RX.search(norm)
        if m:
            day, month = int(m.group(2)), ref.month if int(m.group(2)) >= ref.day else ref.month % 12 + 1
        elif rel and rel.group(1) in ("сегодня", "завтра", "послезавтра"):
            shift = ("сегодня", "завтра", "послезавтра").index(rel.group(1))
            return (ref + dt.timedelta(days=shift)).isoformat()
        else:
            return None
    year = ref.year + (1 if month < ref.month - 1 else 0)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def step_iso(prep: Prepared, u: Unit) -> tuple[str | None, str | None]:
    """The agreed day as YYYY-MM-DD and its time, from the step's unit and the turns around it."""
    own_turn = [x for x in prep.turn_units(u.turn) if x is not u]
    for group in ([u], own_turn, [*prep.prev_turn_units(u), *prep.next_turn_units(u)]):
        text = " ".join(x.norm for x in group)
        day = iso_date(text)
        if day:
            return day, time_of(text) or time_of(" ".join(x.norm for x in [u, *own_turn]))
    return None, None


def next_step(prep: Prepared) -> tuple[str, Unit] | None:
    """ "показ — суббота, 11:00": the agreed action with its date and time, from the unit that
    names the action and the neighbouring turns (the client often names the day)."""
    best: tuple[int, str, Unit] | None = None
    for u in prep.units:
        action = action_of(u)
        if action is None:
            continue
        near = [u, *prep.next_turn_units(u), *prep.prev_turn_units(u)]
        text = " ".join(x.norm for x in near)
        date, time_ = date_of(u.norm) or date_of(text), time_of(u.norm) or time_of(text)
        score = 1 + (date is not None) + (time_ is not None) + (u.speaker == "manager")
        if best is None or score >= best[0]:
            value = action + (" — " + ", ".join(x for x in (date, time_) if x) if date or time_ else "")
            best = (score, value, u)
    if best is None or best[0] < 2:
        return None
    return best[1], best[2]


_LEVELS = ("high", "medium", "low")


def level_of_option(option: str) -> str | None:
    words = set(lemmas(option))
    for level in _LEVELS:
        if words & set(_rules()["levels"][level]):
            return level
    return None


def is_interest_field(words: set[str]) -> bool:
    return bool(words & set(_rules()["interest_field"]["words"]))


def step_agreed(prep: Prepared) -> bool:
    """A next step with its day was agreed («встреча — пятница»)."""
    step = next_step(prep)
    return step is not None and "—" in step[0]


def interest_level(prep: Prepared) -> tuple[str, Unit | None]:
    """high / medium / low from what the client says and whether a next step was agreed."""
    signals = _rules()["signals"]
    score = 0.0
    where: Unit | None = None
    client = prep.units_of("client")
    for u in client:
        if u.lemma_set & set(signals["refusal"]) or any(p in u.norm for p in signals["refusal_phrases"]):
            score -= 2
            where = where or u
        elif any(p in u.norm for p in signals["doubt_phrases"]):
            score -= 1
        elif u.lemma_set & set(signals["positive"]) or any(p in u.norm for p in signals["positive_phrases"]):
            score += 1
            where = where or u
    step = next_step(prep)
    if step is not None and "—" in step[0]:
        score += 2
        where = where or step[1]
    level = "high" if score >= 2 else ("low" if score <= -1 else "medium")
    return level, where
