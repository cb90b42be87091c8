"""Sums of money as ASR writes them: a misheard scale, a comma inside the sum, a scale said first
with a comma, «итого» split in two, «бюджет» misheard in the question, a bare sum in a call of
larger sums. Domain-neutral examples written for these tests."""

from rop.analysis.embedded.amounts import price_quoted
from rop.analysis.embedded.fields import budget, location
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import FieldSpec
from tests.analysis.embedded.helpers import dialog

BUDGET = FieldSpec("byudzhet", "Бюджет клиента в рублях")
PRICE = FieldSpec("price", "Какую цену назвал менеджер, руб.", "number")


def _budget(*turns: tuple[str, str]) -> object:
    return budget(BUDGET, prepare(dialog(*turns))).value


def test_a_misheard_million_before_bare_hundreds_is_one_sum() -> None:
    assert normalize_numbers("катер продал, мелион 300.") == "катер продал, 1300000."
    assert normalize_numbers("миллион, 400 где-то") == "1400000 где-то"
    assert normalize_numbers("два миллиона 500") == "2500000"


def test_a_million_before_a_count_or_a_real_word_stays_apart() -> None:
    assert normalize_numbers("миллион 200 метров") == "1000000 200 метров"
    assert normalize_numbers("медальон 200") == "медальон 200"


def test_the_scale_said_first_with_a_comma_scales_the_number() -> None:
    got = _budget(("M", "На какую сумму рассчитываете?"), ("C", "Ну, миллионов, четырнадцать, не больше."))
    assert got == "14 млн руб"


def test_a_limit_heard_as_kraya_is_still_the_limit() -> None:
    got = _budget(
        ("M", "Вы говорили про бюджет, пять?"),
        ("C", "Ну, 5 до 5 с половиной края."),
    )
    assert got == "5–5,5 млн руб"


def test_a_budget_question_with_budget_misheard_or_glued() -> None:
    for question in ("А беджету на какую сумму", "А отбюджет какой-то"):
        got = _budget(("M", question), ("C", "Ну где-то четыре миллиона."))
        assert got == "4 млн руб", question


def test_a_sum_for_everything_is_the_budget_without_the_question() -> None:
    got = _budget(("M", "Какая площадь нужна?"), ("C", "миллионов, 11 на все,"))
    assert got == "11 млн руб"


def test_a_bare_limit_in_a_call_of_hundreds_of_thousands_is_millions() -> None:
    got = _budget(
        ("M", "Бюджет какой?"),
        ("C", "Ну бюджет до четырех."),
        ("M", "А взнос?"),
        ("C", "Ну тысячи семь сот может."),
    )
    assert got == "4 млн руб"


def test_total_split_in_two_words_is_the_total() -> None:
    prep = prepare(
        dialog(
            ("C", "Сколько стоит покраска с полировкой?"),
            ("M", "Покраска 6000, полировка 2000 и того 8000 с материалами."),
        )
    )
    assert price_quoted(PRICE, prep).value == 8000


def test_a_range_with_the_scale_first_and_commas_is_a_range() -> None:
    got = _budget(
        ("M", "Новый такой — это миллионов, 12, 14 смотря по комплектации."),
        ("C", "В эту вилку и укладываемся."),
    )
    assert got == "12–14 млн руб"


def test_a_total_after_a_comma_is_the_clients_sum() -> None:
    got = _budget(
        ("M", "Сколько единиц берёте?"),
        ("C", "Ну, по 3,5 за штуку, плюс минус и того, 7."),
        ("M", "С 7 миллионов десять процентов это 700 тысяч."),
        ("C", "705, ну, может"),
    )
    assert got == "7 млн руб"


def test_the_limit_word_cut_into_the_next_segment_still_marks_the_limit() -> None:
    got = _budget(
        ("M", "На какую сумму ориентируетесь?"),
        ("C", "ну мы думали до 4"),
        ("M", "Как оплачивать будете?"),
        ("C", "Ну, с кредитом в 4300."),
        ("C", "Это прям край."),
    )
    assert got == "4,3 млн руб"


def test_a_number_cut_between_two_segments_is_read_whole() -> None:
    got = _budget(
        ("M", "А по бюджету?"),
        ("C", "Ну, сейчас для себя 3"),
        ("C", ",5 миллиона, вот ровно столько есть."),
    )
    assert got == "3,5 млн руб"


DISTRICT = FieldSpec("rayon", "Район или ЖК, который интересует клиента")


def test_a_known_district_written_in_lower_case_is_the_district() -> None:
    prep = prepare(dialog(("M", "Где смотрите?"), ("C", "Нам бы в октябрьском, там родители рядом."), ("M", "Понял.")))
    assert location(DISTRICT, prep).value == "Октябрьский район"


def test_an_ordinary_adjective_after_v_in_lower_case_is_no_district() -> None:
    prep = prepare(dialog(("M", "Где живёте сейчас?"), ("C", "Живём в новом доме, в хорошем месте.")))
    assert location(DISTRICT, prep).value is None


def test_a_misheard_weekday_is_the_weekday() -> None:
    from rop.analysis.embedded.numbers import asr_times

    assert asr_times("до встречи в Четвек.") == "до встречи в Четверг."
    assert asr_times("давайте в пятнецу в 11") == "давайте в пятницу в 11"
    assert asr_times("четверостишие и средний") == "четверостишие и средний"


def test_room_counts_as_asr_writes_them() -> None:
    from rop.analysis.embedded.fields import _asr_rooms

    assert _asr_rooms("европтрёжки") == 3
    assert _asr_rooms("евро-отрёжка") == 3
    assert _asr_rooms("евродушку") == 2
    assert _asr_rooms("ухкомнатную") == 2
    assert _asr_rooms("трехком") == 3
    assert _asr_rooms("душку") == 0  # a dictionary word without «евро»
    assert _asr_rooms("отрезка") == 0


def test_rooms_with_a_misheard_komnatnaya() -> None:
    from rop.analysis.embedded.fields import rooms

    spec = FieldSpec("komnat", "Сколько комнат хочет клиент (число)", "number")
    prep = prepare(dialog(("M", "Сколько комнат смотрите?"), ("C", "Трёх камнатная, на высоком этаже.")))
    assert rooms(spec, prep).value == 3


def test_mortgage_as_asr_writes_it() -> None:
    from rop.analysis.embedded.fields import _asr_payment

    assert "ипотека" in _asr_payment("и патека семейная у нас")
    assert "ипотека" in _asr_payment("у нас в офисе сидит патечный брокер")
    assert "ипотека" in _asr_payment("наверно потеку возьмём")
    assert "ипотека" not in _asr_payment("краска потекла по стене")


def test_how_many_rooms_the_client_wants_is_no_sum_of_money() -> None:
    from rop.analysis.embedded.fields import field_kind

    assert field_kind(FieldSpec("k", "Сколько комнат хочет клиент (число)", "number")) != "budget"
    assert field_kind(FieldSpec("b", "Сколько клиент готов платить за полис")) == "budget"


def test_a_known_district_opening_the_answer_is_the_district() -> None:
    prep = prepare(dialog(("M", "Район уже выбрали?"), ("C", "Ленинский там на востройке у метро убеговой.")))
    assert location(DISTRICT, prep).value == "Ленинский район"


def test_a_room_word_cut_in_two_is_read_whole() -> None:
    from rop.analysis.embedded.fields import rooms

    spec = FieldSpec("komnat", "Сколько комнат хочет клиент (число)", "number")
    prep = prepare(dialog(("M", "Что ищете?"), ("C", "Одну шку хочу, вторичку.")))
    assert rooms(spec, prep).value == 1


def test_a_first_name_glued_to_the_patronymic_is_the_clients_name() -> None:
    from rop.analysis.embedded.fields import client_name

    spec = FieldSpec("imya", "Имя клиента")
    prep = prepare(
        dialog(
            ("M", "Агентство «Ромашка», Олег, добрый день."),
            ("C", "Здравствуйте, Олег, меня зовут Марины-Петровна Соколова."),
            ("M", "Слушаю вас."),
        )
    )
    assert client_name(spec, prep).value == "Марина"


def test_a_counted_noun_with_an_unstressed_vowel_swapped_is_still_counted() -> None:
    from rop.analysis.embedded.quantities import count

    spec = FieldSpec("sotki", "Сколько соток хочет", "number")
    prep = prepare(dialog(("M", "Хорошо, сколько саток?"), ("C", "Ну 10 саток, может 12."), ("M", "Понял.")))
    assert count(spec, prep).value == 10


def test_a_count_said_with_its_noun_first_is_no_budget() -> None:
    got = _budget(
        ("M", "Сколько соток надо?"),
        ("C", "Ну соток восемь. Больше не потяну косить."),
        ("M", "А по бюджету?"),
        ("C", "Ну… миллионов одиннадцать."),
    )
    assert got == "11 млн руб"
