"""Table extraction: values for fields described in words, None when the call does not say."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind, parse_amounts
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

TABLE = TableSpec(
    "TBL_1",
    "Анкета",
    (
        FieldSpec("client_name", "Имя клиента"),
        FieldSpec("budget_range", "Сколько денег готов потратить клиент"),
        FieldSpec("location", "Где клиент хочет жить: район, микрорайон"),
        FieldSpec("object_type", "Тип объекта", "enum", ("квартира", "дом", "апартаменты")),
        FieldSpec("rooms", "Количество комнат", "number"),
        FieldSpec("objections", "Возражения клиента"),
        FieldSpec("conversion_stage", "Насколько клиент заинтересован"),
    ),
)

CALL = dialog(
    ("M", "Добрый день, меня зовут Анна, агентство «Городской дом». Как к вам обращаться?"),
    ("C", "Ирина."),
    ("M", "Ирина, сколько комнат и в каком районе ищете?"),
    ("C", "Двухкомнатную квартиру в Приморском районе."),
    ("M", "На какой бюджет рассчитываете?"),
    ("C", "Где-то восемь с половиной миллионов."),
    ("M", "Есть квартира за восемь миллионов двести тысяч, пять минут до метро."),
    ("C", "Дороговато, но посмотреть можно."),
)


def _values(transcript: list[Utterance]) -> dict[str, object]:
    result = EmbeddedEvaluator().extract_table(transcript, TABLE)
    assert result.table_id == "TBL_1"
    assert list(result.values) == [f.key for f in TABLE.fields]
    return {k: v.value for k, v in result.values.items()}


def test_name_budget_district_and_more_from_a_call() -> None:
    v = _values(CALL)
    assert v["client_name"] == "Ирина"
    assert v["budget_range"] == "8,5 млн руб"
    assert v["location"] == "Приморский район"
    assert v["object_type"] == "квартира"
    assert v["rooms"] == 2.0
    assert v["objections"] == "дорого"
    assert v["conversion_stage"] is None  # nothing in the call says it in a way we can extract


def test_values_carry_verbatim_quotes() -> None:
    result = EmbeddedEvaluator().extract_table(CALL, TABLE)
    for fv in result.values.values():
        if fv.value is not None:
            assert any(fv.quote in u.text for u in CALL) and fv.quote
            assert 0 < fv.confidence <= 100


def test_manager_own_name_is_not_the_client_name() -> None:
    transcript = dialog(
        ("M", "Здравствуйте, это Игорь, агентство «Ключ». Вы оставляли заявку на квартиру?"),
        ("C", "Да, меня зовут Сергей Петров, хочу двушку."),
    )
    assert _values(transcript)["client_name"] == "Сергей Петров"


def test_name_answer_in_lower_case_asr_text() -> None:
    transcript = dialog(
        ("M", "добрый день агентство дом как я могу к вам обращаться"),
        ("C", "елена"),
        ("M", "елена какую квартиру вы ищете"),
        ("C", "двушку в калининском районе бюджет до шести миллионов"),
    )
    v = _values(transcript)
    assert v["client_name"] == "Елена"
    assert v["location"] == "Калининский район"
    assert v["budget_range"] == "6 млн руб"


def test_budget_range_and_price_of_an_offer_are_told_apart() -> None:
    transcript = dialog(
        ("M", "Какую сумму вы готовы потратить на квартиру?"),
        ("C", "От пяти до шести с половиной миллионов."),
        ("M", "Есть вариант, стоит семь миллионов."),
    )
    assert _values(transcript)["budget_range"] == "5–6,5 млн руб"


def test_fields_are_none_when_the_call_does_not_say() -> None:
    transcript = dialog(
        ("C", "Здравствуйте, квартира ещё продаётся?"),
        ("M", "Да, продаётся."),
        ("C", "Сколько стоит?"),
        ("M", "Десять миллионов."),
    )
    v = _values(transcript)
    assert v["client_name"] is None
    assert v["budget_range"] is None  # the price of the object is not the client's budget
    assert v["location"] is None


def test_not_a_sales_call_fills_nothing() -> None:
    transcript = dialog(
        ("C", "Алло, это пиццерия на Лиговском?"),
        ("M", "Нет, вы ошиблись номером, это офис."),
    )
    assert all(value is None for value in _values(transcript).values())


def test_field_kind_is_driven_by_the_description() -> None:
    assert field_kind(FieldSpec("f1", "Как зовут клиента")) == "name"
    assert field_kind(FieldSpec("f2", "Бюджет на покупку")) == "budget"
    assert field_kind(FieldSpec("x", "Желаемая локация: район или метро")) == "location"
    assert field_kind(FieldSpec("budget_range", "")) == "budget"
    assert field_kind(FieldSpec("mgr", "Имя менеджера")) == "manager_name"
    assert field_kind(FieldSpec("q", "Настроение клиента", "enum", ("хорошее", "плохое"))) == "enum"


def test_money_amounts_share_the_scale_of_a_range() -> None:
    assert parse_amounts("от 5 до 7000000") == [5_000_000.0, 7_000_000.0]
    assert parse_amounts("кухня 12 метров") == []
