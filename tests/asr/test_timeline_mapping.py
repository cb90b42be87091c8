"""Word times in concatenated speech map back to the call's timeline; segments split at removed pauses."""

from __future__ import annotations

import numpy as np
import pytest

from rop.asr.engines.base import RawSegment, Word
from rop.asr.transcribe import _Batch, _Piece, _segments_from_batch, vocabulary_prompt


def _batch() -> _Batch:
    # Two speech regions of the original call, 10-12 s and 30-33 s, joined with a 0.3 s gap.
    return _Batch(np.zeros(int(5.3 * 16000), dtype=np.float32),
                  [_Piece(0.0, 10.0, 12.0), _Piece(2.3, 30.0, 33.0)])


def test_words_map_back_and_a_long_removed_pause_splits_the_segment() -> None:
    raw = [RawSegment(0.0, 5.0, " раз два три", [Word(0.2, 0.8, " раз", 0.9), Word(1.0, 1.8, " два", 0.8),
                                                Word(2.5, 3.0, " три", 0.7)])]
    out = _segments_from_batch(_batch(), raw, split_gap=1.0)
    assert [(round(r.start, 2), round(r.end, 2), r.text) for r in out] == [
        (10.2, 11.8, "раз два"), (30.2, 30.7, "три")]


def test_short_removed_pause_keeps_one_segment() -> None:
    batch = _Batch(np.zeros(16000 * 3, dtype=np.float32), [_Piece(0.0, 10.0, 11.0), _Piece(1.3, 11.5, 12.5)])
    raw = [RawSegment(0.0, 2.3, " да нет", [Word(0.2, 0.6, " да", 0.9), Word(1.5, 2.0, " нет", 0.9)])]
    out = _segments_from_batch(batch, raw, split_gap=1.0)
    assert [(round(r.start, 2), round(r.end, 2), r.text) for r in out] == [(10.2, 12.2, "да нет")]


def test_word_in_the_joining_gap_is_clamped_to_a_region() -> None:
    raw = [RawSegment(1.9, 2.4, " э", [Word(2.05, 2.25, " э", 0.5)])]
    (found,) = _segments_from_batch(_batch(), raw, split_gap=None)
    start, end = found.start, found.end
    assert 10.0 <= start <= end <= 12.0


def test_segment_without_words_maps_its_bounds() -> None:
    raw = [RawSegment(2.5, 4.0, " только текст", [])]
    (found,) = _segments_from_batch(_batch(), raw, split_gap=1.0)
    start, end, text = found.start, found.end, found.text
    assert start == pytest.approx(30.2) and text == "только текст" and end == pytest.approx(31.69)


def test_vocabulary_becomes_a_deduplicated_prompt() -> None:
    assert (
        vocabulary_prompt("Лесная Гавань\nэскроу, ЭСКРОУ;  Новый дом \n\n")
        == "Лесная Гавань, эскроу, Новый дом"
    )
    assert vocabulary_prompt("") == ""


def test_mono_regions_split_into_consecutive_parts_of_similar_speech() -> None:
    from rop.asr.transcribe import _split_regions

    regions = [(0.0, 10.0), (12.0, 14.0), (15.0, 25.0), (30.0, 32.0)]
    parts = _split_regions(regions, 2)
    assert [r for part in parts for r in part] == regions  # nothing lost, order kept
    assert len(parts) == 2 and parts[0][-1][1] <= parts[1][0][0]
    assert _split_regions(regions, 1) == [regions]
    assert _split_regions(regions[:1], 2) == [regions[:1]]


def test_vocabulary_prompt_keeps_only_the_first_terms_because_long_lists_make_whisper_hallucinate() -> None:
    many = ", ".join(f"термин{i}" for i in range(20))
    prompt = vocabulary_prompt(many)
    assert prompt.split(", ") == [f"термин{i}" for i in range(6)]
    long_terms = "\n".join(
        ["очень длинное название жилого комплекса номер один"] * 1
        + ["второе очень длинное название проекта"] * 1
        + ["третье длинное название района города"]
    )
    assert len(vocabulary_prompt(long_terms)) <= 90
    assert vocabulary_prompt(long_terms).startswith("очень длинное название жилого комплекса номер один")
