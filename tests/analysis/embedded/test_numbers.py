import pytest

from rop.analysis.embedded.numbers import normalize_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("бюджет пять миллионов рублей", "бюджет 5000000 рублей"),
        ("восемь с половиной миллионов", "8500000"),
        ("давайте двадцать пятого числа", "давайте 25 числа"),
        ("две тысячи двадцать пятого года", "2025 года"),
        ("полтора миллиона", "1500000"),
        ("полмиллиона", "500000"),
        ("сто двадцать три тысячи четыреста", "123400"),
        ("три комнаты", "3 комнаты"),
        ("в одиннадцать утра", "в 11 утра"),
        ("8,5 млн руб", "8500000 руб"),
        ("5 миллионов", "5000000"),
        ("пять миллионов восемьсот тысяч", "5800000"),
        ("четыре миллиона двести", "4200000"),
        ("Миллионов семь.", "7000000."),
        ("от пяти до семи миллионов", "от 5 до 7000000"),
    ],
)
def test_number_words_become_digits(text: str, expected: str) -> None:
    assert normalize_numbers(text) == expected


def test_text_without_numbers_is_unchanged() -> None:
    text = "Добрый день, меня зовут Анна, агентство «Городской дом»!"
    assert normalize_numbers(text) == text


def test_digits_alone_are_kept_as_written() -> None:
    assert normalize_numbers("кухня 12 метров, дом 2019 года") == "кухня 12 метров, дом 2019 года"


def test_inflected_forms_are_understood() -> None:
    assert normalize_numbers("около девяноста тысяч") == "около 90000"
    assert normalize_numbers("с двумястами рублями") == "с 200 рублями"
