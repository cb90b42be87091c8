"""Quotes: every published non-empty quote is verbatim from the transcript (after folding
whitespace and case), carries its start time and speaker; paraphrases are swapped for the
nearest utterance with a lowered percentage, or emptied."""

from __future__ import annotations

from rop.analysis import quotes
from rop.analysis.types import FieldValue, StageVerdict
from tests.analysis.factories import utterances

T = utterances()


def test_verbatim_quote_with_other_case_and_spaces_returns_transcript_text_and_time() -> None:
    v = quotes.verify_verdict(
        StageVerdict("S", "completed", 85, "ок", "какое  КОЛИЧЕСТВО комнат\nвас интересует"), T
    )
    assert v.quote == "Какое количество комнат вас интересует"
    assert v.quote_speaker == "manager"
    assert v.quote_start == 8.0
    assert v.percentage == 85
    assert quotes.is_verbatim(v.quote, T)


def test_quote_in_the_middle_of_an_utterance_gets_an_interpolated_start() -> None:
    v = quotes.verify_verdict(StageVerdict("S", "completed", 85, "", "в Приморском районе"), T)
    assert v.quote == "в Приморском районе"
    assert v.quote_start is not None and 14.0 < v.quote_start < 20.0
    assert v.quote_speaker == "client"


def test_quote_differing_only_in_punctuation_and_yo_is_verbatim_transcript_text() -> None:
    v = quotes.verify_verdict(
        StageVerdict("S", "completed", 85, "", "давайте я отправлю вам расчет на почту"), T
    )
    assert v.quote == "давайте я отправлю вам расчёт на почту"
    assert v.percentage == 85


def test_paraphrase_is_replaced_by_nearest_utterance_with_lower_percentage() -> None:
    v = quotes.verify_verdict(
        StageVerdict("S", "completed", 95, "ок", "Какое количество комнат интересует вас, в каком районе"), T
    )
    assert v.quote == "Какое количество комнат вас интересует и в каком районе?"
    assert v.percentage < 95
    assert v.percentage <= quotes.FUZZY_CAP
    assert v.quote_start == 8.0


def test_invented_quote_is_emptied_and_completed_percentage_capped() -> None:
    v = quotes.verify_verdict(
        StageVerdict("S", "completed", 99, "ок", "Ипотека одобрена банком сегодня утром"), T
    )
    assert v.quote == ""
    assert v.quote_start is None
    assert v.percentage <= quotes.UNVERIFIED_CAP


def test_failed_verdict_without_quote_keeps_its_percentage() -> None:
    v = quotes.verify_verdict(StageVerdict("S", "failed", 15, "не выяснил", ""), T)
    assert (v.status, v.percentage, v.quote) == ("failed", 15, "")


def test_field_quote_is_verified_too() -> None:
    f = quotes.verify_field(FieldValue("k", "квартира", 90, "я по поводу КВАРТИРЫ"), T)
    assert f.quote == "я по поводу квартиры"
    assert f.quote_start is not None and 4.0 <= f.quote_start < 8.0
    bad = quotes.verify_field(FieldValue("k", "дом", 90, "хочу большой дом у моря"), T)
    assert bad.quote == "" and bad.confidence <= quotes.UNVERIFIED_CAP
