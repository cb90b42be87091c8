"""`rop analyze FILE`: decode + ASR of a local file, printed with times and roles."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.asr.conftest import fake_transcription_server
from tests.support import speech
from tests.support.httpsrv import LoopbackServer

TURNS = [
    speech.Turn("manager", "Здравствуйте, агентство недвижимости, меня зовут Анна."),
    speech.Turn("client", "Добрый день, я по поводу квартиры."),
]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("analyze", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def fake_asr(asr_env: pytest.MonkeyPatch, loopback: LoopbackServer) -> LoopbackServer:
    asr_env.setenv("ROP_ASR_ENGINE", "openai")
    asr_env.setenv("ROP_ASR_BASE_URL", fake_transcription_server(loopback, ["первое", "второе"]))
    return loopback


def test_json_output_lists_segments_with_roles(fake_asr: LoopbackServer) -> None:
    dialogue = speech.build_dialogue(TURNS, gap=1.5)
    data = json.loads(_run(str(dialogue.path), "--json"))
    assert data["channels"] == 2 and data["duration"] == pytest.approx(dialogue.duration, abs=0.1)
    assert [t["speaker"] for t in data["transcript"]] == ["manager", "client"]
    assert data["transcript"][0]["text"] == "первое второе"


def test_left_client_swaps_the_roles(fake_asr: LoopbackServer) -> None:
    dialogue = speech.build_dialogue(TURNS, gap=1.5)
    text = _run(str(dialogue.path), "--left", "client")
    lines = text.splitlines()
    assert "каналов: 2" in lines[0]
    assert lines[1].startswith("[00:00.") and "Клиент: первое второе" in lines[1]
    assert "Менеджер:" in lines[2]


def test_missing_and_non_audio_files_are_clear_errors(tmp_path: Path, fake_asr: LoopbackServer) -> None:
    with pytest.raises(CommandError, match="Файл не найден"):
        _run(str(tmp_path / "nope.mp3"))
    bad = tmp_path / "bad.mp3"
    bad.write_text("это не аудио")
    with pytest.raises(CommandError, match="Файл не является аудио или повреждён"):
        _run(str(bad))
    assert fake_asr.requests == []


@pytest.mark.slow
def test_real_engine_prints_the_russian_transcript(asr_env: pytest.MonkeyPatch) -> None:
    dialogue = speech.build_dialogue(TURNS)
    text = _run(str(dialogue.path)).lower()
    assert "менеджер: здравствуйте" in text
    assert "клиент:" in text and "квартир" in text
