from __future__ import annotations

import wave
from pathlib import Path

import pytest
from pytest_django import Settings

from tests.ui.factories import Tenant, make_tenant


def write_wav(path: Path, seconds: float = 12.0, rate: int = 8000) -> Path:
    """A real (silent) mono WAV file; enough for Range and authorisation tests."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * int(seconds * rate))
    return path


@pytest.fixture
def wav_file(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "call.wav")


@pytest.fixture
def fast_hashing(settings: Settings) -> None:
    """PBKDF2 costs ~0.3 s per user; these tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tenant(db: None, fast_hashing: None, wav_file: Path) -> Tenant:
    return make_tenant("Альфа Недвижимость", audio=wav_file)


@pytest.fixture
def other(db: None, fast_hashing: None, wav_file: Path) -> Tenant:
    return make_tenant("Бета Девелопмент", audio=wav_file)


@pytest.fixture(autouse=True)
def _inline_jobs(settings: Settings) -> None:
    settings.ROP_UI_JOBS_INLINE = True
