"""Fixtures for the /api/v1 tests: a real small MP3, loopback audio sources, request helpers."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.httpsrv import LoopbackServer

MSG_QUEUED = "Звонок успешно получен и поставлен в очередь на анализ"
MSG_BAD_KEY = "apiKey не валиден"
MSG_NOT_AUDIO = "Файл не является аудио"
MSG_DUPLICATE = "Звонок с данным call_id уже обработан"
MSG_TOO_LARGE = "Размер файла превышает 100 МБ"


@pytest.fixture(scope="session")
def mp3_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real, small MP3 (one second of tone), made with sox."""
    path: Path = tmp_path_factory.mktemp("audio") / "tone.mp3"
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(path), "synth", "1", "sine", "440"], check=True)
    data = path.read_bytes()
    assert len(data) > 500
    return data


@pytest.fixture(scope="session")
def wav_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path: Path = tmp_path_factory.mktemp("audio") / "tone.wav"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", str(path), "synth", "0.5", "sine", "300"], check=True
    )
    return path.read_bytes()


@pytest.fixture
def audio_url(loopback: LoopbackServer, mp3_bytes: bytes) -> str:
    """A loopback source serving the real MP3."""
    return loopback.static("/call.mp3", mp3_bytes)


@pytest.fixture
def no_rate_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For in-process tests sending many requests with one key (the limit has its own tests)."""
    from rop import config

    monkeypatch.setenv("ROP_RATE_LIMIT_PER_MINUTE", "0")
    config.reset()
    yield
    monkeypatch.undo()
    config.reset()


def call_body(call_id: str, audio_url: str, **extra: Any) -> dict[str, Any]:
    return {"call_id": call_id, "manager_id": "mgr_001", "audio_url": audio_url, **extra}


def envelope_error(resp: Any) -> str:
    """Assert the response is the error envelope (JSON) and return its message."""
    assert resp["Content-Type"].startswith("application/json"), resp["Content-Type"]
    body = resp.json()
    assert set(body) == {"data", "error", "message"}, body
    assert body["data"] is False and body["error"] is True, body
    assert isinstance(body["message"], str) and body["message"]
    return str(body["message"])


@pytest.fixture(scope="module")
def live_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One isolated rop instance for a whole module of black-box tests (servers are costly)."""
    from tests.support.ropenv import rop_env

    with rop_env(tmp_path_factory.mktemp("live")) as env:
        yield env


@pytest.fixture(scope="module")
def module_loopback() -> Iterator[LoopbackServer]:
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()
