"""Fields driven by their description: an address, a route, a named complex, a count, a time of day,
and budgets said with corrections or without their unit (examples written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (spec,)))
    return result.values[spec.key].value


ADDRESS = FieldSpec("addr", "Адрес объекта (улица, дом, посёлок)")
ROUTE = FieldSpec("route", "Маршрут: откуда – куда")
COMPLEX = FieldSpec("object", "ЖК или район, который интересует клиента")
DOORS = FieldSpec("doors", "Сколько дверей ставим", "number")
TIME = FieldSpec("visit_time", "Время визита: ЧЧ:ММ или интервал ЧЧ:ММ-ЧЧ:ММ")
BUDGET = FieldSpec("budget", "Бюджет клиента в рублях: сумма, вилка или «до N»")

DOOR_CALL = (
    ("M", "Компания «Дверной мастер», Олег, здравствуйте."),
    ("C", "Здравствуйте, мне нужно поменять три двери: две межкомнатные и входную."),
    ("M", "Понял, три двери. Какой адрес?"),
    ("C", "Проспект Победы, семнадцать, квартира сорок. Это у парка."),
    ("M", "Когда удобно принять мастера?"),
    ("C", "В пятницу, с двух до четырёх."),
    ("M", "Записал: пятница, с четырнадцати до шестнадцати, Победы, семнадцать."),
)


def test_location_fields_are_never_read_as_products() -> None:
    assert field_kind(COMPLEX) == "location"
    assert field_kind(ADDRESS) == "location"
    assert field_kind(ROUTE) == "location"


def test_address_is_the_street_house_and_flat_the_client_gives() -> None:
    assert _value(ADDRESS, dialog(*DOOR_CALL)) == "просп. Победы, 17, кв. 40"


def test_address_keeps_the_settlement_said_before_the_street() -> None:
    call = dialog(
        ("M", "Компания «Кровля», слушаю вас."),
        ("C", "Мне крышу на даче перекрыть, сколько это стоит? Деревня Ольховка, улица Луговая, двенадцать."),
        ("M", "Стоимость посчитает замерщик, приедем в субботу."),
        ("C", "Хорошо, жду."),
    )
    assert _value(ADDRESS, call) == "дер. Ольховка, ул. Луговая, 12"


def test_no_address_is_given_when_the_client_names_none() -> None:
    call = dialog(
        ("M", "Компания «Кровля», слушаю вас."),
        ("C", "Сколько стоит перекрыть крышу? Адрес потом скину."),
        ("M", "От двухсот тысяч, зависит от площади."),
    )
    assert _value(ADDRESS, call) is None


def test_managers_own_office_is_no_clients_address() -> None:
    call = dialog(
        ("M", "Салон «Окна и двери», добрый день."),
        ("C", "Хочу посмотреть образцы."),
        ("M", "Приезжайте в наш офис: улица Мира, пять, с десяти до семи."),
    )
    assert _value(ADDRESS, call) is None


def test_route_from_and_to_said_with_prepositions() -> None:
    call = dialog(
        ("M", "Транспортная компания «Вектор», слушаю."),
        ("C", "Нам нужно возить фрукты из Краснодара в Ростов и на Воронеж. Сколько стоит рейс?"),
        ("M", "Рефрижератор, стоимость от сорока тысяч за рейс."),
        ("C", "Пришлите предложение."),
    )
    assert _value(ROUTE, call) == "Краснодар – Ростов, Воронеж"


def test_route_from_the_answer_to_where_from_and_where_to() -> None:
    call = dialog(
        ("M", "Транспортная компания «Вектор», предлагаем доставку. Откуда забираем и куда везём?"),
        ("C", "Склад у нас в Твери, а развозим по Москве."),
        ("M", "Хорошо, стоимость посчитаю и пришлю предложение."),
        ("C", "Жду."),
    )
    assert _value(ROUTE, call) == "Тверь – Москва"


def test_route_needs_both_ends() -> None:
    call = dialog(
        ("M", "Транспортная компания «Вектор», слушаю."),
        ("C", "Сколько стоит машина до Казани?"),
        ("M", "Откуда грузимся?"),
        ("C", "Из Самары."),
        ("M", "Стоимость — шестьдесят тысяч за рейс."),
    )
    assert _value(ROUTE, call) == "Самара – Казань"
    assert _value(ROUTE, dialog(("C", "Нам нужна доставка, позвоните завтра."))) is None


def test_a_quoted_complex_the_client_asks_about_is_the_location() -> None:
    call = dialog(
        ("M", "Застройщик «Гранит», Анна, здравствуйте."),
        ("C", "Здравствуйте, у меня сейчас своя однушка в Ленинском, хочу двушку в «Зелёной гавани»."),
        ("M", "В «Зелёной гавани» двушки есть, от шести миллионов."),
    )
    assert _value(COMPLEX, call) == "Зелёная гавань"


def test_another_companys_quoted_name_is_no_location() -> None:
    call = dialog(
        ("M", "Застройщик «Гранит», Анна, здравствуйте."),
        ("C", "Я смотрю квартиры, ещё у «Монолита» спрашивал."),
        ("M", "Понимаю, давайте расскажу про наши дома."),
    )
    assert _value(COMPLEX, call) is None


def test_count_of_the_thing_the_field_counts() -> None:
    assert field_kind(DOORS) == "count"
    assert _value(DOORS, dialog(*DOOR_CALL)) == 3
    answered = dialog(("M", "Сколько дверей нужно?"), ("C", "Четыре."), ("M", "Хорошо."))
    assert _value(DOORS, answered) == 4


def test_time_of_day_as_an_interval_or_a_time() -> None:
    assert field_kind(TIME) == "time"
    assert _value(TIME, dialog(*DOOR_CALL)) == "14:00-16:00"
    call = dialog(
        ("M", "Когда вам удобно?"),
        ("C", "В среду, часов в десять утра."),
        ("M", "Записал: среда, десять часов. КП пришлю на две двери."),
    )
    assert _value(TIME, call) == "10:00"


def test_number_words_in_amounts() -> None:
    assert normalize_numbers("до ста сорока") == "до 140"
    assert normalize_numbers("белобока сорока") == "белобока сорока"
    assert normalize_numbers("до полумиллиона в месяц") == "до 500000 в месяц"
    assert normalize_numbers("миллионов шесть-семь") == "6000000-7000000"


def test_budget_after_the_clients_correction() -> None:
    call = dialog(
        ("M", "Ремонт под ключ, стоимость зависит от площади. Какой бюджет на ремонт?"),
        ("C", "Ну, тысяч триста. Хотя нет, давайте до двухсот пятидесяти, триста — это много."),
    )
    assert _value(BUDGET, call) == "250 тыс руб"


def test_bare_limit_with_a_budget_word_takes_the_calls_scale() -> None:
    call = dialog(
        ("M", "Компания «Теремок», Ольга, здравствуйте."),
        ("C", "Здравствуйте, хотим построить дом."),
        ("M", "Дом под ключ у нас стоит от четырёх миллионов."),
        ("C", "Мы закладываем до пяти максимум."),
    )
    assert _value(BUDGET, call) == "5 млн руб"
    monthly = dialog(
        ("M", "Компания «Чистый дом», Ирина, здравствуйте. Предлагаем уборку офисов."),
        ("C", "Здравствуйте, у нас уже есть подрядчик."),
        ("M", "Сколько сейчас тратите?"),
        ("C", "Платим где-то сто двадцать в месяц, это много."),
    )
    assert _value(FieldSpec("b", "Бюджет в месяц, руб."), monthly) == "120 тыс руб"


# --- the same classes in ASR text: lower case, no quotes, numbers as digits, lines split ---


def test_asr_address_without_commas_or_street_word() -> None:
    call = dialog(
        ("M", "компания двери плюс добрый день"),
        ("C", "здравствуйте мне нужно поменять две двери сколько это стоит"),
        ("M", "от двенадцати тысяч за дверь какой адрес"),
        ("C", "озерная 5 квартира 12 третий этаж"),
    )
    assert _value(ADDRESS, call) == "Озерная, 5, кв. 12"


def test_asr_complex_named_by_an_adjective_the_call_repeats() -> None:
    call = dialog(
        ("M", "застройщик гранит анна здравствуйте"),
        ("C", "здравствуйте сколько стоят однушки в лесном"),
        ("M", "в лесном однушки от пяти миллионов, сдача в этом году"),
        ("C", "хорошо, подумаю"),
    )
    assert _value(COMPLEX, call) == "Лесной"
    once = dialog(
        ("M", "застройщик гранит анна здравствуйте"),
        ("C", "сколько стоят однушки, я сейчас в новом доме живу"),
        ("M", "однушки от пяти миллионов"),
        ("C", "хорошо, подумаю"),
    )
    assert _value(COMPLEX, once) is None


def test_the_manager_who_picks_up_names_themselves() -> None:
    call = dialog(
        ("M", "Добрый день, гранит, Евгений,"),
        ("C", "Здравствуйте, сколько стоит двушка?"),
        ("M", "Двушки от семи миллионов."),
        ("C", "Спасибо, подумаю."),
    )
    assert _value(FieldSpec("name", "Имя клиента"), call) is None
    outbound = dialog(
        ("M", "Добрый день, Ольга? Меня зовут Евгений, компания гранит."),
        ("C", "Да, слушаю."),
        ("M", "Ольга, вы оставляли заявку на двушку, стоимость от семи миллионов."),
        ("C", "Да, интересно."),
    )
    assert _value(FieldSpec("name", "Имя клиента"), outbound) == "Ольга"


def test_asr_range_with_its_dash_lost_after_the_total_word() -> None:
    call = dialog(
        ("M", "Застройщик «Гранит», слушаю."),
        ("C", "Двушку ищу, взнос где-то полтора."),
        ("C", "А всего, ну, миллионов и шесть семь, как получится."),
        ("M", "Двушки от шести миллионов, подберём."),
    )
    assert _value(BUDGET, call) == "6–7 млн руб"


def test_a_range_with_its_scale_first_keeps_a_multiword_second_number() -> None:
    assert normalize_numbers("тысяч семьсот-восемьсот") == "700000-800000"
    assert normalize_numbers("тысяч восемьдесят — сто двадцать") == "тысяч 80 — 120"


def test_a_bare_hundred_is_thousands_even_in_a_call_about_millions() -> None:
    call = dialog(
        ("M", "Компания «Теремок», Ольга, здравствуйте. Баня под ключ — от полутора миллионов, окна отдельно."),
        ("C", "Мне только окна. Какой бюджет? Ну, сто пятьдесят, больше не потяну."),
        ("M", "В сто пятьдесят уложимся."),
        ("C", "Хорошо."),
    )
    assert _value(BUDGET, call) == "150 тыс руб"
