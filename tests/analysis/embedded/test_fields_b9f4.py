"""Price-or-budget fields, the object's price as the budget, complexes named on their own, banks
that are no place (domain-neutral examples written for these classes)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

PRICE_OR_BUDGET = FieldSpec(
    "cost", "Стоимость: цена, которую назвал мастер (сумма или вилка), а если не называл — бюджет клиента, руб."
)
OBJECT_PRICE = FieldSpec("cost", "Стоимость дома / бюджет покупки, руб.")
AREA = FieldSpec("area", "Посёлок, ЖК или район, который интересует клиента")


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Анкета", (spec,)))
    return result.values[spec.key].value


def test_staff_price_field_is_not_the_clients_budget() -> None:
    assert field_kind(PRICE_OR_BUDGET) == "price_or_budget"
    assert field_kind(OBJECT_PRICE) == "budget"
    assert field_kind(FieldSpec("lvl", "Горячий — узнал цену и записался", "enum", ("горячий", "холодный"))) != (
        "price_quoted"
    )


def test_price_after_a_dash_and_the_total_win() -> None:
    call = dialog(
        ("M", "Мастерская «Швейка», Анна, здравствуйте."),
        ("C", "Здравствуйте, мне пальто укоротить и молнию поменять."),
        ("M", "Укоротить — тысяча двести, молния — восемьсот."),
        ("C", "Хорошо, давайте."),
        ("M", "Записала: пятница, итого две тысячи."),
    )
    assert _value(PRICE_OR_BUDGET, call) == 2000


def test_price_span_with_the_scale_said_once() -> None:
    call = dialog(
        ("M", "Мастерская «Швейка», слушаю."),
        ("C", "Сколько будет стоить перешить куртку?"),
        ("M", "Без примерки не скажу, ориентир — от трёх до пяти тысяч."),
    )
    assert _value(PRICE_OR_BUDGET, call) == "3000–5000 руб"


def test_no_price_named_falls_back_to_the_clients_budget() -> None:
    call = dialog(
        ("M", "Мастерская «Швейка», слушаю."),
        ("C", "Хочу сшить платье, бюджет до пятнадцати тысяч."),
        ("M", "Приходите на примерку, посмотрим."),
    )
    assert _value(PRICE_OR_BUDGET, call) == "15 тыс руб"


def test_what_the_object_costs_is_the_budget_when_the_field_says_so() -> None:
    call = dialog(
        ("M", "Кредитный центр, здравствуйте. Что за дом, сколько стоит?"),
        ("C", "Дом в пригороде, семь двести."),
        ("M", "Первоначальный взнос есть?"),
        ("C", "Миллион есть."),
    )
    assert _value(OBJECT_PRICE, call) == "7,2 млн руб"


def test_object_price_said_with_costs_after_a_correction() -> None:
    call = dialog(
        ("M", "Кредитный центр, слушаю. Какой дом смотрите?"),
        ("C", "Кирпичный, то есть нет, каркасный. Пять триста стоит."),
        ("M", "А взнос?"),
        ("C", "Миллион сто."),
    )
    assert _value(OBJECT_PRICE, call) == "5,3 млн руб"


def test_complex_set_off_by_a_comma_and_no_bank_as_a_place() -> None:
    call = dialog(
        ("M", "Агентство «Ключи», добрый день."),
        ("C", "Здравствуйте. Хочу купить коттедж, одобрение в Сбере есть. Номер семь, «Сосновая Роща». Сколько?"),
        ("M", "Седьмой — двенадцать миллионов. Когда удобно приехать на просмотр?"),
        ("C", "В субботу."),
    )
    assert _value(AREA, call) == "Сосновая Роща"


def test_asr_grouped_digits_are_not_a_decimal() -> None:
    from rop.analysis.embedded.numbers import normalize_numbers

    assert normalize_numbers("там 6,500") == "там 6 500"
    assert normalize_numbers("8,5 млн") == "8500000"
    assert normalize_numbers("2,750 миллиона") != "2 750 миллиона"


def test_glued_preposition_locality_and_a_named_pair_said_once() -> None:
    from rop.analysis.embedded.fields import _glued_locality

    assert _glued_locality("ухимках") == "Химки"
    assert _glued_locality("нахимки") == "Химки"
    assert _glued_locality("удобно") == ""
    call = dialog(
        ("M", "агентство ключи добрый день"),
        ("C", "здравствуйте хочу купить коттедж на сосновую рощу смотрел"),
        ("M", "когда удобно приехать на просмотр"),
        ("C", "в субботу"),
    )
    assert _value(AREA, call) == "Сосновая роща"


def test_object_price_asked_without_a_question_mark_in_thousands_for_millions() -> None:
    call = dialog(
        ("M", "Кредитный центр, здравствуйте. Иван, а какая у дома стоимость."),
        ("C", "Дом кирпичный, 7200."),
        ("M", "Первоначальный взнос есть."),
        ("C", "Миллион есть."),
    )
    assert _value(OBJECT_PRICE, call) == "7,2 млн руб"


def test_a_name_that_is_also_a_word_is_a_name_before_a_patronymic() -> None:
    call = dialog(
        ("M", "Салон «Окна Плюс», добрый день."),
        ("C", "Здравствуйте. Меня Роман Петрович зовут, хочу заказать два окна на дачу."),
        ("M", "Роман Петрович, когда удобно принять замерщика?"),
        ("C", "В субботу."),
    )
    assert str(_value(FieldSpec("who", "Имя клиента"), call)).startswith("Роман")


def test_staff_price_in_thousands_without_a_price_word() -> None:
    call = dialog(
        ("M", "Мастерская «Швейка», слушаю."),
        ("C", "Я по поводу своего заказа, пальто, что по оплате"),
        ("M", "Как в квитанции, 4 тысячи без доплат."),
    )
    assert _value(PRICE_OR_BUDGET, call) == 4000
