"""Place names read back out of ASR near-misses, without inventing places."""

from __future__ import annotations

import pytest

from rop.analysis.embedded.gazetteer import canonical_place


@pytest.mark.parametrize(
    ("heard", "expected"),
    [
        ("Морской район", "Приморский район"),  # first syllable lost
        ("Скрасно-осельский район", "Красносельский район"),
        ("Спускинский район", "Пушкинский район"),
        ("Автова", "Автово"),
        ("Советский район", "Советский район"),  # a real name is kept as heard
        ("Приморский район", "Приморский район"),
    ],
)
def test_near_miss_of_a_known_place_is_snapped_to_its_spelling(heard: str, expected: str) -> None:
    assert canonical_place(heard) == expected


@pytest.mark.parametrize("heard", ["Красный район", "Тихий район", "Новый район", "улица Гагарина", "Хороший район"])
def test_ordinary_or_ambiguous_words_are_not_turned_into_places(heard: str) -> None:
    assert canonical_place(heard) == heard


def test_a_real_word_is_snapped_only_when_very_close() -> None:
    assert canonical_place("Низкий район", is_word=lambda w: True) == "Низкий район"
    assert canonical_place("Низкий район") == "Невский район"
