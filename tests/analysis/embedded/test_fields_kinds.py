"""Field kinds read from the customer's words: product-like fields, the price the manager quoted,
a person's age, a budget stated as a limit or with the scale said first, surname-first names."""

from __future__ import annotations

from typing import Literal

import pytest

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.amounts import amounts_in
from rop.analysis.embedded.fields import field_kind, parse_amounts
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

FieldType = Literal["string", "number", "enum", "date"]


def _value(transcript: list[Utterance], spec: FieldSpec) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (spec,)))
    return result.values[spec.key].value


@pytest.mark.parametrize(
    ("description", "type_", "kind"),
    [
        ("Какой тариф выбрал клиент", "string", "product"),
        ("Услуга, которую хочет клиент", "string", "product"),
        ("Объект ремонта (квартира, дом, офис)", "string", "product"),
        ("Какую цену назвал менеджер, руб.", "number", "price_quoted"),
        ("Озвученная стоимость", "number", "price_quoted"),
        ("Возраст собаки", "number", "age"),
        ("Сколько клиент готов платить в месяц, руб.", "string", "budget"),
        ("Бюджет клиента", "string", "budget"),
        ("Дата и время визита", "string", "next_step"),
    ],
)
def test_field_kind_follows_the_customers_description(description: str, type_: FieldType, kind: str) -> None:
    assert field_kind(FieldSpec("f", description, type_)) == kind


def test_product_field_takes_what_the_client_asked_about() -> None:
    call = dialog(
        ("M", "Студия «Пион», добрый день, меня зовут Ольга."),
        ("C", "Здравствуйте. Я насчёт маникюра с покрытием, на субботу."),
        ("M", "Есть окно в субботу в двенадцать."),
    )
    value = _value(call, FieldSpec("usluga", "Какая услуга нужна клиенту"))
    assert value == "маникюр"  # the head of the request; "с ...", "на субботу" are its details


def test_product_field_takes_the_answer_to_a_question_about_the_category() -> None:
    call = dialog(
        ("M", "Добрый день, сервис «Колесо», меня зовут Павел. Какая у вас машина?"),
        ("C", "Фольксваген Поло, пятнадцатого года."),
        ("M", "Понял, замена резины у нас стоит две тысячи."),
    )
    value = _value(call, FieldSpec("avto", "Автомобиль клиента (марка и модель)"))
    assert value == "Фольксваген Поло"


def test_product_field_drops_the_fields_own_category_word() -> None:
    call = dialog(
        ("M", "Добрый день, вы интересовались ремонтом кухни?"),
        ("C", "Да, кухня маленькая, шесть метров."),
    )
    assert _value(call, FieldSpec("obj", "Объект ремонта (кухня, ванная, комната)")) == "кухня"


def test_product_field_is_empty_when_nothing_was_asked_for() -> None:
    call = dialog(("M", "Добрый день, вам удобно говорить?"), ("C", "Нет, я за рулём."))
    assert _value(call, FieldSpec("usluga", "Какая услуга нужна клиенту")) is None


def test_price_quoted_is_the_managers_answer_to_the_price_question() -> None:
    call = dialog(
        ("M", "Здравствуйте, бассейн «Волна», меня зовут Игорь."),
        ("C", "Добрый день. Абонемент для ребёнка, восемь лет. А сколько стоит?"),
        ("M", "Три тысячи двести в месяц, восемь занятий по сорок пять минут."),
    )
    assert _value(call, FieldSpec("cena", "Какую цену назвал менеджер", "number")) == 3200


def test_price_quoted_is_zero_for_a_free_service() -> None:
    call = dialog(
        ("C", "Сколько у вас стоит первичный осмотр?"),
        ("M", "Осмотр бесплатный, а лечение — от двух тысяч."),
    )
    assert _value(call, FieldSpec("cena", "Озвученная стоимость", "number")) == 0


def test_age_is_the_answer_to_how_old() -> None:
    call = dialog(
        ("C", "Добрый день, хочу записать дочку на плавание."),
        ("M", "Сколько лет дочке?"),
        ("C", "Одиннадцать, в пятом классе."),
    )
    assert _value(call, FieldSpec("vozrast", "Возраст ребёнка", "number")) == 11


def test_age_said_with_years() -> None:
    call = dialog(("M", "Чем могу помочь?"), ("C", "Внуку двенадцать лет, ищем секцию по шахматам."))
    assert _value(call, FieldSpec("vozrast", "Возраст ученика, лет", "number")) == 12


def test_money_amounts_leave_out_times_and_counts() -> None:
    assert amounts_in(normalize_numbers("шесть четыреста в месяц")) == [6400]
    assert amounts_in(normalize_numbers("в группе до восьми человек, в девять ноль-ноль")) == []


def test_amounts_with_the_scale_said_first() -> None:
    assert parse_amounts(normalize_numbers("бюджет тысяч семь-восемь").lower(), 1000) == [7000, 8000]
    assert parse_amounts(normalize_numbers("думал тысяч до пяти").lower(), 1000) == [5000]
    assert parse_amounts(normalize_numbers("до ста восьмидесяти тысяч").lower(), 1000) == [180000]


def test_budget_stated_as_a_monthly_limit_without_a_question() -> None:
    call = dialog(
        ("M", "Добрый день, охранное агентство «Щит», меня зовут Денис. Предлагаем пультовую охрану."),
        ("C", "Интересно. Сколько это будет стоить?"),
        ("M", "Для вашего склада — девять тысяч в месяц."),
        ("C", "Дороговато. Мы в пределах семи тысяч в месяц вписываемся максимум."),
    )
    value = _value(call, FieldSpec("byudzhet", "Сколько клиент готов платить в месяц, руб."))
    assert value is not None and "7" in str(value) and "9" not in str(value)


def test_surname_said_before_the_name_is_kept() -> None:
    call = dialog(
        ("M", "Автошкола «Старт», администратор Мария. Как к вам обращаться?"),
        ("C", "Кузнецова Дарья."),
        ("M", "Дарья, обучение стоит тридцать тысяч, можно в рассрочку. Записываю на вождение?"),
        ("C", "Да, записывайте."),
    )
    assert _value(call, FieldSpec("fio", "ФИО ученика")) == "Кузнецова Дарья"


def test_next_step_phrase_names_the_proposed_action_and_its_day() -> None:
    call = dialog(
        ("M", "Добрый день, студия ремонта «Уют», меня зовут Олег. Вы оставляли заявку на ремонт ванной."),
        ("C", "Да, плитка отвалилась, нужно переделать. Сколько это будет стоить?"),
        ("M", "От девяноста тысяч. Предлагаю бесплатный замер. Среда, в десять утра удобно?"),
        ("C", "Давайте в среду в десять."),
        ("M", "Записал, до встречи."),
    )
    assert _value(call, FieldSpec("shag", "Следующий шаг: что и когда")) == "бесплатный замер — среда, 10:00"


def test_next_step_phrase_keeps_a_sent_offer_with_the_call_after_it() -> None:
    call = dialog(
        ("M", "Добрый день, типография «Лист», меня зовут Нина. Вам нужны визитки для офиса?"),
        ("C", "Возможно, пришлите цены, посмотрим."),
        ("M", "Пришлю КП на почту сегодня, а в пятницу в двенадцать созвонимся?"),
        ("C", "Хорошо, в пятницу."),
    )
    assert _value(call, FieldSpec("shag", "Следующий шаг")) == "КП на почту, созвон — пятница, 12:00"


def test_date_field_takes_the_day_the_client_moved_the_step_to() -> None:
    call = dialog(
        ("M", "Добрый день, автосалон «Восток», Дмитрий. Запишу вас на тест-драйв: четверг, десятое, подойдёт?"),
        ("C", "В четверг не могу. Давайте в понедельник."),
        ("M", "Понедельник, четырнадцатое, в девять тридцать? Стоимость машины — два миллиона."),
        ("C", "Да, подходит."),
    )
    got = _value(call, FieldSpec("data", "Дата тест-драйва", "date"))
    assert isinstance(got, str) and got.endswith("-14")


def test_company_is_the_clients_not_the_managers_product_nor_the_current_supplier() -> None:
    call = dialog(
        ("M", "Добрый день, компания «Связь-Про», Антон. Вы пекарня «Колосок»?"),
        ("C", "Да. У нас сейчас «Ромашка-Телеком», интернет падает."),
        ("M", "Для вас подойдёт тариф «Бизнес-100», три тысячи в месяц."),
        ("C", "Дорого, подумаем."),
    )
    assert _value(call, FieldSpec("kompaniya", "Компания клиента")) == "Колосок"


def test_company_kind_when_the_field_allows_it() -> None:
    call = dialog(
        ("M", "Добрый день, компания «Связь-Про», Антон. Я по поводу интернета для вашей автомойки."),
        ("C", "Да, слушаю, я владелец. Сколько стоит?"),
        ("M", "Пять тысяч в месяц."),
        ("C", "Дорого."),
    )
    spec = FieldSpec("kompaniya", "Название компании клиента (или вид бизнеса, если название не прозвучало)")
    assert _value(call, spec) == "автомойка"
    assert _value(call, FieldSpec("kompaniya", "Компания клиента")) is None


def test_objections_leave_out_sentences_that_do_not_object() -> None:
    call = dialog(
        ("M", "Добрый день, охрана «Щит», меня зовут Денис. Какая у вас сейчас охрана?"),
        ("C", "Камеры старые, запись на флешку."),
        ("M", "Предлагаем облачный архив за четыре тысячи в месяц."),
        ("C", "Дороговато, надо подумать. Всего доброго."),
    )
    value = _value(call, FieldSpec("vozrazheniya", "Возражения клиента"))
    assert value is not None and "Камеры" not in str(value) and "доброго" not in str(value)


def test_a_district_one_letter_off_snaps_even_when_a_stem_competes() -> None:
    from rop.analysis.embedded.gazetteer import snap_district

    assert snap_district("Кулининский") == "Калининский"  # not "Ленинский" (its stem ends the word)
    assert snap_district("Ленинский") == "Ленинский"


@pytest.mark.parametrize(
    ("description", "type_", "kind"),
    [
        ("Как клиент будет платить", "enum", "enum"),
        ("Способ оплаты", "string", "payment"),
    ],
)
def test_how_the_client_pays_is_not_a_budget(description: str, type_: FieldType, kind: str) -> None:
    options = ("помесячно", "сразу") if type_ == "enum" else ()
    assert field_kind(FieldSpec("f", description, type_, options)) == kind


def test_district_adjective_said_alone() -> None:
    call = dialog(
        ("M", "Добрый день, застройщик «Город», меня зовут Ирина. В каком районе смотрите квартиру?"),
        ("C", "Лучше Невский, там работа. Бюджет до семи миллионов."),
        ("M", "Есть однушки от шести миллионов."),
    )
    assert _value(call, FieldSpec("raion", "Район")) == "Невский район"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("Да, старый «Форд», десятого года.", "да"), ("Нет, эту оставлю себе.", "нет")],
)
def test_yes_no_field_is_the_clients_answer_on_the_topic(reply: str, expected: str) -> None:
    call = dialog(
        ("M", "Добрый день, мотосалон «Вираж», меня зовут Глеб. Какой мотоцикл смотрите?"),
        ("C", "Кроссовый, до трёхсот тысяч."),
        ("M", "А свой мотоцикл на обмен сдавать будете?"),
        ("C", reply),
    )
    spec = FieldSpec("obmen", "Сдаёт ли клиент свой мотоцикл в обмен", "enum", ("да", "нет"))
    assert _value(call, spec) == expected


def test_yes_no_field_is_empty_when_the_topic_never_came_up() -> None:
    call = dialog(
        ("M", "Добрый день, мотосалон «Вираж», меня зовут Глеб. Какой мотоцикл смотрите?"),
        ("C", "Кроссовый, до трёхсот тысяч."),
    )
    spec = FieldSpec("obmen", "Сдаёт ли клиент свой мотоцикл в обмен", "enum", ("да", "нет"))
    assert _value(call, spec) is None


def test_enum_answered_by_a_question_takes_the_option_the_answer_names() -> None:
    call = dialog(
        ("M", "Автосервис «Гайка», Олег, чем могу помочь?"),
        ("C", "Здравствуйте, нужна замена масла, хочу записаться."),
        ("M", "Запишу на завтра на десять. А как вы о нас узнали?"),
        ("C", "Нашла вас на картах, там отзывы хорошие."),
    )
    spec = FieldSpec(
        "istochnik", "Как клиент узнал о сервисе", "enum", ("сарафанное радио", "интернет/карты", "вывеска", "другое")
    )
    assert _value(call, spec) == "интернет/карты"


def test_other_is_never_chosen_from_the_word_other() -> None:
    call = dialog(
        ("M", "Автосервис «Гайка», Олег, чем могу помочь?"),
        ("C", "Перенесите меня на другой день, пожалуйста."),
    )
    spec = FieldSpec("istochnik", "Как клиент узнал о сервисе", "enum", ("интернет/карты", "вывеска", "другое"))
    assert _value(call, spec) is None
