"""An existing customer («клиент — действующий лизингополучатель», «мы у вас покупали тур») and a need
that has gone («потребность отпала») as conditions and call kinds."""

from __future__ import annotations

from rop.analysis.embedded import calltype, compile_stage
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog

MONEY = (
    "Менеджер уточняет стоимость техники и аванс. Этап не оценивается, если клиент — действующий "
    "лизингополучатель, а также если клиент в самом начале сообщил, что технику уже купил или потребность отпала."
)
VISA = dialog(
    ("M", "Турагентство «Соната», Максим, добрый день."),
    ("C", "Здравствуйте, мы у вас покупали тур в Италию, вылет четырнадцатого декабря."),
    ("C", "А виза у мужа до двадцатого. Что делать?"),
    ("M", "Сейчас посмотрю вашу заявку."),
)
NEW_TOUR = dialog(
    ("M", "Турагентство «Соната», Максим, добрый день."),
    ("C", "Здравствуйте, хотим купить тур в Италию на Новый год."),
    ("M", "На сколько человек?"),
)


def test_an_existing_lessee_is_an_existing_customer_and_a_gone_need_is_a_refusal() -> None:
    compiled = compile_stage("Деньги", MONEY)
    kinds = [c.call_kinds for c in compiled.conditions]
    assert ("service",) in kinds
    assert any(c.refusal and "потребность" in c.text for c in compiled.conditions)


def test_a_client_who_bought_from_us_before_calls_about_what_he_has() -> None:
    assert calltype.classify(prepare(VISA)).kind == "service"
    assert calltype.classify(prepare(NEW_TOUR)).kind == "sales"
