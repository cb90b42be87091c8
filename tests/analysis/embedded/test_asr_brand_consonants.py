"""An organisation's long name that the ASR wrote with its vowels lost or changed («вдкнстрй»,
«видиконстрэй» for «ВодоКанСтрой») is still the name: its consonants are the name's."""

import pytest

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fuzzy import name_span
from tests.analysis.embedded.helpers import checklist, dialog, stage

CRITERION = "Менеджер в начале разговора называет своё имя и компанию «ВодоКанСтрой»."


@pytest.mark.parametrize("heard", [["Видиконстрэй"], ["ВДКНСТРЙ"], ["в", "дикконстрэй"], ["Гирсвэтпрот"]])
def test_a_long_name_heard_without_its_vowels_is_the_name(heard: list[str]) -> None:
    name = "ГорСветПроект" if heard == ["Гирсвэтпрот"] else "ВодоКанСтрой"
    assert name_span(name, ["компания", *heard]) is not None


@pytest.mark.parametrize(
    ("name", "heard"),
    [("Горизонт", "грузит"), ("Бастион", "Пстн"), ("ВодоКанСтрой", "вдк")],
)
def test_a_dictionary_word_or_a_short_name_is_not_matched_by_its_consonants(name: str, heard: str) -> None:
    assert name_span(name, ["компания", heard]) is None


def test_the_introduction_with_the_garbled_name_is_completed() -> None:
    call = dialog(
        ("M", "Добрый день, меня зовут Олег, компания Видиконстрэй."),
        ("C", "Здравствуйте, мне нужна скважина на участке."),
        ("M", "Подскажите, где участок и какая глубина нужна?"),
        ("C", "В Дмитрове, метров сорок, наверное."),
    )
    (v,) = EmbeddedEvaluator().evaluate_checklist(call, checklist(stage(CRITERION)))
    assert v.status == "completed", v.comment
