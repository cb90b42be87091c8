"""Criteria written as a questionnaire's answer key: «Да — …», «… — Нет»."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.compiler import compile_stage
from tests.analysis.embedded.helpers import checklist, dialog, stage

GREETING = (
    "Да — в начале разговора прозвучали И имя менеджера, И название компании. "
    "Только имя или только «магазин» — Нет."
)


def test_yes_before_a_dash_is_the_requirement_and_said_is_no_element() -> None:
    comp = compile_stage("Представился ли менеджер?", GREETING)
    labels = [e.label for e in comp.elements]
    assert not any("прозвуч" in label for label in labels), labels
    assert {"introduce", "company"} <= {e.key for e in comp.elements}


def test_a_sentence_ending_in_no_is_a_failure_condition() -> None:
    comp = compile_stage(
        "Предложил ли вариант?",
        "Да — назвал конкретную модель и её цену. «У нас много всего, приходите» — недостаточно, Нет.",
    )
    assert any(c.outcome == "failed" and "много всего" in c.text for c in comp.conditions), comp.conditions
    assert not any("много" in e.label for e in comp.elements)


def test_a_greeting_with_name_and_company_passes_under_an_answer_key() -> None:
    call = dialog(
        ("M", "Добрый день! Мебельный салон «Уют», меня зовут Ольга."),
        ("C", "Здравствуйте, я насчёт дивана."),
        ("M", "Конечно, какой размер нужен?"),
        ("C", "Угловой, метра три."),
    )
    (v,) = EmbeddedEvaluator().evaluate_checklist(call, checklist(stage(GREETING)))
    assert v.status == "completed", v.comment
