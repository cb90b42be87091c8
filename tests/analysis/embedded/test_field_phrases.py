"""Product-like and free-text fields in the client's own short words: a car, a service, a size, a
goal (examples written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (spec,)))
    return result.values[spec.key].value


CAR = FieldSpec("car", "Какой автомобиль хочет клиент (марка и модель)")
SERVICE = FieldSpec("service", "Какая услуга нужна")
SIZE = FieldSpec("size", "Размер кухни")
AREA = FieldSpec("area", "Площадь помещения, м²", "number")
GOAL = FieldSpec("goal", "Цель клиента")


def test_a_model_the_client_is_looking_at_is_the_car_not_the_price_asked() -> None:
    call = dialog(
        ("M", "Автосалон «Мотор», Анна, здравствуйте."),
        ("C", "Здравствуйте. Присматриваю Шкоду Кодиак, хотел узнать цену."),
    )
    assert _value(CAR, call) == "Шкода Кодиак"


def test_a_service_asked_about_as_available_is_the_service() -> None:
    call = dialog(
        ("M", "Автосервис «Мотор», слушаю."),
        ("C", "Добрый день, развал-схождение у вас делают сегодня?"),
    )
    assert _value(SERVICE, call) == "развал-схождение"


def test_a_size_is_kept_as_the_client_says_it() -> None:
    assert field_kind(SIZE) == "size"
    call = dialog(
        ("M", "Мебель «Лофт», слушаю."),
        ("C", "Здравствуйте, хочу шкаф-купе в прихожую."),
        ("M", "Какой размер нужен?"),
        ("C", "Два сорок по стене, глубина шестьдесят."),
    )
    assert _value(SIZE, call) == "Два сорок по стене"
    said = dialog(
        ("M", "Мебель «Лофт», слушаю."),
        ("C", "Нужна угловая кухня, три на два метра."),
    )
    assert _value(SIZE, said) == "три на два метра"


def test_an_area_field_is_the_number_said_with_its_measure() -> None:
    call = dialog(
        ("M", "Клининг «Блеск», слушаю."),
        ("C", "Нужно убрать офис, там метров восемьдесят."),
    )
    assert _value(AREA, call) == 80


def test_a_goal_is_the_clients_answer_or_what_they_want_to_do() -> None:
    assert field_kind(GOAL) == "goal"
    asked = dialog(
        ("M", "Бассейн «Волна», Анна, здравствуйте."),
        ("C", "Здравствуйте, сколько стоит абонемент?"),
        ("M", "От трёх тысяч. А какая у вас цель?"),
        ("C", "Спину укрепить, врач посоветовал."),
    )
    assert _value(GOAL, asked) == "Спину укрепить"
    said = dialog(
        ("M", "Бассейн «Волна», Анна, здравствуйте."),
        ("C", "Здравствуйте, хочу научиться плавать, сколько стоит абонемент?"),
    )
    assert _value(GOAL, said) == "научиться плавать"


NAME = FieldSpec("name", "Имя клиента")


def test_the_client_addressed_in_the_managers_first_words_is_the_client() -> None:
    call = dialog(
        ("M", "Тамара Львовна, здравствуйте! Меня зовут Роман, компания «Окна»."),
        ("C", "Да, слушаю."),
        ("M", "Вы оставляли заявку на замер, какой бюджет?"),
        ("C", "Тысяч сто."),
    )
    assert _value(NAME, call) == "Тамара"
    asr = dialog(
        ("M", "Тамара Львовна, добрый, день, это роман компания окна"),
        ("C", "да слушаю"),
        ("M", "вы оставляли заявку на замер какой бюджет"),
        ("C", "тысяч сто"),
    )
    assert _value(NAME, asr) == "Тамара"


def test_the_client_saying_menya_name_zovut_is_the_client_even_if_asr_gave_it_to_the_manager() -> None:
    call = dialog(
        ("M", "Добрый день компания окна Дарина,"),
        ("C", "Здравствуйте, меня Дарина зовут, хочу заказать замер."),
        ("M", "Какой бюджет?"),
        ("C", "Тысяч сто."),
    )
    assert _value(NAME, call) == "Дарина"


def test_asr_prices_split_by_a_hyphen_or_given_tens_in_digits_are_whole_sums() -> None:
    from rop.analysis.embedded.numbers import normalize_numbers

    assert normalize_numbers("чистка стоит три-восемьсот") == "чистка стоит 3800"
    assert normalize_numbers("от 40 трёх тысяч") == "от 43000"
    assert normalize_numbers("стоит три-пять тысяч") == "стоит 3-5000"  # a range stays a range


def test_a_price_asked_with_skolko_inside_a_sentence_is_answered_by_the_next_figure() -> None:
    price = FieldSpec("price", "Цена, которую назвали (руб.)")
    call = dialog(
        ("M", "сервис мотор слушаю"),
        ("C", "завтра не могу а сколько сейчас стоит замена ремня"),
        ("M", "замена ремня от 30 пяти тысяч а диагностика бесплатно"),
    )
    assert _value(price, call) == 35000


def test_a_name_asr_cut_at_its_start_takes_the_whole_name_the_manager_says() -> None:
    call = dialog(
        ("M", "Школа «Знание», здравствуйте."),
        ("C", "Здравствуйте, меня Рина Павловна зовут, сыну нужна математика."),
        ("M", "Ирина Павловна, в каком он классе?"),
        ("C", "В восьмом."),
    )
    assert _value(NAME, call) in {"Ирина Павловна", "Ирина"}
