"""«… с конкретной датой и временем и адресом, хотя бы улицей» (prose13): «хотя бы улицей» (a noun in
the case of the thing before it) is the least detail of the address that counts, not one more
element to find; «хотя бы раз», «хотя бы одно» keep their counts."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of

VISIT = "Разговор заканчивается записью на замер с конкретной датой и временем и адресом, хотя бы улицей."


def test_the_least_detail_is_no_element() -> None:
    labels = [e.label for e in compile_stage("Замер", VISIT).elements]
    assert not any("улиц" in label for label in labels)


def test_a_visit_booked_with_a_day_an_interval_and_a_street_is_completed() -> None:
    call = dialog(
        ("M", "Компания «Потолки Сибири», Оксана, здравствуйте."),
        ("C", "Здравствуйте, хочу натяжной потолок в зал, улица Кирова, новостройка."),
        ("M", "Какая площадь зала?"),
        ("C", "Метров двадцать."),
        ("M", "Матовый или глянцевый?"),
        ("C", "Матовый."),
        ("M", "Цена от семисот рублей за метр, точнее после замера."),
        ("C", "Понятно."),
        ("M", "Замерщик может приехать в пятницу, четвёртого, с десяти до двенадцати. Удобно?"),
        ("C", "Удобно. Кирова, дом сорок, квартира пять."),
        ("M", "Записала: пятница, четвёртое декабря, с десяти до двенадцати, Кирова сорок. До свидания!"),
        ("C", "До свидания."),
    )
    assert status_of(call, stage(VISIT)) == "completed"
