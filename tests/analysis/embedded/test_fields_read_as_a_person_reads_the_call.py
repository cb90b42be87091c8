"""Table fields read the way a person reads the call: a place field whose description lists its
closed set of names, a size the staff offered, a client type or a «for whom» a person reads by
default, the option the client asks for in its own words, and a visit day that is no sending day."""

from __future__ import annotations

import datetime as dt

from rop.analysis.callday import on_call_day
from rop.analysis.types import FieldSpec, TableSpec
from tests.analysis.embedded.helpers import dialog

CALL_DAY = dt.date(2026, 12, 2)  # a Wednesday


def _value(spec: FieldSpec, *turns: tuple[str, str]) -> object:
    from rop.analysis.embedded import EmbeddedEvaluator

    with on_call_day(CALL_DAY):
        result = EmbeddedEvaluator().extract_table(dialog(*turns), TableSpec("T", "Анкета", (spec,)))
    return result.values[spec.key].value


BRANCH = FieldSpec("branch", "В каком сервисе клиент будет обслуживаться (Заречье, Северный, ТЦ Галерея)")


def test_listed_place_is_the_name_said_for_the_choice_in_any_inflection() -> None:
    got = _value(
        BRANCH,
        ("M", "Автосервис Мотор, Павел, здравствуйте."),
        ("C", "Здравствуйте, меня зовут Олег, нужно поменять масло."),
        ("M", "Олег, вам где удобнее — в Заречье, на Северном или в Галерее?"),
        ("C", "Заречье далеко, давайте на Северном."),
        ("M", "Хорошо, записываю вас на Северный, замена масла две тысячи рублей."),
    )
    assert got == "Северный"


def test_listed_place_said_by_the_staff_only_and_never_a_random_noun() -> None:
    got = _value(
        BRANCH,
        ("M", "Автосервис Мотор, сервис в Галерее, Павел, здравствуйте."),
        ("C", "Здравствуйте, Олег. У меня стучит подвеска, сколько стоит диагностика?"),
        ("M", "Диагностика подвески тысяча двести рублей."),
    )
    assert got == "ТЦ Галерея"


def test_listed_place_snaps_an_asr_garbled_spelling() -> None:
    got = _value(
        BRANCH,
        ("M", "автосервис мотор павел здравствуйте"),
        ("C", "здравствуйте олег нужно колёса поменять"),
        ("M", "давайте на севереном в субботу замена колёс две тысячи"),
    )
    assert got == "Северный"


def test_listed_place_of_a_wrong_number_is_empty() -> None:
    got = _value(
        BRANCH,
        ("M", "Автосервис Мотор, сервис в Заречье, Павел, здравствуйте."),
        ("C", "Это поликлиника? Я, кажется, ошибся номером."),
        ("M", "Нет, это автосервис."),
        ("C", "Извините."),
    )
    assert got is None


def test_size_offered_by_the_staff_fills_a_number_field() -> None:
    description = "Площадь помещения в квадратных метрах, которую предложил менеджер или выбрал клиент"
    spec = FieldSpec("area", description, "number")
    got = _value(
        spec,
        ("M", "Коворкинг Точка, Ирина, здравствуйте."),
        ("C", "Здравствуйте, Артём. Нужен кабинет на троих."),
        ("M", "Могу предложить кабинет двенадцать квадратов, это тридцать тысяч в месяц."),
        ("C", "А поменьше нет? Это дороговато."),
        ("M", "Есть кабинет девять квадратов за двадцать четыре тысячи."),
        ("C", "Давайте девять."),
    )
    assert got == 9.0


CLIENT_TYPE = FieldSpec("who", "Физическое лицо, ИП или компания", "enum", ("физлицо", "ИП", "юрлицо"))


def test_client_type_said_by_the_client() -> None:
    got = _value(
        CLIENT_TYPE,
        ("M", "Типография Лист, Марина, здравствуйте."),
        ("C", "Здравствуйте, я ИП, Сергей. Нужны визитки, тысяча штук."),
        ("M", "Сергей, визитки тысяча штук — две тысячи рублей."),
    )
    assert got == "ИП"


def test_client_type_defaults_to_a_private_person() -> None:
    got = _value(
        CLIENT_TYPE,
        ("M", "Типография Лист, Марина, здравствуйте."),
        ("C", "Здравствуйте, Сергей. Хочу напечатать приглашения на свадьбу, штук пятьдесят."),
        ("M", "Сергей, пятьдесят приглашений — три тысячи рублей."),
    )
    assert got == "физлицо"


WHOM = FieldSpec("whom", "Для кого услуга", "enum", ("для себя", "для ребёнка", "для другого взрослого"))


def test_for_whom_names_another_adult_or_defaults_to_the_caller() -> None:
    for_mother = _value(
        WHOM,
        ("M", "Салон Слух, Анна, здравствуйте."),
        ("C", "Здравствуйте, Ольга. Мне нужен слуховой аппарат. Ну, то есть для мамы."),
        ("M", "Ольга, подбор аппарата бесплатный, аппараты от двадцати тысяч."),
    )
    assert for_mother == "для другого взрослого"
    for_self = _value(
        WHOM,
        ("M", "Салон Слух, Анна, здравствуйте."),
        ("C", "Здравствуйте, Ольга. Я плохо слышу в шумных местах, сколько стоит проверка слуха?"),
        ("M", "Ольга, проверка слуха бесплатная, приходите в пятницу."),
    )
    assert for_self == "для себя"


def test_request_kind_is_the_option_the_client_asks_for_in_its_own_words() -> None:
    spec = FieldSpec(
        "need", "С чем обратился клиент", "enum", ("замена экрана", "покупка чехла", "только диагностика")
    )
    got = _value(
        spec,
        ("M", "Сервис Мобайл, Денис, здравствуйте."),
        ("C", "Здравствуйте, Игорь. Телефон перестал заряжаться, нужна диагностика."),
        ("M", "Игорь, диагностика бесплатная, приносите."),
    )
    assert got == "только диагностика"


def test_visit_day_is_no_day_something_is_sent() -> None:
    spec = FieldSpec("visit", "На какую дату договорились о визите в офис", "date")
    got = _value(
        spec,
        ("M", "Компания Кров, Юлия, здравствуйте."),
        ("C", "Здравствуйте, Антон. Хочу узнать про аренду склада."),
        ("M", "Антон, склад двести метров, сто тысяч в месяц. Пришлю вам договор сегодня на почту."),
        ("C", "Хорошо, посмотрю и приеду как-нибудь на той неделе."),
    )
    assert got is None
