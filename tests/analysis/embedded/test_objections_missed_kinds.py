"""Doubts said without «дорого» or «подумаю»: timing and season, trust, a spouse's say, a price at
the limit, a price above what was counted on; and what is no objection though it shares words with one: the
relief «а то я уж думал, …», a listed objection's words without its «не» or without its content
word."""

from __future__ import annotations

import pytest

from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

HANDLING = StageSpec(
    "obj", "Работа с возражениями", "Если клиент сомневается или возражает, менеджер отвечает по существу. "
    "Возражений не было — не применимо."
)
LISTED = StageSpec(
    "obj", "Работа с возражениями", "Если клиент возражал (летом крышу не кроют, нам не надо, надо согласовать), "
    "менеджер ответил доводом. Не возражал — н/п."
)


def _offer(doubt: str) -> list[Utterance]:
    return dialog(
        ("M", "Компания «Кровля-Мастер», Денис. Вы оставляли заявку на замену кровли?"),
        ("C", "Да, оставлял. Крыша течёт."),
        ("M", "Металлочерепица с монтажом — триста двадцать тысяч, бригада выйдет через неделю."),
        ("C", doubt),
        ("M", "Понимаю. Мы даём гарантию десять лет по договору, и монтаж идёт в любую погоду."),
        ("C", "Ладно, приезжайте на замер в субботу."),
    )


@pytest.mark.parametrize(
    "doubt",
    [
        "А зимой же не делают?",
        "Да это не к спеху, до весны потерпит.",
        "А вы точно не пропадёте с предоплатой?",
        "Слышал, у вас задержки со сроками.",
        "Жена против такой суммы.",
        "Мне с женой надо обсудить.",
        "Триста двадцать — это для нас на грани.",
        "Это больше, чем мы рассчитывали.",
        "Нас сейчас «Крыша-Сервис» обслуживает, нам хватает.",
    ],
)
def test_an_unworded_doubt_makes_the_stage_applicable(doubt: str) -> None:
    assert status_of(_offer(doubt), HANDLING) != "not_applicable"


def test_relief_at_what_the_client_feared_is_no_objection() -> None:
    relief = dialog(
        ("M", "Сервис «Кровля-Мастер», Денис, слушаю."),
        ("C", "Вы нам летом крышу делали, в углу подтекает."),
        ("M", "Это гарантийный случай, мастер приедет бесплатно в четверг, в десять."),
        ("C", "А то я уж думал, опять платить. Спасибо."),
    )
    assert status_of(relief, HANDLING) == "not_applicable"


def test_a_listed_objection_needs_its_not_and_its_content_word() -> None:
    plain = dialog(
        ("M", "Компания «Кровля-Мастер», Денис, слушаю."),
        ("C", "Вы нам в прошлом году крышу крыли, хотим ещё гараж."),
        ("M", "Гараж какой площади?"),
        ("C", "Метров тридцать. Бухгалтерия у нас в это не лезет, я решаю."),
        ("M", "Тогда замерщик приедет в пятницу, в одиннадцать."),
        ("C", "Хорошо."),
    )
    assert status_of(plain, LISTED) == "not_applicable"


def test_a_listed_objection_with_its_not_is_read() -> None:
    season = dialog(
        ("M", "Компания «Кровля-Мастер», Денис. Вы оставляли заявку на крышу?"),
        ("C", "Да. Но летом же крышу не кроют, жарко."),
        ("M", "Кроем, с утра до полудня, материал от жары не страдает."),
        ("C", "Ну, тогда приезжайте."),
    )
    assert status_of(season, LISTED) != "not_applicable"


def test_a_listed_objection_doubted_as_a_question_is_read() -> None:
    season = dialog(
        ("M", "Компания «Кровля-Мастер», Денис. Вы оставляли заявку на крышу?"),
        ("C", "Да. Только разве летом крышу кроют? Жара же."),
        ("M", "Кроем, с утра до полудня, материал от жары не страдает."),
        ("C", "Ну, тогда приезжайте."),
    )
    assert status_of(season, LISTED) != "not_applicable"
