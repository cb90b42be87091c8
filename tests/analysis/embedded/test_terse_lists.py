"""Terse criteria with no verb («Цена + срок работ»), how long the work takes, a relative clause inside
a condition, «(спросил или клиент назвался сам)», and «обратился к клиенту по имени»."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import dialog, status_of

PRICE_AND_TERM = "Цена (можно «от» или вилкой) + срок работ."
NAME = "Узнал, как зовут клиента (спросил или клиент назвался сам), и хотя бы раз обратился к нему по имени."
CAR = (
    "Выяснил марку и модель. Если клиент звонит по машине, которая уже стоит у нас в ремонте (узнать статус), "
    "или ошиблись номером — этап не применим."
)

TOLD = dialog(
    ("M", "Автосервис «Мотор», Кирилл, слушаю вас."),
    ("C", "Здравствуйте, меня Олег зовут. Сколько стоит поменять колодки на Шкоде Октавии?"),
    ("M", "Олег, по деньгам — две тысячи за ось, по времени минут сорок."),
    ("C", "Хорошо, запишите меня на завтра."),
)
PRICE_ONLY = dialog(
    ("M", "Автосервис «Мотор», слушаю вас."),
    ("C", "Здравствуйте. Сколько стоит поменять колодки на Шкоде Октавии?"),
    ("M", "По деньгам — две тысячи за ось."),
    ("C", "Хорошо, запишите меня на завтра."),
)
STATUS = dialog(
    ("M", "Автосервис «Мотор», Кирилл, слушаю вас."),
    ("C", "Здравствуйте, у вас моя машина в ремонте, хочу узнать, готова ли."),
    ("M", "Сейчас посмотрю. Да, к вечеру будет готова."),
)


def test_a_verbless_list_is_read_the_way_its_first_thing_is() -> None:
    compiled = compile_stage("Цена и срок", PRICE_AND_TERM)
    assert {e.ask for e in compiled.elements} == {False}
    assert status_of(TOLD, StageSpec("p", "Цена и срок", PRICE_AND_TERM)) == "completed"
    assert status_of(PRICE_ONLY, StageSpec("p", "Цена и срок", PRICE_AND_TERM)) == "failed"


def test_a_list_of_things_to_find_out_stays_asked() -> None:
    compiled = compile_stage("Потребность", "Бюджет + сроки")
    assert {e.ask for e in compiled.elements} == {True}


def test_addressing_the_client_by_name_is_about_the_clients_name() -> None:
    compiled = compile_stage("Имя", NAME)
    assert [e.key for e in compiled.elements] == ["client_name"]
    assert status_of(TOLD, StageSpec("n", "Имя", NAME)) == "completed"
    assert status_of(PRICE_ONLY, StageSpec("n", "Имя", NAME)) == "failed"


def test_a_relative_clause_stays_inside_its_condition() -> None:
    compiled = compile_stage("Машина", CAR)
    assert len(compiled.conditions) == 2
    assert "которая" in compiled.conditions[0].text
    assert status_of(STATUS, StageSpec("c", "Машина", CAR)) == "not_applicable"
    assert status_of(TOLD, StageSpec("c", "Машина", CAR)) != "not_applicable"
