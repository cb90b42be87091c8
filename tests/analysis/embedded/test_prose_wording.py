"""Criteria written as an owner's prose: reasons («поэтому», «— без этого нельзя …»), what is told
(«рассказывает, что …»), the call's result as framing («Итог звонка — …»), extra branches («Кроме
того, если …»), examples of a known thing in brackets, and «клиент сказал, что … уже не нужна»."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import dialog, status_of

GREETING = (
    "В самом начале разговора менеджер здоровается, называет нашу студию и представляется по имени. Важно: "
    "клиент с первых секунд должен понимать, с кем он говорит и к кому потом обращаться, поэтому нужны оба "
    "элемента — и название студии, и имя менеджера."
)
PROJECT = "Менеджер рассказывает, что дизайн-проект с 3D-визуализацией мы делаем бесплатно."
BOOKING = (
    "Итог звонка — запись на замер или визит в салон. Засчитываем, только если согласованы конкретный день и "
    "время или интервал («в четверг к десяти», «завтра с двух до четырёх»). Если клиент прямо сказал, что "
    "кухня ему уже не нужна (заказал в другом месте, отказался от ремонта), — этап не оценивается."
)
BUDGET = (
    "Менеджер узнаёт, на какую сумму клиент ориентируется. Кроме того, если клиент говорит, что дорого, "
    "менеджер обязан предложить нашу рассрочку."
)

GOOD = dialog(
    ("M", "Добрый день, студия «КухниЛад», меня зовут Роман."),
    ("C", "Здравствуйте, хочу угловую кухню."),
    ("M", "На какую сумму ориентируетесь?"),
    ("C", "Тысяч двести."),
    ("M", "Дизайнер нарисует проект в 3D, это бесплатно."),
    ("M", "Давайте замер в четверг к десяти?"),
    ("C", "Давайте."),
)
WEAK = dialog(
    ("M", "Добрый день, студия «КухниЛад»."),
    ("C", "Здравствуйте, хочу угловую кухню."),
    ("M", "Кухни у нас от ста тысяч."),
    ("M", "Приезжайте как-нибудь на неделе."),
    ("C", "Хорошо."),
)
NOT_NEEDED = dialog(
    ("M", "Добрый день, студия «КухниЛад», меня зовут Роман. Вы у нас проект заказывали."),
    ("C", "Да, но мы уже заказали в другом месте, кухня больше не нужна."),
    ("M", "Понял, спасибо."),
)


def test_a_reason_for_the_rule_adds_no_element() -> None:
    compiled = compile_stage("Приветствие", GREETING)
    assert "client_name" not in {e.key for e in compiled.elements}
    assert status_of(GOOD, StageSpec("g", "Приветствие", GREETING)) == "completed"
    assert status_of(WEAK, StageSpec("g", "Приветствие", GREETING)) == "failed"


def test_what_the_manager_tells_is_one_element_with_the_telling() -> None:
    compiled = compile_stage("Проект", PROJECT)
    assert len(compiled.elements) == 1
    assert status_of(GOOD, StageSpec("p", "Проект", PROJECT)) == "completed"
    assert status_of(WEAK, StageSpec("p", "Проект", PROJECT)) == "failed"


def test_the_result_of_the_call_frames_the_stage_and_the_day_and_time_decide_it() -> None:
    compiled = compile_stage("Запись", BOOKING)
    assert [e.key for e in compiled.elements] == ["date", "time"]
    assert "в четверг к десяти" in compiled.elements[1].phrases
    assert status_of(GOOD, StageSpec("z", "Запись", BOOKING)) == "completed"
    assert status_of(WEAK, StageSpec("z", "Запись", BOOKING)) == "failed"


def test_a_client_who_says_it_is_no_longer_needed_makes_the_stage_not_applicable() -> None:
    compiled = compile_stage("Запись", BOOKING)
    assert [(c.refusal, c.negated) for c in compiled.conditions] == [(True, False)]
    assert status_of(NOT_NEEDED, StageSpec("z", "Запись", BOOKING)) == "not_applicable"


def test_an_extra_branch_for_some_calls_is_not_required_on_every_call() -> None:
    compiled = compile_stage("Бюджет", BUDGET)
    assert not compiled.objection_handling
    assert [e.key for e in compiled.elements] == ["budget"]
    assert status_of(GOOD, StageSpec("b", "Бюджет", BUDGET)) == "completed"
