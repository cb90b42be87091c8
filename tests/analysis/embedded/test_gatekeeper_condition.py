"""«Если до ответственного не дозвонились (секретарь не соединил) — не применимо»: the condition
names a kind of call — the manager asked for the person who decides and was turned away — and holds
on such calls only. It is not "something that was never said" (that reading made every stage of an
ordinary sales talk not applicable)."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

NEEDS = StageSpec(
    "needs", "Потребность", "Выяснил, сколько сотрудников в офисе. Если до ответственного не дозвонились "
    "(секретарь не соединил) — не применимо."
)
TERSE = StageSpec("price", "Цена", "Назвал цену. Не вышли на ЛПР — н/п.")

BLOCKED = dialog(
    ("C", "Типография «Лист», добрый день."),
    ("M", "Добрый день, меня зовут Олег, компания «Кофемания». Соедините, пожалуйста, с тем, кто у вас "
          "отвечает за офис."),
    ("C", "Маргарита Львовна на совещании. Пришлите предложение на почту, я передам."),
    ("M", "Хорошо, пришлю. Спасибо."),
)
PUT_THROUGH = dialog(
    ("C", "Типография «Лист», добрый день."),
    ("M", "Добрый день, меня зовут Олег, компания «Кофемания». Соедините, пожалуйста, с тем, кто у вас "
          "отвечает за офис."),
    ("C", "Минуточку, соединяю."),
    ("C", "Да, слушаю, Маргарита."),
    ("M", "Маргарита, мы ставим кофемашины в офисы. Сколько у вас сотрудников?"),
    ("C", "Человек сорок. Сколько это стоит?"),
    ("M", "Аренда машины четыре тысячи в месяц."),
)
DIRECT = dialog(
    ("M", "Добрый день, меня зовут Олег, компания «Кофемания». Сколько у вас сотрудников в офисе?"),
    ("C", "Человек двадцать."),
    ("M", "Аренда машины на такой офис — три с половиной тысячи в месяц."),
    ("C", "Подумаю, спасибо."),
)


def _status(transcript: list[Utterance], stage: StageSpec) -> str:
    return status_of(transcript, stage)


def test_not_reaching_the_person_who_decides_compiles_to_a_kind_of_call() -> None:
    (cond,) = compile_stage(NEEDS.name, NEEDS.criterion).conditions
    assert cond.call_kinds == ("gatekeeper",) and cond.element is None and not cond.negated
    (cond,) = compile_stage(TERSE.name, TERSE.criterion).conditions
    assert cond.call_kinds == ("gatekeeper",)


def test_a_call_turned_away_by_the_secretary_is_not_applicable() -> None:
    assert _status(BLOCKED, NEEDS) == "not_applicable"
    assert _status(BLOCKED, TERSE) == "not_applicable"


def test_a_talk_with_the_client_is_judged_whether_or_not_anyone_says_they_got_through() -> None:
    assert _status(DIRECT, NEEDS) == "completed"
    assert _status(DIRECT, TERSE) == "completed"
    assert _status(PUT_THROUGH, NEEDS) == "completed"
    assert _status(PUT_THROUGH, TERSE) == "completed"
