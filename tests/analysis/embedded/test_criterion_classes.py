"""Classes of criterion wording that made the evaluator too strict, and fields read from their
description: each test is written in its own words (not any labelled set's phrases)."""

from __future__ import annotations

import datetime as dt

import pytest

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.embedded import outcome as _outcome
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.types import FieldSpec, StageSpec, StageVerdict, TableSpec, Utterance
from tests.analysis.embedded.helpers import checklist, dialog

BIKES = dialog(
    ("M", "«Веломир», Арсений, добрый день!"),
    ("C", "Здравствуйте, меня зовут Кирилл. Я по горному велосипеду звоню, по Стелсу Навигатору."),
    ("M", "Кирилл, для каких поездок велосипед нужен — город, лес?"),
    ("C", "В основном лес, ну и по городу немного. Беру в кредит, наверное."),
    ("M", "По кредиту платёж выйдет около четырёх тысяч в месяц. Давайте оформим заявку на одобрение?"),
    ("C", "Давайте, да."),
    ("M", "Приходите на примерку в пятницу, одиннадцатого декабря, в шесть."),
    ("C", "В пятницу в шесть, хорошо."),
)
REFUSAL = dialog(
    ("M", "Добрый день, компания «Чистые окна», Марина. Вам удобно говорить?"),
    ("C", "Нет, нам ничего не нужно, спасибо."),
    ("M", "Понимаю, всего доброго."),
    ("C", "До свидания."),
)


def _one(transcript: list[Utterance], name: str, criterion: str) -> StageVerdict:
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(StageSpec("s", name, criterion)))
    return v


def test_plus_separated_terse_criterion_needs_both_the_name_and_the_company() -> None:
    c = compile_stage("Приветствие", "Имя МРК + название компании")
    assert [e.key for e in c.elements] == ["introduce", "company"]
    assert _one(BIKES, "Приветствие", "Имя + компания").status == "completed"


def test_a_slash_is_one_element_said_either_way() -> None:
    c = compile_stage("Потребность", "Выяснил площадь/метраж и сроки")
    assert [e.key for e in c.elements] == ["layout", "timeline"]


def test_the_manager_name_right_after_the_quoted_company_is_an_introduction() -> None:
    v = _one(BIKES, "Старт", "Менеджер называет салон и представляется")
    assert v.status == "completed", v.comment


def test_a_call_topic_condition_never_makes_a_sales_call_not_applicable() -> None:
    criterion = "Менеджер уточнил, для каких поездок нужен велосипед. Если звонок не по покупке — не применимо."
    c = compile_stage("Потребность", criterion)
    assert c.conditions and c.conditions[0].topic
    assert _one(BIKES, "Потребность", criterion).status == "completed"


def test_a_list_of_alternatives_in_a_condition_is_checked_one_by_one() -> None:
    criterion = (
        "Если клиент берёт в кредит, менеджер называет платёж и предлагает заявку на одобрение. "
        "Если клиент платит наличными, берёт лизинг или оплата не обсуждалась — не применимо."
    )
    c = compile_stage("Кредит", criterion)
    na = [x for x in c.conditions if not x.only_if]
    assert len(na) == 3
    assert {x.element.keywords for x in na if x.element and not x.negated} == {("наличные",), ("лизинг",)}
    assert _one(BIKES, "Кредит", criterion).status == "completed"


def test_a_failed_condition_that_restates_a_missing_element_is_left_to_the_elements() -> None:
    c = compile_stage(
        "Примерка",
        "Менеджер приглашает на примерку и называет день и время. Если менеджер не назвал время — не выполнено.",
    )
    assert not c.failed_if


def test_an_immediate_refusal_makes_the_stage_not_applicable() -> None:
    criterion = "Спросил площадь окон (н/п, если клиент сразу отказался разговаривать)"
    c = compile_stage("Площадь", criterion)
    assert c.conditions and c.conditions[0].refusal and c.conditions[0].when == "start"
    assert _one(REFUSAL, "Площадь", criterion).status == "not_applicable"
    assert _one(BIKES, "Площадь", criterion).status == "failed"


def test_examples_after_naprimer_are_alternatives_not_all_required() -> None:
    c = compile_stage(
        "Следующий шаг",
        "Договорились о следующем шаге с датой, например: примерка, доставка, повторный звонок.",
    )
    examples = [e for e in c.elements if e.key.startswith("examples:")]
    assert len(examples) == 1 and "date" in [k for e in c.elements for k in e.concepts]


def test_quoted_examples_in_brackets_become_phrases_of_one_element() -> None:
    c = compile_stage("Приветствие", "Оператор называет салон и предложение помощи («чем могу помочь?»)")
    el = next(e for e in c.elements if e.phrases)
    assert el.phrases == ("чем могу помочь",)
    assert "помощь" in el.keywords


def test_objections_the_criterion_lists_are_recognised_in_the_clients_words() -> None:
    call = dialog(
        ("M", "«Веломир», Арсений, слушаю."),
        ("C", "Хочу купить велосипед за тридцать тысяч, но доставка у вас долгая."),
        ("M", "Понимаю, зато есть самовывоз сегодня же со склада на Лесной, и он бесплатный."),
        ("C", "Ну хорошо, а цена со скидкой будет?"),
        ("M", "Да, при покупке сегодня скидка пять процентов."),
    )
    criterion = "Если клиент возражал (долгая доставка, нет размера), менеджер отвечает по существу."
    assert _one(call, "Возражения", criterion).status == "completed"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("в пятницу, одиннадцатого декабря, в шесть", "2026-12-11"),
        ("суббота, двенадцатое, в десять утра", "2026-12-12"),
        ("пятнадцатого февраля созвонимся", "2027-02-15"),
        ("завтра в семь", "2026-12-01"),
        ("в субботу в любое время", None),
    ],
)
def test_an_agreed_day_as_an_iso_date(text: str, iso: str | None) -> None:
    assert _outcome.iso_date(normalize_numbers(text).lower(), dt.date(2026, 11, 30)) == iso


def test_an_afternoon_hour_and_oclock_times() -> None:
    assert _outcome.time_of(normalize_numbers("в среду в два").lower()) == "14:00"
    assert _outcome.time_of(normalize_numbers("восемнадцать ноль-ноль").lower()) == "18:00"
    assert _outcome.time_of(normalize_numbers("в семь утра").lower()) == "07:00"


def _fields(transcript: list[Utterance], *specs: FieldSpec) -> dict[str, object]:
    res = EmbeddedEvaluator().extract_table(transcript, TableSpec("t", "Карточка", specs))
    return {k: v.value for k, v in res.values.items()}


def test_fields_read_from_their_description_person_organisation_and_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_outcome, "today", lambda: dt.date(2026, 11, 30))
    call = dialog(
        ("M", "Сервис «Веломир», Арсений, здравствуйте."),
        ("C", "Добрый день, я из компании «Горный край», хотим купить пять велосипедов, Стелс Навигатор."),
        ("M", "Цена за штуку тридцать тысяч рублей, для компании скидка."),
        ("C", "Подходит, хотим посмотреть вживую."),
        ("M", "Записываю вас к мастеру Козлову Ивану Петровичу на пятницу, одиннадцатого декабря, в шесть."),
        ("C", "Хорошо, спасибо."),
    )
    got = _fields(
        call,
        FieldSpec("firma", "Компания клиента"),
        FieldSpec("master", "Мастер (ФИО)"),
        FieldSpec("model", "Какая модель велосипеда нужна"),
        FieldSpec("visit", "Дата визита", "date"),
    )
    assert got["firma"] == "Горный край"
    assert got["master"] == "Козлов Иван Петрович"
    assert got["model"] is not None and "Навигатор" in str(got["model"])
    assert got["visit"] == "2026-12-11"


def _demo_call(offer: str) -> list[Utterance]:
    return dialog(
        ("M", "Компания «Софтлайн», Олег, здравствуйте."),
        ("C", "Добрый день, хотим купить программу для склада, сколько стоит лицензия?"),
        ("M", "Лицензия стоит сорок тысяч рублей в год."),
        ("C", "Понятно, а что она умеет?"),
        ("M", offer),
        ("C", "Да, давайте, это удобно."),
        ("M", "Тогда до связи, всего доброго."),
    )


def test_a_reviewed_call_teaches_the_phrase_the_rules_missed() -> None:
    from rop.analysis.embedded import LabelledExample

    spec = StageSpec("demo", "Демонстрация", "Менеджер предложил демонстрацию продукта")
    reviewed = _demo_call("Давайте я покажу вам на экране, как программа ведёт остатки на складе.")
    new = _demo_call("Давайте я покажу на экране, как программа ведёт остатки вашего склада.")
    ev = EmbeddedEvaluator()
    (before,) = ev.evaluate_checklist(new, checklist(spec))
    examples = {"demo": [LabelledExample("completed", tuple(reviewed), "r1")]}
    (after,) = ev.evaluate_checklist(new, checklist(spec), examples=examples)
    assert before.status == "failed", before.comment
    assert after.status == "completed", after.comment


@pytest.mark.parametrize(
    "answer, want",
    [
        ("Ну, два с половиной. Край — два семьсот.", 2_700_000.0),
        ("Тридцать две в месяц.", 32_000.0),
    ],
)
def test_an_answer_to_the_budget_question_without_its_unit(answer: str, want: float) -> None:
    call = dialog(
        ("M", "Салон «Веломир», Арсений, здравствуйте. Подберём вам электровелосипед, от миллиона рублей."),
        ("C", "Здравствуйте, хочу купить электровелосипед."),
        ("M", "На какую сумму рассчитываете, сколько готовы платить?"),
        ("C", answer),
        ("M", "Понял, подберём варианты."),
        ("C", "Спасибо."),
    )
    monthly = "месяц" in answer
    spec = FieldSpec("budget", "Бюджет в месяц, руб." if monthly else "Бюджет, руб.", "number")
    assert _fields(call, spec)["budget"] == want
