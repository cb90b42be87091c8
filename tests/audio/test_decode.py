"""rop.audio.decode: real decoding of generated MP3/WAV/OGG files into 16 kHz PCM per channel."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from rop.audio.decode import NOT_AUDIO, DecodedAudio, decode_to_pcm, pcm_samples, read_pcm
from rop.pipeline.errors import PermanentError
from tests.support import speech


@pytest.mark.parametrize(
    ("name", "stereo"),
    [("tone.mp3", False), ("tone.mp3", True), ("tone.wav", False), ("tone.wav", True),
     ("tone.ogg", False), ("tone.ogg", True), ("tone.opus", False), ("tone.opus", True)],
)
def test_supported_formats_decode_to_16k_pcm_with_measured_duration(
    tmp_path: Path, name: str, stereo: bool
) -> None:
    src = speech.tone(2.5, tmp_path / name, stereo=stereo)
    decoded = decode_to_pcm(src, tmp_path / "work", max_seconds=2700)
    assert decoded.duration == pytest.approx(2.5, abs=0.08)
    assert decoded.channels == (2 if stereo else 1)
    assert decoded.mode == ("stereo" if stereo else "mono")
    paths = decoded.paths(tmp_path / "work")
    assert len(paths) == (2 if stereo else 1)
    for path in paths:
        assert pcm_samples(path) / 16000 == pytest.approx(2.5, abs=0.1)
        assert np.abs(read_pcm(path)).max() > 0.1  # the tone is really there


def test_stereo_channels_are_split_not_mixed(tmp_path: Path) -> None:
    # Left: a 400 Hz tone, right: a 600 Hz tone (speech.tone stereo uses freq and 1.5*freq).
    src = speech.tone(1.0, tmp_path / "lr.wav", stereo=True, freq=400)
    decoded = decode_to_pcm(src, tmp_path / "work", max_seconds=2700)
    left, right = (read_pcm(p) for p in decoded.paths(tmp_path / "work"))
    freqs = np.fft.rfftfreq(len(left), 1 / 16000)
    assert freqs[np.argmax(np.abs(np.fft.rfft(left)))] == pytest.approx(400, abs=5)
    assert freqs[np.argmax(np.abs(np.fft.rfft(right)))] == pytest.approx(600, abs=5)


def test_stereo_with_identical_channels_is_treated_as_mono(tmp_path: Path) -> None:
    wav = speech.write_wav(tmp_path / "same.wav", np.stack([np.sin(np.arange(16000) / 5)] * 2, axis=1) * 0.5)
    decoded = decode_to_pcm(wav, tmp_path / "work", max_seconds=2700)
    assert (decoded.channels, decoded.mode, decoded.files) == (2, "mono", ["ch0.pcm"])


def test_stereo_with_a_silent_channel_uses_the_other_one(tmp_path: Path) -> None:
    sig = np.sin(np.arange(16000) / 5) * 0.5
    wav = speech.write_wav(tmp_path / "right.wav", np.stack([np.zeros_like(sig), sig], axis=1))
    decoded = decode_to_pcm(wav, tmp_path / "work", max_seconds=2700)
    assert (decoded.mode, decoded.files) == ("mono", ["ch1.pcm"])


def test_duration_is_measured_not_taken_from_the_header(tmp_path: Path) -> None:
    # A WAV whose header claims far more data than the file holds (a truncated download).
    wav = speech.write_wav(tmp_path / "t.wav", np.sin(np.arange(32000) / 5) * 0.5)
    data = bytearray(wav.read_bytes())
    data[40:44] = (10**8).to_bytes(4, "little")  # data chunk size: ~52 minutes at 16 kHz
    wav.write_bytes(bytes(data))
    decoded = decode_to_pcm(wav, tmp_path / "work", max_seconds=2700)
    assert decoded.duration == pytest.approx(2.0, abs=0.05)


def test_recording_longer_than_the_limit_is_rejected_early(tmp_path: Path) -> None:
    src = speech.silence(2760, tmp_path / "long.mp3")  # 46 minutes of silence, ~2.7 MB
    started = time.monotonic()
    with pytest.raises(PermanentError) as err:
        decode_to_pcm(src, tmp_path / "work", max_seconds=2700)
    assert "45 мин" in err.value.message and "2700" in err.value.message
    assert time.monotonic() - started < 60


def test_recording_at_the_limit_is_accepted(tmp_path: Path) -> None:
    src = speech.silence(30, tmp_path / "short.mp3")
    decoded = decode_to_pcm(src, tmp_path / "work", max_seconds=31)
    assert decoded.duration == pytest.approx(30, abs=0.1)


@pytest.mark.parametrize(
    "payload",
    [b"ID3" + b"\x00" * 4000, b"RIFF\x10\x00\x00\x00WAVEjunk" + b"\x01" * 3000, b"OggS" + b"\xff" * 3000,
     b"%PDF-1.4 not audio at all" * 100, b""],
    ids=["id3-only", "bad-riff", "bad-ogg", "pdf", "empty"],
)
def test_corrupt_or_non_audio_file_is_a_permanent_error(tmp_path: Path, payload: bytes) -> None:
    src = tmp_path / "bad.bin"
    src.write_bytes(payload)
    with pytest.raises(PermanentError) as err:
        decode_to_pcm(src, tmp_path / "work", max_seconds=2700)
    assert err.value.message.startswith(NOT_AUDIO)


def test_truncated_mp3_keeps_what_decodes(tmp_path: Path) -> None:
    src = speech.tone(4.0, tmp_path / "t.mp3")
    data = src.read_bytes()
    src.write_bytes(data[: len(data) // 2])
    decoded = decode_to_pcm(src, tmp_path / "work", max_seconds=2700)
    assert 1.0 < decoded.duration < 3.0


def test_manifest_round_trips_and_redecoding_replaces_old_output(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "stale.pcm").write_bytes(b"x")
    decoded = decode_to_pcm(speech.tone(1.0, tmp_path / "a.wav"), work, max_seconds=2700)
    assert not (work / "stale.pcm").exists()
    assert DecodedAudio.load(work) == decoded
    (work / "ch0.pcm").unlink()
    assert DecodedAudio.load(work) is None  # incomplete output is not trusted
