"""A word two letters off a weekday is read as that day only where a day is expected."""

from rop.analysis.embedded.numbers import asr_times


def test_a_flat_on_the_secondary_market_is_no_tuesday() -> None:
    assert asr_times("У меня вторичка, хрущёвка.") == "У меня вторичка, хрущёвка."


def test_a_garbled_day_after_a_preposition_is_still_the_day() -> None:
    assert asr_times("до встречи в Четвек.") == "до встречи в Четверг."


def test_a_garbled_day_before_a_time_is_still_the_day() -> None:
    assert asr_times("давайте Четвек в 11") == "давайте Четверг в 11"


def test_one_letter_off_is_the_day_anywhere() -> None:
    assert asr_times("давайте пятнецу") == "давайте пятницу"
