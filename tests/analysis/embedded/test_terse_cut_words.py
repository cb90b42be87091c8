"""A terse criterion's cut words («предст.», «комп.», «кл.», «повт. обр.», «р-н») are read as the
words they cut, and a note «н/п — A, B.» says when the stage is not assessed."""

from rop.analysis.embedded import calltype
from rop.analysis.embedded.abbreviations import complete, expand_cuts
from rop.analysis.embedded.compiler import compile_stage
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog, stage, status_of


def test_a_cut_word_reads_as_the_checklist_word_it_begins() -> None:
    assert complete("предст") == "представиться"
    assert complete("кл") == "клиент"
    assert complete("возр") == "возражение"
    assert complete("сам") is None  # an everyday word ends a sentence with its dot
    assert complete("пр") is None  # a known two-letter cut may be anything


def test_a_cut_noun_after_a_noun_is_its_genitive_and_its_dot_ends_no_sentence() -> None:
    text = expand_cuts("Уточн. имя кл., форма опл. и р-н. Кл. отказался — не засч.")
    assert text == "Уточнить имя клиента, форма оплаты и район. Клиент отказался — не засчитывается."


def test_the_parts_of_an_introduction_joined_by_a_slash_are_all_needed() -> None:
    spec = stage("Предст. комп./себя, имя кл.")
    only_company = dialog(
        ("M", "Автосалон «Мотор», добрый день."),
        ("C", "Здравствуйте, я по поводу кроссовера."),
        ("M", "Как к вам обращаться?"),
        ("C", "Андрей."),
    )
    both = dialog(
        ("M", "Автосалон «Мотор», меня зовут Игорь, добрый день."),
        ("C", "Здравствуйте, я по поводу кроссовера."),
        ("M", "Как к вам обращаться?"),
        ("C", "Андрей."),
    )
    assert status_of(both, spec) == "completed"
    assert status_of(only_company, spec) == "failed"


def test_a_note_that_opens_with_not_applicable_lists_the_calls_it_is_for() -> None:
    compiled = compile_stage("Потребность", "Бюджет, сроки — мин. 1. н/п — повт. обр. (жалоба), не кл. (поставщик).")
    kinds = {k for c in compiled.conditions if c.outcome == "not_applicable" for k in c.call_kinds}
    assert {"repeat", "not_client"} <= kinds
    assert all("жалоба" not in " ".join(e.keywords) for e in compiled.elements)


def test_a_client_who_says_all_right_thanks_takes_his_leave() -> None:
    prep = prepare(
        dialog(
            ("M", "Добрый день, автосалон «Мотор», Игорь."),
            ("C", "Я по кроссоверу, пришлите что-нибудь почитать."),
            ("M", "Да, скину вам в вотсап подборку, посмотрите."),
            ("C", "Ага, давайте."),
            ("C", "Всё, спасибо."),
        )
    )
    assert calltype.hung_up(prep) is None
