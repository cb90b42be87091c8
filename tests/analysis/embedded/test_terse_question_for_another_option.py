"""«А поменьше есть?»: a client who asks whether another option exists objects to nothing, and a
terse «Возр. (дорого / далеко)» lists the objections it names."""

from rop.analysis.embedded import objections
from rop.analysis.embedded.compiler import compile_stage
from rop.analysis.embedded.transcript import prepare
from rop.analysis.embedded.verdict import compiled_objection_examples
from tests.analysis.embedded.helpers import dialog

OFFER = ("M", "Есть двушка за шесть миллионов, пятый этаж.")


def test_a_question_for_a_smaller_option_is_no_objection() -> None:
    prep = prepare(dialog(("M", "Добрый день, агентство «Дом»."), OFFER, ("C", "А поменьше есть?")))
    assert objections.objection_units(prep) == []


def test_a_doubt_before_the_question_is_still_an_objection() -> None:
    prep = prepare(dialog(("M", "Добрый день, агентство «Дом»."), OFFER, ("C", "Дороговато, а подешевле есть?")))
    assert objections.objection_units(prep) != []


def test_a_cut_objection_word_lists_the_objections_in_its_bracket() -> None:
    compiled = compile_stage("Возражения", "Возр. (дорого / далеко): аргумент. Нет возр. — н/п.")
    assert {phrase for phrase, _ in compiled_objection_examples(compiled)} >= {"дорого", "далеко"}
