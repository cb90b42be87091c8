"""«Если клиент позвонил сам — цель не нужна, достаточно имени и компании», «Если заказ разовый —
достаточно откуда и куда»: on such calls fewer elements are required; on the others all are."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import dialog, status_of

INTRO = StageSpec(
    "intro", "Представление", "Менеджер назвал все три элемента: своё имя, компанию «Кедр», цель звонка. Если клиент "
    "позвонил сам (входящий) — цель не нужна, достаточно имени и компании."
)

INBOUND = dialog(
    ("M", "«Кедр», Ольга, здравствуйте."),
    ("C", "Здравствуйте, меня зовут Павел, нам нужна баня из бруса на дачу."),
    ("M", "Павел, какой размер бани вы хотите?"),
    ("C", "Шесть на четыре."),
)
OUTBOUND = dialog(
    ("M", "Павел Сергеевич? Здравствуйте, это Ольга, компания «Кедр»."),
    ("C", "Да, здравствуйте."),
    ("M", "Какой размер бани вы хотите?"),
    ("C", "Шесть на четыре."),
)


def test_a_relaxation_compiles_to_the_elements_that_are_enough() -> None:
    compiled = compile_stage(INTRO.name, INTRO.criterion)
    (cond,) = compiled.conditions
    assert cond.outcome == "relaxed" and cond.call_kinds == ("inbound",)
    assert cond.keep == ("introduce", "company")
    assert "достаточно: представление (имя менеджера), название компании" in compiled.explain()


def test_an_inbound_call_needs_only_name_and_company_and_an_outbound_one_needs_the_purpose() -> None:
    assert status_of(INBOUND, INTRO) == "completed"
    assert status_of(OUTBOUND, INTRO) == "failed"
