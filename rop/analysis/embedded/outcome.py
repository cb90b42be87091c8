"""How the call ended, read the way a person reads it: the next step with its date and time, the
client's level of interest (for enum fields such as «Уровень интереса: высокий / средний / низкий»)."""

from __future__ import annotations

import re

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


def time_of(norm: str) -> str | None:
    for m in _TIME_RX.finditer(norm):
        hour = int(m.group(1))
        minute = int(m.group(2) or 0)
        if hour > 23 or minute > 59:
            continue
        if hour < 12 and _EVENING.search(norm[m.end() : m.end() + 8]):
            hour += 12
        return f"{hour:02d}:{minute:02d}"
    return None


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
