"""Criterion readings (b9-na5): where in the call a thing is said («в первой-второй своей реплике»,
«в самом начале разговора») is no thing to find; «Неважно, кто позвонил: …» adds nothing to check;
«не засчитывается, если выяснен только один из двух» requires both; a bracketed allowance («(для
дачи достаточно посёлка)») is no part of its own; «сроки — когда нужна доставка» glosses the timing
(the events it names are no elements);
Conditions: «Н/п, когда этап 3 не оценивается» follows that stage; a client who booked
already («мы в мае бронировали») is a customer; a client who puts the talk off
stays a callback however many nods («Ага.») he adds."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, calltype, compile_stage
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import ChecklistSpec, StageSpec
from tests.analysis.embedded.helpers import dialog


def _keys(name: str, criterion: str) -> list[str]:
    return [e.key for e in compile_stage(name, criterion).elements]


def test_position_in_the_call_is_no_element() -> None:
    keys = _keys(
        "Представление",
        "Оператор в самом начале звонка, в первой-второй своей реплике, называет своё имя и название "
        "магазина («Ромашка») — оба элемента.",
    )
    assert not any("реплик" in k or "начал" in k for k in keys)
    assert "introduce" in keys


def test_what_does_not_matter_adds_nothing() -> None:
    keys = _keys(
        "Представление",
        "Оператор называет своё имя. Неважно, кто позвонил: если звонит покупатель, оператор "
        "представляется, когда берёт трубку.",
    )
    assert keys == ["introduce"]


def test_only_one_of_two_failing_requires_both() -> None:
    c = compile_stage(
        "Вес и адрес",
        "Оператор выясняет вес груза и адрес доставки. Не засчитывается, если выяснен только один из двух пунктов.",
    )
    assert c.requirement.mode == "all"


def test_bracketed_allowance_is_no_part() -> None:
    keys = _keys(
        "Адрес",
        "Оператор выясняет адрес доставки (для дачи достаточно названия посёлка) и вес груза.",
    )
    assert not any("достаточно" in k or "дач" in k for k in keys)


def test_when_gloss_adds_no_events() -> None:
    keys = _keys(
        "Сроки",
        "Оператор выясняет бюджет и сроки — когда нужна доставка или к какому моменту нужна встреча (переезд, ремонт).",
    )
    assert "timeline" in keys and "meeting" not in keys


# --- conditions and kinds of call -------------------------------------------------------------------


PUT_OFF = dialog(
    ("C", "Алло? Алло, не слышно."),
    ("M", "Добрый день, это Павел, салон «Колесо», вы оставляли заявку на шины."),
    ("C", "А, да, оставлял. Но я сейчас на совещании, не могу говорить."),
    ("M", "Одну минуту буквально…"),
    ("C", "Нет, правда не могу. Наберите завтра после обеда."),
    ("M", "Хорошо, во сколько удобно?"),
    ("C", "Ну, в три часа или в полчетвёртого."),
    ("M", "Давайте в три."),
    ("C", "Ага."),
    ("M", "Завтра в пятнадцать ноль-ноль наберу и подберу варианты. До свидания."),
    ("C", "Да, спасибо, до завтра."),
)


def test_a_put_off_call_with_nods_is_a_callback() -> None:
    assert calltype.callback(prepare(PUT_OFF)) is not None


BOOKED_HOLDER = dialog(
    ("M", "Турбаза «Сосны», Ирина, здравствуйте."),
    ("C", "Здравствуйте, мы в сентябре бронировали домик на Новый год, хотел уточнить про баню."),
    ("M", "Да, вижу вашу бронь. Баня есть, тысяча в час."),
    ("C", "Отлично, спасибо."),
)


def test_a_client_who_booked_is_a_customer() -> None:
    assert calltype.customer(prepare(BOOKED_HOLDER)) is not None


def test_a_booking_already_made_is_a_kind_of_call() -> None:
    c = compile_stage(
        "Потребность", "Оператор выясняет даты и число гостей. Если гость звонит по уже оформленной брони — н/п."
    )
    assert any("service" in cond.call_kinds for cond in c.not_applicable_if)


def test_following_stage_reads_its_reference() -> None:
    c = compile_stage("3. Предложение", "Оператор предлагает конкретный домик. Н/п, когда этап 2 не оценивается.")
    assert [cond.stage_ref for cond in c.not_applicable_if] == ["2"]
    again = type(c).from_dict(c.to_dict())
    assert again.conditions[0].stage_ref == "2"


def test_a_stage_following_a_not_applicable_one_is_not_applicable() -> None:
    needs = StageSpec(
        "s1",
        "1. Потребность",
        "Оператор выясняет даты и число гостей. Если гость сразу просит перезвонить — н/п.",
        (),
        1,
        "manager",
    )
    offer = StageSpec(
        "s2", "2. Предложение", "Оператор предлагает домик. Н/п, когда этап 1 не оценивается.", (), 1, "manager"
    )
    verdicts = EmbeddedEvaluator().evaluate_checklist(PUT_OFF, ChecklistSpec("Тест", (needs, offer)))
    assert [v.status for v in verdicts] == ["not_applicable", "not_applicable"]
