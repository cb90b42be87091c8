"""rop.convstats.compute on transcripts with hand-placed timings (every value known exactly)."""

from __future__ import annotations

import pytest

from rop.convstats.compute import Turn, compute, merge, overlaps, subtract
from rop.core.speech import WordTiming


def _words(start: float, end: float, n: int) -> list[WordTiming]:
    step = (end - start) / n
    # short pauses between words; the last word ends with the turn
    return [{"word": f" w{i}", "start": start + i * step,
             "end": end if i == n - 1 else start + (i + 0.9) * step, "prob": 0.9} for i in range(n)]


def _turn(speaker: str, start: float, end: float, text: str = "да", n: int = 0) -> Turn:
    return Turn(speaker, start, end, text, _words(start, end, n) if n else [])


DIALOGUE = [
    _turn("manager", 1.0, 6.0, "Здравствуйте. Удобно говорить?", 10),  # 5 s
    _turn("client", 5.0, 8.0, "Да, слушаю.", 6),  # starts 1 s before the manager ends: client interrupts
    _turn("manager", 11.0, 20.0, "Расскажу о квартире. Когда вам удобно? В субботу?", 18),  # 3 s silence before
    _turn("manager", 19.5, 20.0, "", 0),  # inside the manager's own speech: nothing changes
    _turn("client", 25.0, 27.0, "Хорошо.", 4),  # 5 s silence before
    _turn("manager", 26.0, 30.0, "Записываю вас.", 8),  # manager starts while the client talks
]


def test_talk_time_and_share_count_overlaps_for_both_sides() -> None:
    stats = compute(DIALOGUE)
    assert stats.manager.talk == pytest.approx(5 + 9 + 4, abs=0.05)
    assert stats.client.talk == pytest.approx(3 + 2, abs=0.05)
    assert stats.manager.share == pytest.approx(100 * 18 / 23, abs=0.3)
    assert stats.client.share == pytest.approx(100 * 5 / 23, abs=0.3)


def test_silences_are_gaps_of_a_second_or_more_between_anyones_speech() -> None:
    stats = compute(DIALOGUE)
    assert [(round(a, 1), round(b, 1)) for a, b in stats.silences] == [(8.0, 11.0), (20.0, 25.0)]
    assert stats.longest_silence == pytest.approx(5.0, abs=0.05)
    assert stats.total_silence == pytest.approx(8.0, abs=0.05)


def test_interruptions_are_counted_for_the_side_that_started() -> None:
    stats = compute(DIALOGUE)
    assert (stats.manager.interruptions, stats.client.interruptions) == (1, 1)


def test_longest_monologue_stops_at_the_other_side_and_at_silence() -> None:
    stats = compute(DIALOGUE)
    assert stats.manager.longest_monologue == pytest.approx(9.0, abs=0.05)  # 11-20
    assert stats.client.longest_monologue == pytest.approx(2.0, abs=0.1)  # 6-8 after the manager; 25-26


def test_speech_rate_and_questions() -> None:
    stats = compute(DIALOGUE)
    assert stats.manager.words == 10 + 18 + 8
    assert stats.manager.rate == pytest.approx(36 * 60 / 18, rel=0.01)
    assert stats.manager.questions == 3
    assert stats.client.questions == 0


def test_a_short_pause_between_words_is_speech_and_a_backchannel_breaks_a_monologue() -> None:
    turns = [_turn("manager", 0.0, 4.0, n=8), _turn("manager", 4.4, 10.0, n=10), _turn("client", 6.0, 6.4, "угу")]
    stats = compute(turns)
    assert stats.manager.talk == pytest.approx(10.0, abs=0.1)
    assert stats.manager.longest_monologue == pytest.approx(6.0, abs=0.1)  # 0-6, then 6.4-10
    assert stats.client.interruptions == 1 and stats.total_silence == 0


def test_segments_without_word_times_use_their_span_and_text() -> None:
    stats = compute([_turn("manager", 0.0, 30.0, "раз два три четыре пять шесть семь восемь девять десять")])
    assert stats.manager.talk == 30.0 and stats.manager.words == 10 and stats.manager.rate == 20.0
    assert stats.client.share == 0.0 and stats.client.rate is None


def test_interval_helpers() -> None:
    assert merge([(3, 4), (0, 1), (1.2, 2)], gap=0.3) == [(0, 2), (3, 4)]
    assert overlaps([(0, 5), (6, 9)], [(4, 7)]) == [(4, 5), (6, 7)]
    assert subtract([(0, 10)], [(2, 3), (5, 6)]) == [(0, 2), (3, 5), (6, 10)]


def test_word_times_snap_to_the_speakers_own_sound() -> None:
    # the engine's words start late and end late; the channel's speech is at 1-5 and 7-9
    turns = [_turn("manager", 1.3, 5.4, n=8), _turn("client", 5.6, 6.9, n=3), _turn("manager", 7.2, 9.3, n=4)]
    sound = {"manager": [(1.0, 5.0), (7.0, 9.0)], "client": [(5.5, 6.5)]}
    stats = compute(turns, sound)
    assert stats.manager.talk == pytest.approx(6.0) and stats.client.talk == pytest.approx(1.0)
    assert stats.total_silence == 0.0  # 5.0-5.5 and 6.5-7.0 are turn-taking
    assert compute(turns, {"manager": [(20.0, 21.0)]}).manager.talk == pytest.approx(4.1 + 2.1)  # no sound touched
