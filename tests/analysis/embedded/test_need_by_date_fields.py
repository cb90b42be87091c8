"""A date column for the day the client needs the order by («К какой дате клиенту нужен тираж») reads
the client's deadline: «к субботе», «числа до двадцатого», the answer to «к какому числу?», a sentence
about the deadline — not the day the invoice or the design is sent (examples written for these tests;
the call is on Wednesday 2 December 2026)."""

import datetime as dt

from rop.analysis.callday import on_call_day
from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

DEADLINE = FieldSpec("deadline", "К какой дате клиенту нужен заказ", "date")
CALL_DAY = dt.date(2026, 12, 2)


def _value(transcript: list[Utterance]) -> object:
    with on_call_day(CALL_DAY):
        result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заказы", (DEADLINE,)))
    return result.values[DEADLINE.key].value


def test_a_need_by_column_is_not_the_next_step() -> None:
    assert field_kind(DEADLINE) == "need_by"
    assert field_kind(FieldSpec("d", "Дата показа / встречи", "date")) != "need_by"


def test_by_a_weekday() -> None:
    call = dialog(
        ("M", "Типография «Лист», Анна, здравствуйте."),
        ("C", "Нам нужны буклеты, пятьсот штук. Сделаете к понедельнику?"),
        ("M", "Успеем. Счёт пришлю завтра утром."),
        ("C", "Хорошо, спасибо."),
    )
    assert _value(call) == "2026-12-07"


def test_the_answer_to_by_which_day() -> None:
    call = dialog(
        ("M", "Типография «Лист», Анна, здравствуйте."),
        ("C", "Нам открытки к юбилею фирмы, сорок штук."),
        ("M", "Макет пришлю в пятницу. К какому числу нужны открытки?"),
        ("C", "Юбилей двадцать шестого января. Числа до восемнадцатого декабря, не позже."),
    )
    assert _value(call) == "2026-12-18"


def test_a_deadline_sentence_beats_the_days_of_sending() -> None:
    call = dialog(
        ("M", "Типография «Лист», Анна, здравствуйте."),
        ("C", "Нам вывеска нужна к открытию, в субботу, пятого. Успеете?"),
        ("M", "Успеем: завтра макет, в пятницу печать. Счёт пришлю сегодня."),
    )
    assert _value(call) == "2026-12-05"


def test_no_deadline_when_none_is_said() -> None:
    call = dialog(
        ("M", "Типография «Лист», Анна, здравствуйте."),
        ("C", "Сколько стоят визитки?"),
        ("M", "От двух рублей за штуку. Прайс пришлю в пятницу."),
    )
    assert _value(call) is None
