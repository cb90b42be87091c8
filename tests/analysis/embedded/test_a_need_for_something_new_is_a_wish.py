"""«Мы получили ключи от квартиры, и нам нужен ремонт» (prose13): a client who says he needs
something (a noun after «нужен / нужна / нужны») asks to buy it; a service word in the same opening
(«ключи») does not make him an existing customer calling about what he has. «Нужна справка» (a
service word after it) stays a service call."""

from __future__ import annotations

from rop.analysis.embedded import calltype
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog


def _kind(client_opening: str) -> str:
    call = dialog(
        ("M", "Студия «Мастерок», Игорь, здравствуйте."),
        ("C", client_opening),
        ("M", "Понял, расскажите подробнее."),
        ("C", "Да, конечно."),
    )
    return calltype.classify(prepare(call)).kind


def test_a_need_of_a_new_thing_is_a_sales_call() -> None:
    assert _kind("Здравствуйте. Мы получили ключи от дома, и нам нужен дизайн интерьера.") == "sales"


def test_a_need_of_a_document_is_still_a_service_call() -> None:
    assert _kind("Здравствуйте. Вы нам делали ремонт, мне нужна справка для вычета.") == "service"
