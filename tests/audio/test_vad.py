"""rop.audio.vad: speech regions on 8 kHz telephony audio (generated Russian speech)."""

from __future__ import annotations

from pathlib import Path

from rop.audio.decode import decode_to_pcm
from rop.audio.vad import frame_energies, speech_regions, split_long
from tests.support import speech


def _covered(regions: list[tuple[float, float]], start: float, end: float) -> bool:
    return any(a <= start and end <= b for a, b in regions)


def test_each_channel_keeps_its_own_turns_and_skips_the_other_speakers(tmp_path: Path) -> None:
    dialogue = speech.build_dialogue(
        [speech.Turn("manager", "Здравствуйте, агентство недвижимости, меня зовут Анна."),
         speech.Turn("client", "Добрый день, я по поводу квартиры."),
         speech.Turn("manager", "Да, слушаю вас внимательно.")],
        gap=1.5,
    )
    decoded = decode_to_pcm(dialogue.path, tmp_path / "w", 2700)
    left, right = speech_regions(decoded.paths(tmp_path / "w"))
    for turn in dialogue.turns:
        mine, other = (left, right) if turn.speaker == "manager" else (right, left)
        assert _covered(mine, turn.start, turn.end), (turn, mine)  # no word is cut off
        middle = (turn.start + turn.end) / 2
        assert not any(a <= middle <= b for a, b in other)  # the silent channel is skipped
    speech_total = sum(b - a for a, b in left + right)
    assert speech_total < 1.3 * dialogue.duration  # far less than both channels whole (2x)


def test_silent_file_has_no_speech(tmp_path: Path) -> None:
    decoded = decode_to_pcm(speech.silence(20, tmp_path / "s.mp3"), tmp_path / "w", 2700)
    assert speech_regions(decoded.paths(tmp_path / "w")) == [[]]


def test_long_regions_are_cut_in_pauses_below_the_limit(tmp_path: Path) -> None:
    dialogue = speech.build_dialogue(
        [speech.Turn("manager", "Первая фраза менеджера."), speech.Turn("manager", "Вторая фраза менеджера."),
         speech.Turn("manager", "Третья фраза менеджера.")],
        stereo=False, gap=0.4,
    )
    decoded = decode_to_pcm(dialogue.path, tmp_path / "w", 2700)
    path = decoded.paths(tmp_path / "w")[0]
    regions = speech_regions([path])[0]
    parts = split_long(regions, frame_energies(path), max_len=3.0)
    assert all(b - a <= 3.0 + 1e-6 for a, b in parts)
    assert abs(sum(b - a for a, b in parts) - sum(b - a for a, b in regions)) < 1e-6


def test_faint_crosstalk_of_the_other_speaker_is_not_speech(tmp_path: Path) -> None:
    import numpy as np

    manager = speech.synth("Здравствуйте, агентство недвижимости, меня зовут Анна.", "manager")
    client = speech.synth("Добрый день, я по поводу квартиры.", "client")
    rate = speech.RATE
    total = len(manager) + len(client) + 3 * rate
    left, right = np.zeros(total, np.float32), np.zeros(total, np.float32)
    a = rate // 2
    left[a : a + len(manager)] += manager * 0.8
    right[a : a + len(manager)] += manager * 0.8 * 10 ** (-25 / 20)  # line echo, 25 dB down
    b = a + len(manager) + rate
    right[b : b + len(client)] += client * 0.8
    noise = np.random.default_rng(1).normal(0, 0.001, (total, 2)).astype(np.float32)
    wav = speech.write_wav(tmp_path / "echo.wav", np.stack([left, right], axis=1) + noise)
    decoded = decode_to_pcm(wav, tmp_path / "w", 2700)
    _left, right_regions = speech_regions(decoded.paths(tmp_path / "w"))
    echo_mid = (a + len(manager) / 2) / rate
    assert not any(s <= echo_mid <= e for s, e in right_regions), right_regions
    assert _covered(right_regions, b / rate, (b + len(client)) / rate)
