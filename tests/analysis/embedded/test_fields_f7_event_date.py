"""A date field about the client's own occasion («Дата мероприятия», «даты поездки») is the day the
client names for it, not the day agreed for the next contact (dialogues written for this class)."""

import datetime as dt

from rop.analysis.callday import on_call_day
from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

PARTY_DAY = FieldSpec("party_day", "Дата праздника (число, месяц)")
VISIT_DAY = FieldSpec("visit", "Дата и время визита")
CALL_DAY = dt.date(2026, 3, 2)  # a Monday


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    with on_call_day(CALL_DAY):
        result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (spec,)))
    return result.values[spec.key].value


def test_occasion_date_is_its_own_kind() -> None:
    assert field_kind(PARTY_DAY) == "event_date"
    assert field_kind(VISIT_DAY) == "next_step"


def test_day_with_weekday_finds_its_month_not_the_callback_day() -> None:
    call = dialog(
        ("M", "Кафе «Орех», Дина, здравствуйте."),
        ("C", "Здравствуйте, хотим отметить выпускной сына."),
        ("M", "На какое число смотрите?"),
        ("C", "Двадцать восьмое, суббота."),
        ("M", "Двадцать восьмое свободно. Давайте я вам в среду, четвёртого, перезвоню с меню?"),
        ("C", "Давайте."),
    )
    assert _value(PARTY_DAY, call) == "2026-03-28"


def test_bare_day_takes_the_month_said_before() -> None:
    call = dialog(
        ("M", "Кафе «Орех», здравствуйте."),
        ("C", "Добрый день, у нас годовщина в мае, хотим банкет."),
        ("M", "А какого числа?"),
        ("C", "Ну, получается, с шестнадцатого, вечером."),
    )
    assert _value(PARTY_DAY, call) == "2026-05-16"
    march = dialog(
        ("M", "Кафе «Орех», здравствуйте. На какое число праздник?"),
        ("C", "Со второго марта, на троих."),
    )
    assert _value(PARTY_DAY, march) == "2026-03-02"


def test_no_day_named_is_empty() -> None:
    call = dialog(
        ("M", "Кафе «Орех», здравствуйте."),
        ("C", "Скажите, у вас есть веранда?"),
        ("M", "Есть, до тридцати человек. Перезвоню вам в пятницу."),
    )
    assert _value(PARTY_DAY, call) is None


OCCASION = FieldSpec(
    "occasion",
    "Повод. Годовщину считаем днём рождения; прочее — «другое»",
    "enum",
    ("свадьба", "день рождения", "другое"),
)


def test_word_the_description_counts_as_an_option_chooses_it() -> None:
    call = dialog(
        ("M", "Кафе «Орех», здравствуйте."),
        ("C", "Добрый день, у родителей годовщина, хотим стол на десять человек."),
        ("M", "Поздравляю! Подберём зал."),
    )
    assert _value(OCCASION, call) == "день рождения"
