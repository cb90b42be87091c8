"""«"Всё на сайте", "от … млн, приезжайте" — не засч.»: an answer the criterion quotes as not counting
fails the stage, on an objection stage too (an ellipsis in a quote stands for any words)."""

from rop.analysis.embedded.compiler import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of


def test_quoted_non_examples_are_a_failure_condition() -> None:
    compiled = compile_stage("Презентация", "Назвал модель и цену. «Всё на сайте», «от … тыс., приезжайте» — не засч.")
    [cond] = compiled.failed_if
    assert cond.element is not None and "Всё на сайте" in cond.element.phrases


def test_an_objection_answered_with_the_quoted_words_is_not_handled() -> None:
    spec = stage("Уточнил причину возражения и привёл аргумент. «Ну думайте» — не засчитывается.")
    call = dialog(
        ("M", "Автосалон «Мотор», Игорь, добрый день."),
        ("C", "Кроссовер у вас дороговато, у соседей на двести тысяч дешевле."),
        ("M", "А что именно у соседей? У нас в цене зимняя резина и каско на год."),
        ("C", "Не знаю, я подумаю."),
        ("M", "Ну да, думайте, конечно."),
    )
    assert status_of(call, spec) == "failed"


def test_the_quoted_words_followed_by_an_argument_in_the_same_turn_still_handle_it() -> None:
    spec = stage("Уточнил причину возражения и привёл аргумент. «Понимаю» — не засчитывается.")
    call = dialog(
        ("M", "Автосалон «Мотор», Игорь, добрый день."),
        ("C", "Кроссовер у вас дороговато, у соседей на двести тысяч дешевле."),
        ("M", "Понимаю. А что именно у соседей? У нас в цене зимняя резина и каско на год, это выгоднее."),
        ("C", "Хм, про каско не знал."),
    )
    assert status_of(call, spec) == "completed"
