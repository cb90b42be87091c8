"""Conditions and call-type gating (b9-na2): a step of the sale on a call by an existing customer, a
company's name in «» that looks like a word, a repeat contact, «при …, этап не оценивается», a
requirement with «и хотя бы одно …:» and counted questions."""

from __future__ import annotations

from rop.analysis.embedded import calltype, compile_stage
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog, stage, status_of

ORDER_STATUS = dialog(
    ("M", "Мебельная фабрика «Уют», Олег, здравствуйте."),
    ("C", "Здравствуйте, я у вас шкаф заказывала в октябре, у меня претензия: дверца не закрывается."),
    ("M", "Сейчас посмотрю ваш заказ. Да, вижу. Мастер приедет в четверг в десять."),
    ("C", "Хорошо, спасибо."),
    ("M", "Всего доброго, до свидания."),
)
NEW_ORDER = dialog(
    ("M", "Мебельная фабрика «Уют», Олег, здравствуйте."),
    ("C", "Здравствуйте, хочу заказать шкаф в прихожую."),
    ("M", "Какая ширина ниши?"),
    ("C", "Метр двадцать."),
    ("M", "Всего доброго, до свидания."),
)
# a manager calls after a visit; the company is named «Документ», a word that also reads as a service word
FOLLOW_UP = dialog(
    ("M", "Алло, Инна, добрый день, это Павел, салон «Документ»."),
    ("C", "Да, здравствуйте."),
    ("M", "Вы у нас в субботу смотрели диван, что решили?"),
    ("C", "Пока думаем."),
)
NEEDS = stage("Выяснил бюджет и сроки покупки.", "n")
GOODBYE = stage("Попрощался с клиентом.", "g")


def test_a_sales_step_on_an_existing_customers_call_is_not_applicable() -> None:
    assert calltype.classify(prepare(ORDER_STATUS)).kind == "service"
    assert status_of(ORDER_STATUS, NEEDS) == "not_applicable"
    assert status_of(NEW_ORDER, NEEDS) == "failed"  # a buyer who was not asked: the step failed


def test_the_closing_still_applies_to_an_existing_customers_call() -> None:
    assert calltype.sales_only_stage({"budget", "timeline"})
    assert not calltype.sales_only_stage({"farewell"})
    assert not calltype.sales_only_stage({"meeting", "date", "time"})
    assert status_of(ORDER_STATUS, GOODBYE) == "completed"


def test_a_company_name_in_quotes_is_no_service_word() -> None:
    assert calltype.classify(prepare(FOLLOW_UP)).kind == "sales"


def test_an_existing_customer_is_a_repeat_contact_and_a_missed_call_is_not() -> None:
    assert calltype.of_kind("repeat", prepare(ORDER_STATUS))
    missed = dialog(
        ("M", "Компания «Лестницы», Ольга, здравствуйте."),
        ("C", "Здравствуйте, я вам вчера звонил, но не дозвонился. Хочу лестницу на второй этаж."),
        ("M", "Какая высота потолка?"),
    )
    assert not calltype.of_kind("repeat", prepare(missed))


def test_a_bare_adjective_names_the_repeat_kind() -> None:
    compiled = compile_stage("Бюджет", "Узнал бюджет. Повторный / перезвон — н/п")
    assert [c.call_kinds for c in compiled.conditions] == [("repeat",), ("callback",)]


def test_a_circumstance_without_a_dash_is_a_condition() -> None:
    compiled = compile_stage(
        "Данные", "Все элементы: марка, модель, год. При звонке только для отмены заказа этап не оценивается."
    )
    assert [c.outcome for c in compiled.conditions] == ["not_applicable"]
    assert compiled.conditions[0].topic


def test_one_element_and_at_least_one_of_a_list_needs_both() -> None:
    compiled = compile_stage(
        "Презентация", "Предложил конкретную модель и назвал хотя бы одно преимущество: гарантия, доставка или цвет."
    )
    assert compiled.requirement.mode == "all"
    assert len(compiled.elements) == 2


def test_counted_questions_take_no_unasked_answer() -> None:
    compiled = compile_stage(
        "Выявление", "Задано не менее 3 вопросов о клиенте: бюджет, сроки, район, количество комнат."
    )
    assert compiled.volunteered == "never"
    assert compiled.requirement.mode == "at_least" and compiled.requirement.n == 3
    assert compiled.elements
    told = compile_stage(
        "Выявление", "Не менее двух вопросов о питомце: возраст, вес. Рассказ без вопросов не считается."
    )
    assert told.volunteered == "never"


def test_items_marked_required_must_each_be_there() -> None:
    from rop.analysis.embedded.verdict import _every_one

    marked = compile_stage("Встреча", "Назначил встречу:\n— дата (обязательно);\n— время (обязательно);\n— адрес.")
    assert _every_one(marked)
    without = compile_stage("Встреча", "Договорился о встрече с датой и временем. Без даты не засчитывается.")
    assert _every_one(without)
    optional = compile_stage("Встреча", "Назвал дату, время и адрес; менеджер обязательно это делает.")
    assert not _every_one(optional)


def test_a_managers_follow_up_call_keeps_its_sales_steps() -> None:
    follow_up = dialog(
        ("M", "Алло, Инна, добрый день, это Павел, салон мебели, по вашей претензии и по дивану."),
        ("C", "Да, здравствуйте."),
        ("M", "Вы у нас в субботу смотрели диван, что решили?"),
        ("C", "Пока думаем."),
        ("M", "Хорошо, до свидания."),
    )
    assert calltype.classify(prepare(follow_up)).kind == "service"  # the manager named the service word
    assert status_of(follow_up, NEEDS) == "failed"  # his own call: its sales steps still apply
