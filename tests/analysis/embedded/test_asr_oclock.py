"""A time on the hour as the ASR writes «ноль-ноль» («пятнадцать нольный», «16 ноль ноль», «десять,
нуль-нуль») reads as the time it is, with or without «в» before it."""

import pytest

from rop.analysis.embedded.numbers import asr_times, normalize_numbers
from tests.analysis.embedded.helpers import dialog, stage, status_of


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("записал на четверг, пятнадцать нольный", "записал на четверг, 15:00"),
        ("в 16 ноль ноль", "в 16:00"),
        ("ждём в 12 нольной", "ждём в 12:00"),
        ("десять, нуль-нуль", "10:00"),
        ("в двадцать один нольный", "в 21:00"),
    ],
)
def test_zero_minutes_as_the_asr_writes_them_make_a_time(heard: str, meant: str) -> None:
    assert normalize_numbers(asr_times(heard)) == meant


@pytest.mark.parametrize("said", ["нольный вариант", "пятнадцать ноль восемь", "этот ноль вернули"])
def test_other_zeros_are_left_alone(said: str) -> None:
    assert ":" not in normalize_numbers(asr_times(said))


@pytest.mark.parametrize("time", ["пятнадцать ноль-ноль", "пятнадцать нольный"])
def test_a_meeting_set_for_an_hour_without_v_has_its_time(time: str) -> None:
    call = dialog(
        ("M", "Здравствуйте, компания «Дом», меня зовут Ирина."),
        ("C", "Хочу посмотреть квартиру."),
        ("M", f"Записала вас на показ в четверг, {time}, офис продаж."),
        ("C", "Хорошо, приду."),
    )
    assert status_of(call, stage("Назначил встречу: дату и время.")) == "completed"
