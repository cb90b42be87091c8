"""A date column naming a visit («Дата показа / встречи», «На какое число записали замер») is left empty
where the day agreed is a callback's («в понедельник я вам перезвоню») or only a time was said; a
visit's day with a call around it («инженер позвонит за час») still counts (examples written for these
tests; the call is on Wednesday 2 December 2026)."""

import datetime as dt

from rop.analysis.callday import on_call_day
from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

VISIT = FieldSpec("visit", "Дата замера или выезда мастера", "date")
CALL_DAY = dt.date(2026, 12, 2)
OPENING = (
    ("M", "Компания «Уютный ремонт», Павел, здравствуйте. Как вас зовут?"),
    ("C", "Ольга. Нужен ремонт ванной, сколько стоит?"),
    ("M", "Ольга, от двадцати тысяч за метр, точнее посчитаем после замера."),
)


def _value(transcript: list[Utterance]) -> object:
    with on_call_day(CALL_DAY):
        result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (VISIT,)))
    return result.values[VISIT.key].value


def test_a_callback_day_is_no_visit_day() -> None:
    call = dialog(
        *OPENING,
        ("C", "Я пока не готова, надо с мужем обсудить."),
        ("M", "Понимаю. Пришлю пример сметы в вотсап. И в понедельник, седьмого, я вам перезвоню."),
        ("C", "Хорошо, до понедельника."),
    )
    assert _value(call) is None


def test_a_visit_day_with_a_call_before_it_counts() -> None:
    call = dialog(
        *OPENING,
        ("C", "Давайте замер. В пятницу можно?"),
        ("M", "Записал: пятница, четвёртое декабря, в десять утра. Мастер позвонит за час."),
        ("C", "Хорошо, до пятницы."),
    )
    assert _value(call) == "2026-12-04"
