"""The synthesised calls of the tests and benchmarks: a silent turn is silence, never a crash."""

from tests.support.speech import RATE, synth


def test_a_turn_with_no_words_is_a_short_silence() -> None:
    for text in ("…", "—", "..."):
        audio = synth(text)
        assert len(audio) == int(RATE * 0.6)
        assert not audio.any()
