"""A criterion written in sections on their own lines («Обязательно: / Желательно: / Не засчитывается:
/ Н/п:», items as bullets): only the required items are checked, a list after a colon inside an item
gives its alternatives, «Н/п: нет, …» means always judged, the not-applicable section's cases are its
items (a bracket after a case gives examples of that kind of call), and «Н/п: как в этапе 2» copies
stage 2's cases."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import checklist, dialog, status_of

NEEDS = (
    "Обязательно:\n"
    "• какой автомобиль нужен (класс или модель);\n"
    "• для чего машина: для города, для дачи, для работы, для семьи.\n"
    "Плюсом будет:\n"
    "• спросить про трейд-ин старой машины, рассказать про тест-драйв.\n"
    "Не считается: выяснено только одно из двух.\n"
    "Н/п: звонки поставщиков, вопросы действующих владельцев (запчасти, гарантия, документы)."
)
GREETING = (
    "Нужно:\n"
    "- назвать салон и своё имя.\n"
    "Желательно:\n"
    "- спросить, откуда клиент узнал о нас.\n"
    "Н/п: нет, этап оценивается в каждом звонке."
)
PAYMENT = "Обязательно:\n— спросить, как клиент будет платить: кредит, наличные, трейд-ин.\nН/п: как в этапе 1."

SALE = dialog(
    ("M", "Автосалон «Вектор», меня зовут Павел, здравствуйте."),
    ("C", "Добрый день, присматриваю кроссовер, что-нибудь вроде Тигуана."),
    ("M", "А машина вам для чего — больше по городу или для дачи?"),
    ("C", "Для дачи в основном, дороги там плохие."),
    ("M", "Понял. А покупать как планируете — кредит или наличные?"),
    ("C", "Кредит, наверное."),
)
OWNER = dialog(
    ("M", "Автосалон «Вектор», слушаю."),
    ("C", "Здравствуйте, я у вас машину покупал в прошлом году. Где мне забрать документы по гарантии?"),
    ("M", "Документы выдаёт сервис, это на первом этаже."),
)


def test_wished_items_are_no_required_elements() -> None:
    compiled = compile_stage("Потребность", NEEDS)
    labels = " ".join(e.label for e in compiled.elements)
    assert "трейд" not in labels and "тест" not in labels
    assert status_of(SALE, StageSpec("n", "Потребность", NEEDS)) == "completed"


def test_a_list_inside_an_item_gives_its_alternatives() -> None:
    compiled = compile_stage("Потребность", NEEDS)
    assert len(compiled.elements) == 2
    assert status_of(SALE, StageSpec("n", "Потребность", NEEDS)) == "completed"


def test_no_not_applicable_case_means_always_judged() -> None:
    compiled = compile_stage("Приветствие", GREETING)
    assert compiled.not_applicable_if == []
    assert status_of(SALE, StageSpec("g", "Приветствие", GREETING)) == "completed"
    assert status_of(OWNER, StageSpec("g", "Приветствие", GREETING)) == "failed"


def test_a_bracket_after_a_case_gives_examples_of_that_kind_of_call() -> None:
    compiled = compile_stage("Потребность", NEEDS)
    assert not any("документ" in c.text for c in compiled.conditions)
    assert status_of(SALE, StageSpec("n", "Потребность", NEEDS)) == "completed"


def test_the_same_cases_as_another_stage() -> None:
    compiled = compile_stage("Оплата", PAYMENT)
    assert [(c.stage_ref, c.same_cases) for c in compiled.conditions] == [("1", True)]
    spec = checklist(StageSpec("s1", "Потребность", NEEDS), StageSpec("s2", "Оплата", PAYMENT))
    verdicts = EmbeddedEvaluator().evaluate_checklist(SALE, spec)
    assert [v.status for v in verdicts] == ["completed", "completed"]
