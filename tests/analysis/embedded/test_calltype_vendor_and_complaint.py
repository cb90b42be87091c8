"""A supplier who calls to offer his own goods or services, and a customer who complains without the
word «жалоба» («третий день не могу добиться», «так никто и не приехал»), make no sales call: a sales
step that did not happen there is not applicable; a customer calling in to buy is still a sale."""

from __future__ import annotations

from rop.analysis.embedded import calltype
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import dialog, stage, status_of

NEEDS = stage("Менеджер выяснил количество гостей, формат праздника и бюджет")


def _kind(transcript: list[Utterance]) -> str:
    return calltype.classify(prepare(transcript, ())).kind


SUPPLIER = dialog(
    ("M", "Ресторан «Причал», Ольга, добрый день, слушаю вас."),
    ("C", "Добрый день! Меня зовут Кирилл, кондитерская «Бисквит». "
          "Хотел предложить вам сотрудничество — торты на банкеты."),
    ("M", "А с кем вы уже работаете?"),
    ("C", "С двумя кафе в центре. Могу прислать каталог и цены."),
    ("M", "Присылайте на почту, я передам директору."),
    ("C", "Спасибо, до свидания."),
)


def test_a_supplier_offering_his_services_makes_no_sales_call() -> None:
    assert _kind(SUPPLIER) == "service"
    assert status_of(SUPPLIER, NEEDS) == "not_applicable"


def test_a_customer_who_wants_to_order_is_still_a_sale() -> None:
    order = dialog(
        ("M", "Ресторан «Причал», Ольга, добрый день, слушаю вас."),
        ("C", "Добрый день, хочу заказать банкет на юбилей."),
        ("M", "На сколько гостей?"),
        ("C", "Человек тридцать."),
    )
    assert _kind(order) == "sales"


def test_a_complaint_worded_without_the_word_complaint_is_a_service_call() -> None:
    complaint = dialog(
        ("M", "Сервисный центр «Мастер-Тех», Алексей, слушаю вас."),
        ("C", "Здравствуйте. Я заявку оставляла в понедельник, и так никто и не приехал! Стиральная машина течёт."),
        ("M", "Сейчас посмотрю… да, вижу. Это наша недоработка, извините."),
        ("C", "Мне от этого не легче."),
        ("M", "Мастер приедет сегодня до шести, я лично проконтролирую."),
        ("C", "Хорошо, жду."),
    )
    assert _kind(complaint) == "service"
