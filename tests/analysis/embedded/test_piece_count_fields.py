"""A number column counted in pieces («Тираж, шт.») reads how many pieces of the ordered thing the
call says: «5000 штук», «штук 200», «приглашений — 60», or the client's bare answer to «Сколько …?»
(examples written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

RUN = FieldSpec("run", "Тираж, шт.", "number")


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заказы", (spec,)))
    return result.values[spec.key].value


def test_a_column_in_pieces_is_a_piece_count() -> None:
    assert field_kind(RUN) == "pieces"
    assert field_kind(FieldSpec("n", "Тираж (экземпляров)", "number")) == "pieces"


def test_count_said_with_its_unit() -> None:
    call = dialog(
        ("M", "Типография «Лист», Анна, здравствуйте."),
        ("C", "Здравствуйте, нам нужны буклеты, три тысячи штук, формат А четыре."),
        ("M", "Бумага какая? Сорок страниц?"),
        ("C", "Мелованная, восемь страниц."),
    )
    assert _value(RUN, call) == 3000


def test_count_next_to_the_ordered_thing_not_the_page_count() -> None:
    call = dialog(
        ("M", "Типография «Лист», Анна, здравствуйте. Сколько страниц, формат, тираж?"),
        ("C", "Двенадцать страниц, А пять, штук пятьсот."),
        ("M", "Сколько открыток ещё нужно?"),
        ("C", "Открыток — сорок, к юбилею."),
    )
    assert _value(RUN, call) == 500


def test_bare_answer_to_how_many_copies() -> None:
    call = dialog(
        ("M", "Типография «Лист», слушаю вас."),
        ("C", "Нам нужно перепечатать журналы, там брак."),
        ("M", "Сколько примерно экземпляров?"),
        ("C", "Я посчитал — восемьдесят семь."),
    )
    assert _value(RUN, call) == 87


def test_no_count_when_none_is_said() -> None:
    call = dialog(
        ("M", "Типография «Лист», слушаю вас."),
        ("C", "Нам нужны визитки, сколько стоит?"),
        ("M", "От двух рублей за штуку."),
    )
    assert _value(RUN, call) is None
