"""«Мин. 2 варианта дата/время на выбор»: the day-or-time element needs that many distinct options
offered in one turn; one slot booked straight away is not a choice."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.embedded.compiler import CompiledStage
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

OPTIONS = StageSpec("opts", "Два варианта", "Мин. 2 варианта дата/время на выбор.")


def _status(transcript: list[Utterance]) -> str:
    return status_of(transcript, OPTIONS)


def test_the_count_of_options_compiles_onto_the_day_or_time_element() -> None:
    (el,) = compile_stage(OPTIONS.name, OPTIONS.criterion).elements
    assert el.times == 2
    again = CompiledStage.from_dict(compile_stage(OPTIONS.name, OPTIONS.criterion).to_dict())
    assert again.elements[0].times == 2


def test_two_slots_offered_in_one_turn_complete_it_and_one_slot_does_not() -> None:
    two = dialog(
        ("M", "Автосервис «Гайка», Лена, здравствуйте."),
        ("C", "Здравствуйте, хочу на замену масла."),
        ("M", "Могу предложить завтра в девять или в четверг в пятнадцать."),
        ("C", "Давайте в четверг."),
    )
    one = dialog(
        ("M", "Автосервис «Гайка», Лена, здравствуйте."),
        ("C", "Здравствуйте, хочу на замену масла."),
        ("M", "Записала вас на завтра в девять."),
        ("C", "Хорошо."),
    )
    assert _status(two) == "completed"
    assert _status(one) == "failed"


def test_two_variants_with_prices_need_two_prices() -> None:
    variants = StageSpec("var", "Варианты", "Назвал мин. 2 варианта тарифа с ценами.")
    (el,) = [e for e in compile_stage(variants.name, variants.criterion).elements if e.concepts == ("price",)]
    assert el.times == 2
    two = dialog(
        ("M", "Прокат «Снег», Лена, здравствуйте."),
        ("C", "Здравствуйте, сколько стоит прокат лыж?"),
        ("M", "Есть базовый комплект за восемьсот рублей в день и спортивный за тысячу пятьсот."),
        ("C", "Спасибо."),
    )
    one = dialog(
        ("M", "Прокат «Снег», Лена, здравствуйте."),
        ("C", "Здравствуйте, сколько стоит прокат лыж?"),
        ("M", "Комплект стоит восемьсот рублей в день."),
        ("C", "Спасибо."),
    )
    assert status_of(two, variants) != status_of(one, variants)
    assert status_of(one, variants) == "failed"
