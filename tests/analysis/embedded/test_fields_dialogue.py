"""Fields read the way a person reads the call: whose name, money limits, payment, next step, interest."""

import datetime as dt

import pytest

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

TABLE = TableSpec(
    "T",
    "Лиды",
    (
        FieldSpec("name", "Имя клиента"),
        FieldSpec("budget", "Бюджет клиента"),
        FieldSpec("budget_max", "Максимальный бюджет, руб", "number"),
        FieldSpec("payment", "Способ оплаты"),
        FieldSpec("objections", "Возражения клиента"),
        FieldSpec("next", "Следующий шаг"),
        FieldSpec("next_date", "Дата и время встречи", "date"),
        FieldSpec("interest", "Уровень интереса клиента", "enum", ("высокий", "средний", "низкий")),
    ),
)


def _values(*turns: tuple[str, str]) -> dict[str, object]:
    result = EmbeddedEvaluator().extract_table(dialog(*turns), TABLE)
    return {k: v.value for k, v in result.values.items()}


@pytest.mark.parametrize(
    "opening",
    [
        "Здравствуйте, меня Алексей зовут, агентство «Дом». Ищете квартиру?",
        "Алексей, агентство «Дом», добрый день. Ищете квартиру?",
        "Добрый день, на связи Алексей, агентство «Дом». Ищете квартиру?",
        "Добрый день, это Алексей из агентства «Дом». Ищете квартиру?",
        "Вас приветствует Алексей, агентство «Дом». Ищете квартиру?",
        "Добрый день, агентство «Дом», отдел продаж, Алексей. Ищете квартиру?",
        "добрый день меня зовут алексей агентство дом ищете квартиру",
    ],
)
def test_client_name_is_never_the_managers_own(opening: str) -> None:
    v = _values(
        ("M", opening),
        ("C", "Да, Алексей, здравствуйте, ищу двушку, бюджет до трёх миллионов."),
        ("M", "Хорошо, подберу варианты квартир."),
    )
    assert v["name"] is None
    v = _values(("M", opening), ("C", "Да, меня зовут Марина, ищу квартиру."), ("M", "Марина, подберу варианты."))
    assert v["name"] == "Марина"


def test_client_name_from_how_the_manager_addresses_them() -> None:
    v = _values(
        ("M", "Здравствуйте, меня зовут Алексей, агентство «Дом»."),
        ("C", "Здравствуйте, я по объявлению о квартире."),
        ("M", "Ольга Петровна, квартира ещё продаётся, хотите посмотреть?"),
    )
    assert v["name"] == "Ольга"


@pytest.mark.parametrize(
    "said,text,maximum",
    [
        ("Бюджет до трёх миллионов.", "3 млн руб", 3_000_000.0),
        ("Рассчитываем на два-два с половиной миллиона.", "2–2,5 млн руб", 2_500_000.0),
        ("От пяти до шести миллионов, не больше.", "5–6 млн руб", 6_000_000.0),
        ("В пределах трёх с половиной миллионов.", "3,5 млн руб", 3_500_000.0),
    ],
)
def test_money_limits_and_ranges(said: str, text: str, maximum: float) -> None:
    v = _values(
        ("M", "Добрый день, агентство «Дом». Какую квартиру ищете и на какую сумму?"),
        ("C", f"Двушку. {said}"),
    )
    assert v["budget"] == text
    assert v["budget_max"] == maximum


def test_payment_methods_and_objections_as_a_list() -> None:
    v = _values(
        ("M", "Добрый день, автосалон «Север». Как планируете оплачивать автомобиль?"),
        ("C", "Часть в кредит, а свою машину сдадим в трейд-ин."),
        ("M", "Кроссовер стоит два миллиона триста тысяч."),
        ("C", "Дороговато. И далеко до вас ехать, надо подумать."),
    )
    assert v["payment"] == "кредит, трейд-ин"
    assert v["objections"] == "дорого; нужно подумать; далеко"


def test_next_step_with_its_date_and_time() -> None:
    turns = (
        ("M", "Добрый день, агентство «Дом», квартира в Кудрово ещё продаётся."),
        ("C", "Хочу посмотреть."),
        ("M", "Давайте организуем показ. Когда вам удобно?"),
        ("C", "В субботу в одиннадцать утра."),
        ("M", "Договорились, жду вас."),
    )
    v = _values(*turns)
    assert v["next"] == "показ"  # the day and time have their own column ("Дата и время встречи")
    alone = TableSpec("T", "Лиды", (FieldSpec("next", "Следующий шаг"),))
    assert EmbeddedEvaluator().extract_table(dialog(*turns), alone).values["next"].value == "показ — суббота, 11:00"
    # a date field holds the calendar day: the coming Saturday after the call day (today)
    today = dt.date.today()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    assert v["next_date"] == f"{saturday.isoformat()} 11:00"


def test_interest_level_decided_from_the_call() -> None:
    hot = _values(
        ("M", "Добрый день, автосалон «Север». Кроссовер в наличии."),
        ("C", "Отлично, очень интересно, хочу купить."),
        ("M", "Приезжайте на тест-драйв завтра в пять вечера."),
        ("C", "Договорились, приеду."),
    )
    cold = _values(
        ("M", "Добрый день, агентство «Дом», вы оставляли заявку на квартиру."),
        ("C", "Уже не актуально, мы уже купили."),
        ("M", "Понял, извините."),
    )
    lukewarm = _values(
        ("M", "Добрый день, агентство «Дом», квартира за пять миллионов."),
        ("C", "Дорого, я подумаю."),
        ("M", "Хорошо."),
    )
    assert hot["interest"] == "высокий"
    assert hot["next"] == "тест-драйв"  # its day and time go to the date column
    assert cold["interest"] == "низкий"
    assert lukewarm["interest"] in {"низкий", "средний"}


def test_fields_of_a_silent_call_stay_empty() -> None:
    transcript: list[Utterance] = dialog(("C", "Алло?"), ("M", "Алло, вас не слышно."))
    result = EmbeddedEvaluator().extract_table(transcript, TABLE)
    assert all(fv.value is None for fv in result.values.values())


def test_a_colleague_named_by_the_manager_is_not_the_client() -> None:
    v = _values(
        ("M", "Добрый день, агентство «Дом». Как к вам обращаться?"),
        ("C", "Татьяна. Хочу купить квартиру."),
        ("M", "Татьяна, документы по квартире проверит наш юрист Ольга Сергеевна."),
    )
    assert v["name"] == "Татьяна"

    v = _values(
        ("M", "Добрый день, агентство «Дом». Хотите купить квартиру?"),
        ("C", "Да, хочу купить квартиру."),
        ("M", "Хорошо, документы по квартире проверит наш юрист Ольга Сергеевна."),
    )
    assert v["name"] is None


def test_a_call_of_an_unfamiliar_trade_fills_the_tables_own_fields() -> None:
    table = TableSpec(
        "G",
        "Груминг",
        (
            FieldSpec("name", "Имя клиента"),
            FieldSpec("breed", "Порода собаки"),
            FieldSpec("service", "Какую стрижку выбрал клиент"),
        ),
    )
    call = dialog(
        ("M", "Алло, это Мария, грумер. Как к вам обращаться?"),
        ("C", "Ксения. У меня собака, шпиц, нужна стрижка."),
        ("M", "Ксения, для шпица советую гигиеническую стрижку."),
        ("C", "Хорошо, давайте."),
    )
    values = {k: v.value for k, v in EmbeddedEvaluator().extract_table(call, table).values.items()}
    assert values["name"] == "Ксения"


def test_a_budget_in_thousands_when_asked_for() -> None:
    v = _values(
        ("M", "Добрый день, агентство «Дом», аренда квартир. Какой у вас бюджет на аренду в месяц?"),
        ("C", "До сорока тысяч в месяц."),
        ("M", "Есть однокомнатная квартира за тридцать восемь тысяч."),
    )
    assert v["budget"] == "40 тыс руб"
    assert v["budget_max"] == 40_000.0
