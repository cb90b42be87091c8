"""Criteria written as a regulation or an enumeration: «минимум два вопроса из: …», examples closed
with «и т. п.», explanations in brackets, «Не применяется, (только) если / для …», sentences saying
where the stage applies, a repeat contact, confirming the client's phone number, and «… и разговор
по существу не состоялся»."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import dialog, status_of

QUESTIONS = "Минимум два вопроса из: цель занятий; опыт тренировок; удобное время посещения."
ADVANTAGES = (
    "Не менее двух преимуществ клуба из списка: бассейн 25 м; детская комната; бесплатная парковка. "
    "Цена, скидки и акции преимуществом не считаются."
)
GREETING = (
    "Все элементы в начале разговора: (1) название клуба «Пульс»; (2) имя сотрудника; (3) предложение помощи "
    "(«чем могу помочь?», «слушаю вас» и т. п.)."
)
FIXING = (
    "Все три элемента: (1) конкретное действие (пробная тренировка или оформление карты); (2) день; "
    "(3) подтверждение номера телефона клиента (менеджер называет номер или просит подтвердить, что звонок "
    "с актуального номера). Не хватает любого элемента — этап не выполнен («подумаю и перезвоню» — не "
    "договорённость)."
)

TRIAL = dialog(
    ("M", "Фитнес-клуб «Пульс», Ксения, добрый день! Чем могу помочь?"),
    ("C", "Здравствуйте, меня Марина зовут, хочу на пробную тренировку."),
    ("M", "Марина, какая у вас цель — чего хотите от тренировок?"),
    ("C", "Похудеть хочу."),
    ("M", "А раньше занимались где-нибудь?"),
    ("C", "Ходила на пилатес года два."),
    ("M", "У нас есть детская комната, и бассейн двадцать пять метров."),
    ("M", "Когда вам удобно? В четверг к десяти?"),
    ("C", "Да, в четверг к десяти."),
    ("M", "Записываю. Номер для напоминания — тот, с которого звоните, заканчивается на сорок семь двенадцать?"),
    ("C", "Да, этот."),
)
ONE_QUESTION = dialog(
    ("M", "Фитнес-клуб «Пульс», Ксения, добрый день!"),
    ("C", "Здравствуйте, хочу на пробную тренировку."),
    ("M", "Какая у вас цель?"),
    ("C", "Похудеть."),
    ("M", "У нас есть детская комната. Приходите в четверг."),
    ("C", "Хорошо, подумаю."),
)


def test_a_count_of_questions_followed_by_their_list_needs_that_many_of_the_list() -> None:
    compiled = compile_stage("Потребности", QUESTIONS)
    assert (compiled.requirement.mode, compiled.requirement.n) == ("at_least", 2)
    assert status_of(TRIAL, StageSpec("q", "Потребности", QUESTIONS)) == "completed"
    assert status_of(ONE_QUESTION, StageSpec("q", "Потребности", QUESTIONS)) == "failed"


def test_a_count_of_things_without_a_list_still_counts_the_thing() -> None:
    compiled = compile_stage("Время", "Предложить не менее двух вариантов времени визита.")
    assert compiled.requirement.mode == "all"


def test_a_childrens_room_is_an_advantage_not_a_room_count() -> None:
    compiled = compile_stage("Презентация", ADVANTAGES)
    assert "rooms" not in {k for e in compiled.elements for k in e.concepts}
    assert (compiled.requirement.mode, compiled.requirement.n) == ("at_least", 2)
    assert status_of(TRIAL, StageSpec("p", "Презентация", ADVANTAGES)) == "completed"
    assert status_of(ONE_QUESTION, StageSpec("p", "Презентация", ADVANTAGES)) == "failed"


def test_examples_closed_with_etc_are_one_element_with_their_phrases() -> None:
    compiled = compile_stage("Приветствие", GREETING)
    assert len(compiled.elements) == 3
    assert "чем могу помочь" in compiled.elements[-1].phrases
    assert status_of(TRIAL, StageSpec("g", "Приветствие", GREETING)) == "completed"
    assert status_of(ONE_QUESTION, StageSpec("g", "Приветствие", GREETING)) == "failed"


def test_confirming_the_phone_number_is_an_element_the_call_can_show() -> None:
    compiled = compile_stage("Фиксация", FIXING)
    assert [e.key for e in compiled.elements][-1] == "contact"
    assert "summary" not in {e.key for e in compiled.elements}  # «— не договорённость» adds nothing
    assert status_of(TRIAL, StageSpec("f", "Фиксация", FIXING)) == "completed"
    assert status_of(ONE_QUESTION, StageSpec("f", "Фиксация", FIXING)) == "failed"


def test_not_applicable_written_with_only_if_or_for_is_a_condition() -> None:
    only_if = compile_stage("ПТ", "Упоминает тренинг. Не применяется, только если клиент уже занимается с тренером.")
    for_kind = compile_stage("Компания", "Назвал компанию. Этап не применяется для повторных звонков.")
    assert [c.outcome for c in only_if.conditions] == ["not_applicable"]
    assert for_kind.conditions[0].call_kinds == ("repeat",)


def test_a_sentence_saying_where_the_stage_applies_adds_no_element() -> None:
    compiled = compile_stage(
        "ПТ", "Упоминает персональные тренировки. Этап применяется ко всем звонкам, в том числе сервисным."
    )
    assert len(compiled.elements) == 1
    except_some = compile_stage("Имя", "Спросил имя клиента. Оценивается во всех звонках, кроме сервисных.")
    assert [c.outcome for c in except_some.conditions] == ["not_applicable"]


REPEAT = "Пригласил в офис продаж (если клиент уже был в ОП — н/п)."
BEEN_THERE = dialog(
    ("M", "Добрый день, ЖК «Берег», Олег."),
    ("C", "Здравствуйте, мы у вас в субботу были на просмотре, хотим уточнить про ипотеку."),
    ("M", "Да, ставка шесть процентов."),
)
FIRST_CALL = dialog(
    ("M", "Добрый день, ЖК «Берег», Олег."),
    ("C", "Здравствуйте, хочу узнать про ипотеку."),
    ("M", "Да, ставка шесть процентов."),
)


def test_a_client_who_has_been_here_before_makes_the_stage_not_applicable() -> None:
    assert status_of(BEEN_THERE, StageSpec("v", "Приглашение", REPEAT)) == "not_applicable"
    assert status_of(FIRST_CALL, StageSpec("v", "Приглашение", REPEAT)) == "failed"


CALLBACK = (
    "Выяснил бюджет. Не применяется, если клиент в начале разговора попросил перезвонить позднее и разговор "
    "по существу не состоялся."
)
BUSY = dialog(
    ("M", "Добрый день, Олег, ЖК «Берег». Удобно говорить?"),
    ("C", "Нет, я за рулём, перезвоните позже, пожалуйста."),
    ("M", "Хорошо, перезвоню."),
)


def test_the_conversation_not_taking_place_does_not_negate_the_callback_request() -> None:
    compiled = compile_stage("Бюджет", CALLBACK)
    assert [c.negated for c in compiled.conditions] == [False]
    assert status_of(BUSY, StageSpec("b", "Бюджет", CALLBACK)) == "not_applicable"
    assert status_of(FIRST_CALL, StageSpec("b", "Бюджет", CALLBACK)) == "failed"


SAT_IN_THE_OFFICE = dialog(
    ("M", "«Гранит», добрый день."),
    ("C", "Это Кравцов Сергей, я у вас бронь делал, в офисе у вас два часа сидел. Что со сроками?"),
    ("M", "Сергей, здравствуйте, сроки перенесли на квартал."),
)
WEB_LEAD = dialog(
    ("M", "Добрый день! Компания «Гранит», вы у нас на сайте заявку оставляли, по квартирам."),
    ("C", "Да, оставляла."),
    ("M", "Как могу к вам обращаться?"),
)


def test_a_visit_told_in_the_clients_own_words_is_a_repeat_contact_and_a_web_request_is_not() -> None:
    assert status_of(SAT_IN_THE_OFFICE, StageSpec("v", "Приглашение", REPEAT)) == "not_applicable"
    assert status_of(WEB_LEAD, StageSpec("v", "Приглашение", REPEAT)) == "failed"


def test_a_count_followed_by_its_list_in_brackets_counts_the_list() -> None:
    compiled = compile_stage("Презентация", "МРК называет мин 2 факта (срок сдачи, инфраструктура, планировки).")
    assert (compiled.requirement.mode, compiled.requirement.n) == ("at_least", 2)
    assert len(compiled.elements) == 3


def test_a_count_larger_than_what_was_understood_asks_for_everything_understood() -> None:
    compiled = compile_stage("Презентация", "Назвал не менее двух преимуществ (парковка, школа, парк).")
    assert compiled.requirement.mode == "all"


IN_AN_HOUR = dialog(
    ("M", "Добрый день, Наталья, ГК «Берег». Вы оставляли заявку на сайте. Как к вам обращаться?"),
    ("C", "Игорь. Я сейчас за рулём, неудобно."),
    ("M", "Понимаю, буквально минуту."),
    ("C", "Не-не, давайте не сейчас. Перезвоните через час."),
    ("M", "Хорошо, наберу вас в половине пятого."),
)


def test_a_client_who_puts_the_call_off_in_his_own_words_is_a_callback() -> None:
    compiled = compile_stage("Бюджет", CALLBACK)
    assert compiled.conditions[0].call_kinds == ("callback",)
    assert status_of(IN_AN_HOUR, StageSpec("b", "Бюджет", CALLBACK)) == "not_applicable"


REGULATION = (
    "Термины регламента: МРК — менеджер по работе с клиентами; ОП — отдел продаж; ПВ — первоначальный взнос. "
    "МРК обязан в первой своей реплике назвать своё имя и компанию. Критерий считается выполненным при наличии "
    "обоих элементов. Нарушением считается отсутствие хотя бы одного элемента (например, «Отдел продаж, добрый "
    "день» без имени)."
)


def test_a_glossary_and_a_description_of_violations_add_no_elements() -> None:
    compiled = compile_stage("Представление", REGULATION)
    assert [e.key for e in compiled.elements] == ["introduce", "company"]
    assert compiled.requirement.mode == "all"
