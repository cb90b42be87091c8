"""«Организация клиента»: the caller who says «я из сети кофеен Зерно» names the organisation after
«из / от», not a place («я из Самары») nor a person (examples written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

COMPANY = FieldSpec("company", "Организация клиента, если звонят от организации")


def _value(transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заказы", (COMPANY,)))
    return result.values[COMPANY.key].value


def _call(intro: str) -> list[Utterance]:
    return dialog(
        ("M", "Типография «Лист», Анна, здравствуйте."),
        ("C", f"Здравствуйте, Анна. Меня зовут Олег, {intro} Нам нужны меню, двести штук."),
        ("M", "Олег, макет у вас есть?"),
        ("C", "Да, в пэдээф."),
    )


def test_the_organisation_after_from() -> None:
    assert _value(_call("я из сети кофеен Зерно.")) == "Зерно"


def test_a_place_after_from_is_no_organisation() -> None:
    assert _value(_call("я из Самары, приехал по делам.")) is None
