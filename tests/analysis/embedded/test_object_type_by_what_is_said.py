"""An object-type option is chosen by what the call says of the object, not by a preposition or a
word all the options share: «новостройка с предчистовой» is not chosen by any «с»; «хрущёвка»,
«панелька», «дом старый» say «вторичка»; «голый бетон» says «без отделки»; nothing said, no option
(examples written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

KIND = FieldSpec("kind", "Что за объект", "enum", ("новостройка без отделки", "новостройка с предчистовой", "вторичка"))


def _value(transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки на ремонт", (KIND,)))
    return result.values[KIND.key].value


def _call(about: str) -> list[Utterance]:
    return dialog(
        ("M", "Компания «Уютный ремонт», Павел, здравствуйте. Как вас зовут?"),
        ("C", f"Ольга. Нужен ремонт квартиры. {about}"),
        ("M", "Ольга, какая площадь и какой бюджет на ремонт?"),
        ("C", "Сорок два метра, бюджет с материалами пятьсот тысяч."),
        ("M", "Приедем на замер в субботу с утра, посчитаем смету."),
    )


def test_building_types_of_the_secondary_market() -> None:
    assert _value(_call("У нас хрущёвка, пятый этаж.")) == "вторичка"
    assert _value(_call("Панелька на окраине, всё старое.")) == "вторичка"
    assert _value(_call("Дом старый, кирпичный, квартира мамина.")) == "вторичка"


def test_the_state_of_a_new_flat() -> None:
    assert _value(_call("Новостройка, сдали голый бетон, отделки никакой.")) == "новостройка без отделки"
    assert _value(_call("Новостройка, сдали с предчистовой отделкой.")) == "новостройка с предчистовой"


def test_no_option_from_prepositions_or_when_nothing_is_said() -> None:
    assert _value(_call("Хочу с мужем всё обсудить с вами.")) is None


def test_building_types_as_the_asr_garbles_them() -> None:
    assert _value(_call("Мне ванную сделать в Хрущёвте, санузел совмещённый.")) == "вторичка"
    assert _value(_call("Двушка, фанелька на окраине.")) == "вторичка"
