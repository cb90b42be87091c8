"""Whisper's repetition loops («Север-Север-Север-…») are cut from the stored transcript."""

from __future__ import annotations

from rop.asr.engines.base import RawSegment, Word
from rop.asr.transcribe import _Batch, _Piece, _segments_from_batch, collapse_loops


def test_a_word_repeated_three_times_or_more_is_said_once() -> None:
    assert collapse_loops("Записал на субботу Парк-Парк-Парк-Парк-Парк") == "Записал на субботу Парк"
    assert collapse_loops("очень очень очень удобно") == "очень удобно"


def test_a_word_said_twice_stays() -> None:
    assert collapse_loops("да, да, конечно") == "да, да, конечно"
    assert collapse_loops("ну ну посмотрим") == "ну ну посмотрим"


def test_looping_words_are_dropped_with_their_timings() -> None:
    import numpy as np

    batch = _Batch(np.zeros(16000 * 10, dtype=np.float32), [_Piece(0.0, 0.0, 10.0)])
    words = [Word(0.0, 0.5, " Записал", 0.9)] + [Word(0.5 + i * 0.2, 0.7 + i * 0.2, " парк", 0.3) for i in range(8)]
    (found,) = _segments_from_batch(batch, [RawSegment(0.0, 2.5, "", words)], None)
    assert found.text == "Записал парк парк"
    assert len(found.words) == 3 and found.end <= 0.9 + 1e-6
