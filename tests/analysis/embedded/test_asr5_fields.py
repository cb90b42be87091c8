"""b9-asr5: table fields robust to the table's wording and to ASR text (domain-neutral examples)."""

from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec


def test_name_of_the_person_the_manager_spoke_to_is_the_clients() -> None:
    spec = FieldSpec("contact", "Как зовут человека со стороны заказчика, с которым беседовал менеджер")
    assert field_kind(spec) == "name"
    spec = FieldSpec("person", "Имя собеседника (тот, кому звонил оператор)")
    assert field_kind(spec) == "name"


def test_name_of_the_manager_stays_the_managers() -> None:
    assert field_kind(FieldSpec("mgr", "Имя менеджера, который говорил с клиентом")) == "manager_name"
    assert field_kind(FieldSpec("mgr", "Как зовут консультанта")) == "manager_name"


def _value(spec: FieldSpec, *turns: tuple[str, str]) -> object:
    from rop.analysis.embedded import EmbeddedEvaluator
    from rop.analysis.types import TableSpec
    from tests.analysis.embedded.helpers import dialog

    result = EmbeddedEvaluator().extract_table(dialog(*turns), TableSpec("T", "Анкета", (spec,)))
    return result.values[spec.key].value


def test_lower_case_named_place_in_any_reading_of_its_noun() -> None:
    spec = FieldSpec("zk", "ЖК или район, который интересует клиента")
    got = _value(
        spec,
        ("M", "Агентство Дом, слушаю."),
        ("C", "Здравствуйте, звоню по объявлению."),
        ("M", "По сосновому бору, верно? Я как раз по нему звоню."),
        ("C", "Да, бюджет семь миллионов."),
    )
    assert got == "Сосновый бор"  # "бору" reads first as «бора», its locative is the second one


def test_lower_case_adjective_place_said_twice_fills_a_district_field() -> None:
    spec = FieldSpec("area", "Район, где живёт семья")
    got = _value(
        spec,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "Здравствуйте, хотим на занятия, мы в заречном живём, у вас там есть?"),
        ("M", "Да, филиал в заречном на улице Мира, абонемент восемь тысяч в месяц."),
        ("C", "Хорошо, запишите нас на пробное."),
    )
    assert got == "Заречный"


def test_lower_case_town_fills_a_city_or_locality_field() -> None:
    city = FieldSpec("city", "Город, где находится офис клиента")
    got = _value(
        city,
        ("M", "Компания Сеть, слушаю."),
        ("C", "У нас офис в екатеринбурге, двадцать компьютеров."),
        ("M", "Понял, в екатеринбурге у нас есть инженеры, абонентка тридцать тысяч в месяц."),
        ("C", "Присылайте предложение."),
    )
    assert got == "Екатеринбург"
    place = FieldSpec("addr", "Адрес доставки или населённый пункт объекта")
    got = _value(
        place,
        ("M", "Склад Стройка, слушаю."),
        ("C", "Сколько стоит кирпич? Нужно купить, привезти в покровское, в субботу."),
        ("M", "Итого кирпич, суббота, покровское, сорок тысяч рублей."),
        ("C", "Договорились, оплачу картой."),
    )
    assert got == "Покровское"


CHILD = FieldSpec("kid", "имя ребенка")


def test_child_name_is_the_answer_about_the_child_not_the_callers_name() -> None:
    assert field_kind(CHILD) == "child_name"
    got = _value(
        CHILD,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "Здравствуйте, меня Светлана зовут, хочу сына записать на плавание."),
        ("M", "Как зовут мальчика, сколько ему?"),
        ("C", "Егор, шесть лет."),
        ("M", "Абонемент шесть тысяч в месяц."),
    )
    assert got == "Егор"


def test_child_name_next_to_a_child_word_and_two_children_together() -> None:
    got = _value(
        CHILD,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "Здравствуйте, у меня дочка Полина, ей пять, хотим на танцы."),
        ("M", "Полине понравится, абонемент шесть тысяч."),
    )
    assert got == "Полина"
    got = _value(
        CHILD,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "Здравствуйте, хочу двоих записать, сколько стоит?"),
        ("M", "Как зовут детей?"),
        ("C", "Лиза и Коля, им восемь и десять."),
        ("M", "Абонемент шесть тысяч."),
    )
    assert got == "Лиза и Коля"


def test_no_child_name_when_only_the_caller_was_named() -> None:
    got = _value(
        CHILD,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "Здравствуйте, это Марина, хотим на танцы, сколько стоит?"),
        ("M", "Сколько лет ребёнку?"),
        ("C", "Семь."),
        ("M", "Абонемент шесть тысяч, Марина."),
    )
    assert got is None


def test_age_asked_in_other_words_and_said_with_a_half() -> None:
    spec = FieldSpec("age", "возраст ребенка лет", "number")
    got = _value(
        spec,
        ("M", "Студия Радуга, здравствуйте."),
        ("C", "Здравствуйте, хотим на рисование."),
        ("M", "А лет сколько?"),
        ("C", "Пять, в июне было."),
    )
    assert got == 5
    got = _value(
        spec,
        ("M", "Студия Радуга, здравствуйте."),
        ("C", "Здравствуйте, хотим на рисование."),
        ("M", "Сколько малышу?"),
        ("C", "Три с половиной, летом четыре будет."),
    )
    assert got == 3


def test_city_field_takes_the_city_said_anywhere_and_its_nickname() -> None:
    city = FieldSpec("city", "Город, где находится офис клиента")
    got = _value(
        city,
        ("M", "Компания Сеть, слушаю. Сколько у вас компьютеров?"),
        ("C", "Двадцать, офис на Садовой, агентство «Тихая гавань»."),
        ("M", "Вы в каком городе, в Твери?"),
        ("C", "Да, Тверь. Абонентка у вас сколько стоит?"),
        ("M", "Тридцать тысяч в месяц."),
    )
    assert got == "Тверь"
    got = _value(
        city,
        ("M", "Компания Сеть, слушаю. Сколько у вас компьютеров?"),
        ("C", "Десять, мы в Питере. Сколько стоит обслуживание?"),
        ("M", "Двадцать тысяч в месяц, могу прислать предложение."),
        ("C", "Присылайте, посмотрим."),
    )
    assert got == "Санкт-Петербург"


def test_short_own_name_declined_or_glued_by_asr_is_heard() -> None:
    from rop.analysis.embedded.fuzzy import name_spoken

    assert name_spoken("Вега", ["студиявега"])  # glued onto the dictionary word before it
    assert name_spoken("Вега", ["веги"])  # declined
    assert not name_spoken("Вега", ["веганский"])
    assert not name_spoken("Вега", ["мывега"])  # the rest is no word
    assert not name_spoken("Вега", ["река"])


def test_a_name_with_one_unstressed_vowel_misheard_is_recognised() -> None:
    from rop.analysis.embedded.fuzzy import asr_name

    assert asr_name("Игарь") == "Игорь"
    assert asr_name("Олися") == "Олеся"
    assert asr_name("Гульнера") == "Гульнара"
    assert asr_name("Малейший") is None


def test_child_name_in_lower_case_asr_text() -> None:
    got = _value(
        CHILD,
        ("M", "студия радуга, ольга, здравствуйте."),
        ("C", "здравствуйте, хочу сына записать на плавание, сколько стоит?"),
        ("M", "а как зовут мальчика?"),
        ("C", "егор, ему шесть."),
        ("M", "абонемент шесть тысяч в месяц."),
    )
    assert got == "Егор"


def test_region_or_settlement_fields_do_not_take_every_town_mentioned() -> None:
    from rop.analysis.embedded.fields import _CITY_ONLY, _town_weight

    assert _town_weight(FieldSpec("city", "Город, где находится офис клиента")) == _CITY_ONLY
    assert _town_weight(FieldSpec("region", "Регион или город, где работает клиент")) < _CITY_ONLY
    assert _town_weight(FieldSpec("where", "Направление, посёлок или «ближе к городу»")) < _CITY_ONLY
    assert _town_weight(FieldSpec("zk", "ЖК или район")) == 0


def test_a_plain_adjective_with_a_settlement_word_is_no_place_name() -> None:
    spec = FieldSpec("area", "Район, где живёт семья")
    got = _value(
        spec,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "Здравствуйте, мы в соседнем посёлке живём, сколько стоят занятия?"),
        ("M", "Восемь тысяч в месяц, а в соседнем посёлке у нас филиала нет."),
        ("C", "Хорошо, подумаем."),
    )
    assert got is None
