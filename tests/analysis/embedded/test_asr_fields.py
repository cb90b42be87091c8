"""Table fields read from ASR-like text: garbled names, split prices, payment words, districts."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import _hyphen_district, _merged_name
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

NAME = FieldSpec("contact", "Имя собеседника со стороны клиента")
PRICE = FieldSpec("price", "Какую цену назвал менеджер, руб.", "number")
PAY_ENUM = FieldSpec("pay", "Как клиент будет платить", "enum", ("помесячно", "весь год сразу", "материнский капитал"))
PAY = FieldSpec("pay", "Способ оплаты", "enum", ("ипотека", "наличные", "рассрочка", "материнский капитал"))
DISTRICT = FieldSpec("district", "Район, где клиент ищет квартиру")


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Анкета", (spec,)))
    return result.values[spec.key].value


def test_split_thousands_before_money_words_are_joined() -> None:
    assert normalize_numbers("8-300 в месяц") == "8300 в месяц"
    assert normalize_numbers("три-девятьсот за занятие") == "3900 за занятие"
    assert normalize_numbers("девять, сто рублей") == "9100 рублей"


def test_ranges_of_hundreds_and_times_stay_apart() -> None:
    assert normalize_numbers("5-600 рублей") == "5-600 рублей"  # 500–600
    assert normalize_numbers("с 9-30 до 11-00") == "с 9-30 до 11-00"
    assert normalize_numbers("1500-300 мегабит") == "1500-300 мегабит"


def test_price_said_as_split_thousands_is_read_whole() -> None:
    call = dialog(
        ("M", "Автошкола «Руль», слушаю вас."),
        ("C", "Сколько стоит обучение на категорию Б?"),
        ("M", "Восемь-триста в месяц, курс три месяца."),
        ("C", "Понятно, спасибо."),
    )
    assert _value(PRICE, call) == 8300


def test_manager_name_in_an_opening_that_asks_who_is_speaking_is_not_the_client() -> None:
    call = dialog(
        ("M", "Добрый день, Олеся, Сетьпром, с кем могу поговорить по поводу охраны офиса?"),
        ("C", "Со мной, я завхоз, слушаю."),
        ("M", "Скажите, сейчас у вас какая сигнализация и сколько стоит обслуживание?"),
        ("C", "Старая, платим немало, тысяч пять в месяц."),
        ("M", "У нас пакет за четыре тысячи в месяц, могу прислать предложение."),
        ("C", "Присылайте, посмотрим."),
    )
    assert _value(NAME, call) is None


def test_client_name_merged_by_asr_is_taken_from_the_managers_address() -> None:
    call = dialog(
        ("M", "Добрый день, меня зовут Олеся, компания Сетьпром, кто у вас отвечает за охрану?"),
        ("C", "Со мной, я директор, геннадийпавлович слушаю."),
        ("M", "Геннадий Павлович, сколько у вас помещений?"),
        ("C", "Два склада и офис."),
        ("M", "Тогда пакет на три объекта, двенадцать тысяч в месяц."),
        ("C", "Дорого, я подумаю."),
    )
    assert _value(NAME, call) == "Геннадий"


def test_managers_address_right_after_a_garbled_self_introduction_names_the_client() -> None:
    call = dialog(
        ("M", "Здравствуйте, меня зовут Олеся, компания Сетьпром, звоню насчёт охраны."),
        ("C", "Да, это Фодосей, хозяин."),
        ("M", "Феодосий, у вас сейчас есть сигнализация?"),
        ("C", "Нет, только камеры."),
        ("M", "Тогда предложу пакет за девять тысяч в месяц."),
        ("C", "Пришлите на почту."),
    )
    assert _value(NAME, call) == "Феодосий"


def test_a_lower_case_word_that_is_also_a_name_is_not_the_client() -> None:
    call = dialog(
        ("M", "Добрый день, меня зовут Олеся, компания Сетьпром, охрана для бизнеса."),
        ("C", "Не интересно, у меня руки в цветах, некогда."),
        ("M", "Поняла, извините, до свидания."),
        ("C", "До свидания."),
    )
    assert _value(NAME, call) is None


def test_payment_words_split_or_assimilated_by_asr_are_recognised() -> None:
    def pay(answer: str) -> object:
        return _value(
            PAY,
            dialog(
                ("M", "Добрый день, застройщик «Берег», отдел продаж."),
                ("C", "Я по поводу однокомнатной квартиры."),
                ("M", "Какой бюджет и как планируете оплачивать?"),
                ("C", answer),
            ),
        )

    assert pay("Около пяти миллионов, и потека уже одобрена.") == "ипотека"
    assert pay("Первый взнос моткопиталом, остальное сами.") == "материнский капитал"
    assert pay("Около пяти миллионов, наличными.") == "наличные"


def test_monthly_payment_garbled_by_asr_chooses_the_monthly_option() -> None:
    call = dialog(
        ("M", "Студия «Холст», слушаю вас."),
        ("C", "Сколько стоят занятия для взрослых?"),
        ("M", "Пять тысяч в месяц, можно сразу за год со скидкой."),
        ("C", "По миниссячной давайте, так удобнее."),
    )
    assert _value(PAY_ENUM, call) == "помесячно"


def test_compound_district_split_by_a_hyphen_is_snapped() -> None:
    assert _hyphen_district("петро-градский") == "Петроградский"
    assert _hyphen_district("северо-западный") == ""
    assert _hyphen_district("кое-какой") == ""
    call = dialog(
        ("M", "Добрый день, застройщик «Берег», отдел продаж. Какой район рассматриваете?"),
        ("C", "Лучше петро-градский, там работа."),
        ("M", "Понял, подберу варианты."),
        ("C", "Спасибо."),
    )
    assert _value(DISTRICT, call) == "Петроградский район"


COMPANY = FieldSpec("company", "Название компании клиента (или вид бизнеса, если название не прозвучало)")


def test_business_the_manager_calls_into_is_the_clients_company() -> None:
    call = dialog(
        ("M", "Добрый день, меня зовут Олеся, компания Сетьпром, я дозвонилась в автомойку на Садовой?"),
        ("C", "Да, а что нужно?"),
        ("M", "Хотели предложить охрану для бизнеса, пакет за девять тысяч в месяц."),
        ("C", "Не надо, у нас договор."),
    )
    assert _value(COMPANY, call) == "автомойка"


def test_business_noun_on_the_next_asr_line_of_the_same_turn_counts() -> None:
    call = [
        Utterance(0.0, 2.0, "manager", "Здравствуйте, это Олеся, звоню по поводу охраны для вашего"),
        Utterance(2.0, 3.0, "manager", "магазина."),
        Utterance(4.0, 6.0, "client", "Да, слушаю, я продавец."),
        Utterance(7.0, 9.0, "manager", "Есть пакет за девять тысяч в месяц, прислать предложение?"),
        Utterance(10.0, 12.0, "client", "Присылайте."),
    ]
    assert _value(COMPANY, call) == "магазин"


def test_the_managers_own_business_after_you_called_is_not_the_clients() -> None:
    call = dialog(
        ("M", "Здравствуйте, вы позвонили в автомойку «Блеск», меня зовут Олеся."),
        ("C", "Здравствуйте, хочу записать машину на мойку."),
        ("M", "На какое время?"),
        ("C", "На завтра в десять."),
    )
    assert _value(COMPANY, call) != "автомойка"


def test_the_doctor_is_not_the_child_whose_name_the_manager_repeats() -> None:
    call = dialog(
        ("M", "Клиника «Здоровье», Ольга."),
        ("C", "Здравствуйте, хочу записать сына к неврологу."),
        ("M", "Как зовут ребёнка?"),
        ("C", "Соколов Петя. Пётр."),
        ("M", "Записала Петю Соколова к Васильевой Анне Игоревне на завтра в десять."),
        ("C", "Спасибо."),
    )
    doctor = _value(FieldSpec("doctor", "Врач (ФИО или фамилия)"), call)
    assert str(doctor).split()[0] == "Васильева"


def test_a_name_asr_ran_into_the_next_word_is_read_from_the_managers_address() -> None:
    call = dialog(
        ("M", "Студия «Холст», добрый день."),
        ("C", "Здравствуйте, тимофейду, я насчёт занятий."),
        ("M", "тимофейто, для чего вам рисование?"),
        ("C", "Для себя, хочу научиться."),
    )
    assert _value(NAME, call) == "Тимофей"
    assert _merged_name("тимофейто") == "Тимофей"
    assert _merged_name("тимофей") == ""  # a known word: nothing merged
