"""An organisation's name in the manager's opening as ASR writes it: lower case, no quotes, a
clause of its own between the greeting and the manager's own name. Examples written for the test."""

from rop.analysis.embedded.lang import tokenize
from rop.analysis.embedded.transcript import NAME_MARK, _opening_clause, prepare
from tests.analysis.embedded.helpers import dialog


def _named(text: str) -> list[str]:
    toks = tokenize(text)
    return [toks[i].text for i in sorted(_opening_clause(toks, text))]


def test_a_lower_case_clause_between_greeting_and_own_name_is_the_organisation() -> None:
    assert _named("Добрый день, зелёная долина, меня зовут Олег,") == ["зелёная", "долина"]
    assert _named("Тихая гавань, Ольга, здравствуйте,") == ["Тихая", "гавань"]


def test_a_person_or_a_verb_between_greeting_and_name_is_not_the_organisation() -> None:
    assert _named("Добрый день, Мария Ивановна, меня зовут Олег.") == []
    assert _named("Алло, да, меня зовут Олег.") == []
    assert _named("Добрый день, извините, меня зовут Олег.") == []


def test_the_opening_clause_counts_as_a_company_mention() -> None:
    prep = prepare(dialog(("M", "Добрый день, зелёная долина, меня зовут Олег,"), ("C", "Здравствуйте.")))
    assert NAME_MARK in prep.units[0].fuzzy


def test_the_name_in_several_clauses_or_after_the_managers_name() -> None:
    assert _named("Добрый вечер, ромашка, сад, Полина, слушаю,") == ["ромашка", "сад"]
    assert _named("Алло, добрый день, меня зовут Роман, зелёная долина.") == ["зелёная", "долина"]
    assert _named("Добрый день, Ромашка, Денис, слушаю вас,") == ["Ромашка"]


def test_a_quoted_name_is_left_to_the_quotes() -> None:
    assert _named("Добрый день, меня зовут Антон, компания «Ромашка».") == []


def test_a_name_asked_after_the_organisation_is_the_client_addressed() -> None:
    from rop.analysis.embedded.checklist import manager_names

    prep = prepare(dialog(("M", "Добрый день, меня зовут Антон, компания ромашка. Евгения?"), ("C", "Да, слушаю.")))
    assert manager_names(prep) == {"антон"}


def test_a_kind_of_organisation_alone_is_not_its_name() -> None:
    assert _named("Стоматология, Ирина, добрый день.") == []
