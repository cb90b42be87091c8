"""Alternatives in a prose condition (prose13): «или» between two modifiers of one noun («по идущему
или сданному объекту») joins the modifiers, so a bare «сданному объекту» never becomes a case of its
own that holds on any call about an object; a plural verb after «X или Y» («компания или имя
менеджера не прозвучали») is the predicate of both nouns, so a bare «компания» never becomes a
trigger that fires when the company is named; such a failed-condition that only says a stage's own
element is missing restates the requirement and is no trigger of its own."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of

SCOPE = (
    "Менеджер выясняет, какая мебель нужна и какие размеры. Не применимо, если звонит действующий "
    "клиент по текущему или завершённому заказу (в том числе по гарантии), поставщик, либо человек ошибся номером."
)
GREETING = (
    "Менеджер в начале называет салон «Белый клён» и своё имя. Если салон или имя менеджера не "
    "прозвучали в начале разговора, этап не выполнен."
)


def test_or_between_two_modifiers_keeps_one_case() -> None:
    texts = [c.text for c in compile_stage("Потребность", SCOPE).not_applicable_if]
    assert any("по текущему или завершённому заказу" in t for t in texts)
    assert not any(t.startswith("завершённому") for t in texts)


def test_a_new_client_about_an_object_is_judged() -> None:
    call = dialog(
        ("M", "Салон «Белый клён», Ирина, здравствуйте."),
        ("C", "Здравствуйте, нам нужна кухня в новую квартиру, заказ хотим сделать до весны."),
        ("M", "Какие размеры кухни, какая длина стены?"),
        ("C", "Три метра двадцать, угловая."),
        ("M", "Записала. Дизайнер позвонит вам завтра."),
        ("C", "Спасибо."),
    )
    assert status_of(call, stage(SCOPE)) != "not_applicable"


def test_a_bare_noun_before_a_plural_predicate_takes_it() -> None:
    texts = [c.text for c in compile_stage("Приветствие", GREETING).conditions]
    assert "салон" not in texts


def test_a_condition_restating_a_missing_element_is_no_trigger() -> None:
    failing = [c for c in compile_stage("Приветствие", GREETING).conditions if c.outcome == "failed"]
    assert failing == []
    call = dialog(
        ("M", "«Белый клён», меня зовут Ирина, здравствуйте!"),
        ("C", "Здравствуйте, хочу заказать шкаф-купе, сколько стоит?"),
        ("M", "Зависит от размеров. Какая ширина проёма?"),
        ("C", "Два метра."),
        ("M", "Такой шкаф от сорока тысяч. Запишу вас на замер в пятницу?"),
        ("C", "Давайте, спасибо."),
    )
    assert status_of(call, stage(GREETING)) == "completed"
