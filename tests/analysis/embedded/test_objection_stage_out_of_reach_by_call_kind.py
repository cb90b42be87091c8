"""A stage judged on the client's fears (prose13: «Если клиент высказывает опасения, менеджер
рассказывает про договор …») that names kinds of call where it is not applicable is not applicable
on such a call, before any objection is read: an existing customer's warranty call voices a fear,
but no sale is being made."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import ChecklistSpec, StageSpec
from tests.analysis.embedded.helpers import dialog

NEEDS = StageSpec(
    "s1",
    "Потребность",
    "Менеджер выясняет, какое окно нужно и какого размера. Не применимо, если звонит действующий "
    "клиент по установленному окну (в том числе по гарантии) или поставщик.",
)
FEARS = StageSpec(
    "s2",
    "Гарантии",
    "Если клиент высказывает опасения или сомнения, менеджер рассказывает про договор и гарантию пять лет. "
    "Не применимо, если звонит действующий клиент по гарантии или поставщик.",
)

WARRANTY = dialog(
    ("M", "«Светлый дом», Кирилл, здравствуйте."),
    ("C", "Здравствуйте, вы мне в прошлом году окна ставили. Теперь створка не закрывается, дует."),
    ("M", "Это гарантийный случай, мастер приедет бесплатно."),
    ("C", "А когда? Я боюсь, что совсем сломается, страшно открывать."),
    ("M", "В среду с десяти до двенадцати, мастер всё отрегулирует."),
    ("C", "Хорошо, жду в среду."),
)


def test_an_existing_customers_fear_on_a_warranty_call_is_not_judged() -> None:
    verdicts = EmbeddedEvaluator().evaluate_checklist(WARRANTY, ChecklistSpec("Тест", (NEEDS, FEARS)))
    assert [v.status for v in verdicts] == ["not_applicable", "not_applicable"]
