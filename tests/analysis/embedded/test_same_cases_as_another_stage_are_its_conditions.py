"""«Не применимо в тех же случаях, что и этап 2» (prose13): the cases stage 2 names as not
applicable are checked on the call for this stage too; it is no dependency on stage 2's verdict.
Stage 2 may be not applicable for a reason of its own (here: it is judged only when the client asks
for a discount), and the stage that refers to it is still judged on a new client's call."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.types import ChecklistSpec, StageSpec
from tests.analysis.embedded.helpers import dialog

GREET = StageSpec("s1", "Приветствие", "Менеджер называет компанию и своё имя.")
NEEDS = StageSpec(
    "s2",
    "Скидка",
    "Если клиент просит скидку, менеджер объясняет, от чего она зависит. Не применимо, если звонит "
    "поставщик или человек ошибся номером.",
)
BUDGET = StageSpec(
    "s3",
    "Бюджет",
    "Менеджер спрашивает, на какую сумму рассчитывает клиент. Не применимо в тех же случаях, что и этап 2.",
)
CHECKLIST = ChecklistSpec("Тест", (GREET, NEEDS, BUDGET))

NEW_CLIENT = dialog(
    ("M", "Компания «Уютный угол», меня зовут Ольга, здравствуйте."),
    ("C", "Здравствуйте, хочу заказать шкаф-купе в прихожую."),
    ("M", "Хорошо. На какую сумму вы рассчитываете?"),
    ("C", "Тысяч на шестьдесят, не больше."),
    ("M", "Уложимся, подберём вариант. Дизайнер позвонит вам завтра."),
    ("C", "Спасибо, до свидания."),
)

SUPPLIER = dialog(
    ("M", "Компания «Уютный угол», меня зовут Ольга, здравствуйте."),
    ("C", "Здравствуйте, мы производитель фурнитуры, хотим предложить сотрудничество."),
    ("M", "Пришлите, пожалуйста, предложение на почту, руководитель посмотрит."),
    ("C", "Хорошо, а какой у вас бюджет на закупку в месяц?"),
    ("M", "Этого я не скажу, пришлите предложение."),
    ("C", "Спасибо, до свидания."),
)


def test_the_reference_is_compiled_as_the_same_cases_not_a_verdict() -> None:
    (cond,) = compile_stage(BUDGET.name, BUDGET.criterion).not_applicable_if
    assert cond.same_cases and cond.stage_ref == "2"


def test_a_stage_referring_to_another_is_judged_when_that_one_is_out_of_scope_by_itself() -> None:
    verdicts = EmbeddedEvaluator().evaluate_checklist(NEW_CLIENT, CHECKLIST)
    assert verdicts[1].status == "not_applicable"  # no discount asked for
    assert verdicts[2].status == "completed"


def test_the_cases_of_the_other_stage_hold_for_the_referring_stage() -> None:
    verdicts = EmbeddedEvaluator().evaluate_checklist(SUPPLIER, CHECKLIST)
    assert verdicts[2].status == "not_applicable"
