"""An enum whose options are abbreviated room counts («студия / 1к / 2к / 3к / 4к и больше») asks
how many rooms, whatever its terse name («Комн.») says; «двушка» is «2к», not «4к и больше»
(examples written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind, room_count_options
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

ROOMS = FieldSpec("k", "Комн.", "enum", ("студия", "1к", "2к", "3к", "4к и больше"))


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Лиды", (spec,)))
    return result.values[spec.key].value


def _call(need: str) -> list[Utterance]:
    return dialog(
        ("M", "Агентство «Дом», Павел, здравствуйте. Как вас зовут?"),
        ("C", f"Ирина. Ищем {need} в новостройке, бюджет семь миллионов."),
        ("M", "Ирина, для себя или под сдачу?"),
        ("C", "Для себя, с мужем и сыном."),
    )


def test_abbreviated_room_options_make_a_room_field() -> None:
    assert room_count_options(ROOMS.options)
    assert room_count_options(("1-комн.", "2-комн.", "3+"))
    assert not room_count_options(("1", "2", "3"))  # bare numbers may count anything
    assert not room_count_options(("утро", "день", "вечер"))
    assert field_kind(ROOMS) == "rooms"


def test_room_slang_maps_to_the_abbreviated_option() -> None:
    assert _value(ROOMS, _call("двушку")) == "2к"
    assert _value(ROOMS, _call("трёшку")) == "3к"
    assert _value(ROOMS, _call("студию")) == "студия"
    assert _value(ROOMS, _call("пятикомнатную квартиру")) == "4к и больше"


def test_no_room_option_when_rooms_are_not_said() -> None:
    assert _value(ROOMS, _call("квартиру")) is None
