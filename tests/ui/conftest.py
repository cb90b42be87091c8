from __future__ import annotations

import wave
from collections.abc import Iterator
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


@pytest.fixture
def ui_job_worker(transactional_db: None) -> Iterator[None]:
    """What a pipeline worker does for UI jobs (rop.pipeline.background), in a thread of the test."""
    import threading

    from django.db import connections

    from rop.pipeline import background

    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.is_set():
                if not background.run_due("ui-test-worker"):
                    stop.wait(0.1)  # idle polling, as the real worker does
        finally:
            connections.close_all()

    thread = threading.Thread(target=loop, name="ui-test-worker", daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)
