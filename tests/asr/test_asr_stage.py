"""rop.asr.stage.run: transcript segments stored per call, roles by channel, idempotent, work dir removed.

These use the OpenAI-compatible engine against the FAKE server from conftest (fast); the real
Whisper engine runs in test_whisper_transcription.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from rop.asr.models import Segment
from rop.asr.stage import run as asr_run
from rop.audio.stage import run as audio_run
from rop.audio.stage import work_dir
from rop.calls.models import Call
from rop.pipeline.errors import PermanentError
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.asr.conftest import fake_transcription_server
from tests.support import speech
from tests.support.httpsrv import LoopbackServer

TURNS = [
    speech.Turn("manager", "Здравствуйте, агентство недвижимости, меня зовут Анна."),
    speech.Turn("client", "Добрый день, я по поводу квартиры."),
    speech.Turn("manager", "Да, слушаю вас внимательно."),
]


def _call(org: Organisation, dialogue: speech.Dialogue, call_id: str) -> Call:
    tmp = dialogue.path.with_name(dialogue.path.name + f".{call_id}")
    tmp.write_bytes(dialogue.path.read_bytes())
    key = f"{org.pk}/{call_id}.mp3"
    get_store().put_file(tmp, key)
    return Call.objects.create(org=org, call_id=call_id, audio_path=key)


@pytest.fixture
def openai_engine(asr_env: pytest.MonkeyPatch, loopback: LoopbackServer) -> LoopbackServer:
    base = fake_transcription_server(loopback, ["раз", "два", "три", "четыре"])
    asr_env.setenv("ROP_ASR_ENGINE", "openai")
    asr_env.setenv("ROP_ASR_BASE_URL", base)
    return loopback


@pytest.mark.django_db
@pytest.mark.parametrize("manager_channel", ["left", "right"])
def test_stereo_segments_follow_the_channels_in_time_order(
    org: Organisation, openai_engine: LoopbackServer, manager_channel: str
) -> None:
    org.manager_channel = manager_channel
    org.vocabulary = "Новый дом\nЛесная Гавань"
    org.save()
    dialogue = speech.build_dialogue(TURNS, gap=1.5)
    call = _call(org, dialogue, f"stage-{manager_channel}")
    audio_run(call)
    asr_run(call)
    rows = list(Segment.objects.filter(call=call).order_by("start"))
    # left channel: two manager turns 1.5 s apart -> split in two; right channel: one client turn
    assert len(rows) == 3
    left_role = "manager" if manager_channel == "left" else "client"
    right_role = "client" if manager_channel == "left" else "manager"
    assert [(r.channel, r.speaker) for r in rows] == [(0, left_role), (1, right_role), (0, left_role)]
    for row, turn in zip(rows, dialogue.turns, strict=False):
        # mapped back into the turn on the call's timeline (the fake spreads words evenly)
        assert turn.start - 0.5 <= row.start < turn.end and row.end <= turn.end + 0.5
        assert row.start < row.end <= dialogue.duration
        assert row.words and all(set(w) >= {"word", "start", "end", "prob"} for w in row.words)
    assert not work_dir(call).exists()  # work files removed once the transcript is stored
    # the vocabulary went as the prompt, with the manager's channel only (ROP_ASR_VOCABULARY_SPEAKERS)
    assert len(openai_engine.requests) == 2
    assert ["Лесная Гавань".encode() in r.body for r in openai_engine.requests] == [
        manager_channel == "left", manager_channel == "right"]


@pytest.mark.django_db
def test_rerun_replaces_the_transcript(org: Organisation, openai_engine: LoopbackServer) -> None:
    call = _call(org, speech.build_dialogue(TURNS, gap=1.5), "stage-rerun")
    audio_run(call)
    asr_run(call)
    first = Segment.objects.filter(call=call).count()
    asr_run(call)  # e.g. after a crash: the work dir is gone, the stage decodes again
    assert Segment.objects.filter(call=call).count() == first > 0


@pytest.mark.django_db
def test_call_detail_shows_the_transcript(org: Organisation, api_key: str, openai_engine: LoopbackServer,
                                          client: Client) -> None:
    call = _call(org, speech.build_dialogue(TURNS, gap=1.5), "stage-api")
    audio_run(call)
    asr_run(call)
    data = client.get(f"/api/v1/calls/{call.call_id}?apiKey={api_key}").json()["data"]
    transcript = data["transcript"]
    assert [t["speaker"] for t in transcript] == ["manager", "client", "manager"]
    assert all(set(t) >= {"start", "end", "speaker", "text"} for t in transcript)
    assert transcript == sorted(transcript, key=lambda t: t["start"])
    assert all(round(t["start"], 2) == t["start"] for t in transcript)
    assert transcript[0]["text"] and data["duration"] == pytest.approx(call.duration or 0)


@pytest.mark.django_db
def test_silent_recording_gives_an_empty_transcript_and_fails_with_no_speech(
    org: Organisation, openai_engine: LoopbackServer, tmp_path: Path
) -> None:
    src = speech.silence(10, tmp_path / "s.mp3", stereo=True)
    key = f"{org.pk}/silent.mp3"
    get_store().put_file(src, key)
    call = Call.objects.create(org=org, call_id="silent", audio_path=key)
    audio_run(call)
    with pytest.raises(PermanentError, match="В записи нет речи"):
        asr_run(call)
    assert Segment.objects.filter(call=call).count() == 0
    assert openai_engine.requests == []  # nothing to transcribe: no request at all
