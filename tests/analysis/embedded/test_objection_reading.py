"""What counts as the client's objection: the objections the criterion lists in its own body; the
client describing what he has in answer to the manager's question is no objection; a judgement of
the offer is one; «дорога» (a road) is not «дорого»."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.embedded.verdict import compiled_objection_examples
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

HANDLING = StageSpec(
    "obj", "Возражения", "На каждое возражение клиента (дорого; свой мастер / сами ремонтируем; пришлите прайс) "
    "ответил аргументом. Возражений не было — не применимо."
)


def _status(transcript: list[Utterance], stage: StageSpec = HANDLING) -> str:
    return status_of(transcript, stage)


def test_the_objections_listed_in_the_body_of_the_criterion_are_read() -> None:
    compiled = compile_stage(HANDLING.name, HANDLING.criterion)
    phrases = [p for p, _ in compiled_objection_examples(compiled)]
    assert {"дорого", "свой мастер", "сами ремонтируем", "пришлите прайс"} <= set(phrases)


def test_a_listed_objection_in_the_clients_words_makes_the_stage_applicable() -> None:
    listed = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Обслуживаем лифты в жилых домах, хотим предложить договор."),
        ("C", "Нам не нужно, у нас свой мастер есть."),
        ("M", "Свой мастер не выезжает ночью, а у нас бригада круглосуточно, и запчасти на складе."),
        ("C", "Ну, это аргумент."),
    )
    assert _status(listed) != "not_applicable"


def test_describing_what_one_has_in_answer_to_a_question_is_no_objection() -> None:
    described = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Какие у вас лифты стоят?"),
        ("C", "Старые, маленькие, ещё советские."),
        ("M", "Сколько их в доме?"),
        ("C", "Два, в разных подъездах. Дорога к дому одна, через двор."),
        ("M", "Приедем в четверг, осмотрим оба."),
        ("C", "Хорошо."),
    )
    assert _status(described) == "not_applicable"


def test_the_offer_judged_in_answer_to_how_do_you_like_it_is_an_objection() -> None:
    judged = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Вы смотрели наш договор, как вам?"),
        ("C", "Посмотрел. Гарантия маленькая, всего полгода."),
        ("M", "Понимаю. Можем дать год, если договор на три года."),
        ("C", "Это уже лучше."),
    )
    assert _status(judged) != "not_applicable"


def test_we_have_our_own_is_an_objection_and_a_listed_one_counts_even_when_busy() -> None:
    own = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Обслуживаем лифты, хотим предложить договор."),
        ("C", "Но у нас свои люди этим занимаются."),
        ("M", "Свои люди не дадут круглосуточную аварийку, а мы дадим."),
        ("C", "Ну, подумаем."),
    )
    assert _status(own) != "not_applicable"
    busy = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Обслуживаем лифты, хотим предложить договор."),
        ("C", "Я на совещании, пришлите прайс, посмотрю."),
        ("M", "Хорошо, пришлю."),
    )
    assert _status(busy) == "failed"


def test_an_example_is_matched_as_words_not_inside_other_words() -> None:
    stage = StageSpec("obj", "Возражения", "Ответил на возражения (не сейчас, дорого). Возражений не было — н/п.")
    busy = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Обслуживаем лифты, хотим предложить договор."),
        ("C", "Мне сейчас неудобно говорить, перезвоните завтра."),
        ("M", "Хорошо, завтра в десять наберу."),
    )
    assert _status(busy, stage) == "not_applicable"


def test_a_concrete_alternative_answers_an_objection_and_everyone_does_so_does_not() -> None:
    alternative = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Обслуживаем лифты, хотим предложить договор на год."),
        ("C", "На год мы не подписываем, это дорого."),
        ("M", "Можно на три месяца, пробно, а дальше решите сами."),
        ("C", "Ну, это можно."),
    )
    brushed = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб. Обслуживаем лифты, хотим предложить договор на год."),
        ("C", "Сорок тысяч в месяц? Это ж грабёж."),
        ("M", "Ну, сейчас у всех так, цены такие."),
        ("C", "Мда."),
    )
    assert _status(alternative) == "completed"
    assert _status(brushed) == "failed"


def test_a_contract_in_a_persons_name_is_no_objection() -> None:
    owner = dialog(
        ("M", "Сервис «Лифт-Мастер», Глеб, здравствуйте."),
        ("C", "Здравствуйте, лифт у нас встал, а у нас с вами договор на Петрова Ивана."),
        ("M", "Вижу договор, мастер приедет через час."),
        ("C", "Спасибо."),
    )
    assert _status(owner) == "not_applicable"
