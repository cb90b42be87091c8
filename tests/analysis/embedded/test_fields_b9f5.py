"""Destinations (a country, a town the client wants to travel to), the cost of what a deal buys,
percentages and "N и M" in bare amounts, the manager's figure the client takes as theirs
(domain-neutral examples written for these classes)."""

from rop.analysis.embedded import EmbeddedEvaluator, places
from rop.analysis.embedded.fields import _bare_amounts, field_kind
from rop.analysis.embedded.gazetteer import snap_country
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

WHERE_TO = FieldSpec("where", "Куда собирается поехать клиент")
COUNTRY = FieldSpec("country", "Страна или курорт")
DEAL = FieldSpec("sum", "Стоимость оборудования, руб. (вся сумма сделки)")


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Анкета", (spec,)))
    return result.values[spec.key].value


def test_destination_fields_are_places_to_travel_to() -> None:
    assert field_kind(WHERE_TO) == "location" and "destination" in places.facets(WHERE_TO.description)
    assert "destination" in places.facets(COUNTRY.description, COUNTRY.key)
    assert "destination" not in places.facets("Маршрут: откуда и куда везём груз")
    assert "destination" not in places.facets("Район, где хочет квартиру")


def test_destination_is_where_the_client_goes_not_where_they_live() -> None:
    call = dialog(
        ("M", "Агентство «Глобус», Ольга, слушаю."),
        ("C", "Добрый день, мы из Казани, хотим в Грецию в июле, вдвоём."),
        ("M", "Греция в июле — отлично. Крит или Родос?"),
        ("C", "Давайте Крит."),
    )
    assert _value(WHERE_TO, call) == "Греция"


def test_destination_asr_near_miss_of_a_country() -> None:
    call = dialog(
        ("M", "агентство глобус ольга слушаю"),
        ("C", "здравствуйте хотим испанею в августе"),
        ("M", "хорошо сколько вас"),
        ("C", "трое"),
    )
    assert _value(WHERE_TO, call) == "Испания"
    assert snap_country("Испанию") == "Испания"
    assert snap_country("кот") is None


def test_cost_of_what_the_deal_buys_is_said_by_the_client() -> None:
    assert field_kind(DEAL) == "budget"
    assert field_kind(FieldSpec("cena", "Цена, которую назвал менеджер")) == "price_quoted"
    call = dialog(
        ("M", "Компания «Промфинанс», Игорь. Какой станок смотрите?"),
        ("C", "Токарный, с ЧПУ, новый."),
        ("M", "А стоит сколько?"),
        ("C", "Поставщик просит четыре с половиной миллиона."),
        ("M", "Аванс какой готовы внести?"),
        ("C", "Процентов двадцать пять потянем."),
    )
    assert _value(DEAL, call) == "4,5 млн руб"


def test_percentages_are_no_bare_amounts_and_n_and_m_is_a_decimal() -> None:
    assert _bare_amounts("ну процентов 25 потянем", 1_000_000) == []
    assert _bare_amounts("ну 30% сразу", 1_000_000) == []
    assert _bare_amounts("где-то 6 и 8", 1_000_000) == [6_800_000]


def test_manager_figure_the_client_takes_as_theirs() -> None:
    call = dialog(
        ("M", "Добрый день, «Промфинанс», Игорь. Какое оборудование нужно?"),
        ("C", "Пресс гидравлический, новый."),
        ("M", "Новый такой пресс — это миллионов двенадцать-четырнадцать."),
        ("C", "Ну вот в эти деньги и укладываемся."),
    )
    assert _value(DEAL, call) == "12–14 млн руб"


def test_highway_short_name_and_not_where_the_client_lives() -> None:
    spec = FieldSpec("dir", "Направление / шоссе, где клиент ищет дом")
    call = dialog(
        ("M", "Посёлок «Ольховка», Андрей, здравствуйте. Где смотрите участок?"),
        ("C", "Мне по Ярославке удобно, я в Мытищах живу."),
        ("M", "Хорошо, у нас как раз Ярославское направление."),
    )
    assert _value(spec, call) == "Ярославка"
