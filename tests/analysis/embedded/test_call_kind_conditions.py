"""Terse conditions that name kinds of call in plain words («Перенос, не туда попали — н/п») hold on
calls of those kinds only: a wrong number, and (when named) a reschedule; never on an ordinary sale.
(Seen and left: the evaluator's sales gate still makes every stage of a reschedule call not
applicable, also stages a checklist means for it, such as offering two slots.)"""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.embedded.compiler import CompiledStage
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

PRICE = StageSpec("price", "Назвал цену", "Назвал стоимость цифрой. Перенос, не туда попали — н/п.")
SLOTS = StageSpec("slots", "Два варианта времени", "Мин. 2 варианта времени на выбор. Не туда попали — н/п.")

SALE = dialog(
    ("M", "Прачечная «Белый кот», Ирина, здравствуйте."),
    ("C", "Здравствуйте, сколько стоит химчистка пальто?"),
    ("M", "Химчистка пальто тысяча двести рублей, готово за три дня."),
    ("C", "Хорошо, когда можно привезти?"),
    ("M", "Завтра в десять или в четверг в шесть вечера, как удобнее?"),
    ("C", "Давайте завтра в десять."),
)
WRONG = dialog(
    ("M", "Прачечная «Белый кот», Ирина, здравствуйте."),
    ("C", "Это шиномонтаж? Мне колёса поменять завтра."),
    ("M", "Нет, вы не туда попали, это прачечная."),
    ("C", "Ой, извините, ошибся номером."),
)
MOVE = dialog(
    ("M", "Прачечная «Белый кот», Ирина, здравствуйте."),
    ("C", "Здравствуйте, я у вас записан на приёмку в среду, хочу перенести."),
    ("M", "Конечно, могу предложить пятницу в десять или в шестнадцать."),
    ("C", "Пятница в шестнадцать подходит."),
)


def _status(transcript: list[Utterance], stage: StageSpec) -> str:
    return status_of(transcript, stage)


def test_a_condition_naming_a_wrong_number_compiles_to_call_kinds() -> None:
    (cond,) = compile_stage(PRICE.name, PRICE.criterion).conditions
    assert cond.call_kinds == ("not_client", "service") and not cond.negated
    (cond,) = compile_stage(SLOTS.name, SLOTS.criterion).conditions
    assert cond.call_kinds == ("not_client",)
    assert CompiledStage.from_dict(compile_stage(PRICE.name, PRICE.criterion).to_dict()).conditions[0].call_kinds


def test_call_kind_conditions_do_not_fire_on_an_ordinary_sale() -> None:
    assert _status(SALE, PRICE) == "completed"
    assert _status(SALE, SLOTS) == "completed"


def test_a_wrong_number_makes_both_not_applicable_and_a_reschedule_the_one_naming_it() -> None:
    assert _status(WRONG, PRICE) == "not_applicable"
    assert _status(WRONG, SLOTS) == "not_applicable"
    assert _status(MOVE, PRICE) == "not_applicable"


VISIT = StageSpec("visit", "Приглашение", "Пригласил в прачечную и согласовал день. «Приезжайте как-нибудь», "
                  "«звоните, когда надумаете» — не выполнено. Ошибка номера — н/п.")


def test_a_quoted_bad_wording_fails_only_when_said_word_for_word() -> None:
    vague = dialog(
        ("M", "Прачечная «Белый кот», Ирина, здравствуйте."),
        ("C", "Здравствуйте, а ковры вы чистите?"),
        ("M", "Чистим, приезжайте как-нибудь, посмотрим ваш ковёр."),
        ("C", "Ладно."),
    )
    agreed = dialog(
        ("M", "Прачечная «Белый кот», Ирина, здравствуйте."),
        ("C", "Здравствуйте, а ковры вы чистите?"),
        ("M", "Чистим. Давайте вы приедете к нам, посмотрим ваш ковёр. В среду или в пятницу удобнее?"),
        ("C", "В пятницу, часов в двенадцать."),
        ("M", "Записываю: пятница, двенадцать ноль-ноль, ждём вас. Адрес скину в вотсап."),
    )
    assert _status(vague, VISIT) == "failed"
    assert _status(agreed, VISIT) == "completed"
    assert _status(WRONG, VISIT) == "not_applicable"


def test_quoted_wording_is_matched_word_for_word_not_by_sense() -> None:
    from rop.analysis.embedded.transcript import prepare
    from rop.analysis.embedded.verdict import _said_word_for_word

    (cond,) = [c for c in compile_stage(VISIT.name, VISIT.criterion).conditions if c.outcome == "failed"]
    assert cond.element is not None and cond.element.phrases
    near = prepare(dialog(("M", "Адрес скину в вотсап, звоните, если что."), ("C", "Хорошо.")))
    said = prepare(dialog(("M", "Ну звоните, когда надумаете."), ("C", "Хорошо.")))
    assert _said_word_for_word(cond.element, near) == []
    assert [u.text for u in _said_word_for_word(cond.element, said)] == ["Ну звоните, когда надумаете."]
