"""Conversation statistics computed by the real audio and asr stages on synthesised stereo calls
with phrases at known offsets, checked against the placement (times ± 0.3 s, counts exact).

The ASR is the FAKE energy-timed server of conftest (word times where the speech is); the slow
test at the end runs the same call through the real Whisper engine.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rop.asr.stage import run as asr_run
from rop.audio.stage import run as audio_run
from rop.calls.models import Call
from rop.convstats.models import CallStats
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.convstats.conftest import energy_transcription_server
from tests.convstats.dialogues import Cue, Placed, place
from tests.support.httpsrv import LoopbackServer

CUES = [
    Cue("manager", "Здравствуйте меня зовут Анна", 0.0),
    Cue("client", "Добрый день я звоню по поводу квартиры", -1.0),  # the client starts 1 s before the end
    Cue("manager", "Какой район вас интересует", 3.0),  # 3 s of silence first
    Cue("manager", "Могу предложить несколько вариантов", 0.3),  # the same speaker goes on
    Cue("client", "Приморский район двухкомнатная квартира", 0.8),  # ordinary turn-taking
    Cue("manager", "Хорошо записываю вас на просмотр", -0.7),  # the manager starts over the client
    Cue("client", "Спасибо до свидания", 5.0),  # 5 s of silence first
]
TIME = 0.3


def _dur(p: Placed) -> float:
    return p.end - p.start


def _call(org: Organisation, cues: list[Cue], call_id: str) -> tuple[Call, list[Placed]]:
    path, placed = place(cues, "stats")
    tmp = path.with_name(path.name + f".{call_id}")
    tmp.write_bytes(path.read_bytes())
    get_store().put_file(tmp, f"{org.pk}/{call_id}.mp3")
    return Call.objects.create(org=org, call_id=call_id, audio_path=f"{org.pk}/{call_id}.mp3"), placed


def _check(stats: CallStats, p: list[Placed]) -> None:
    m1, c2, m3, m4, c5, m6, c7 = p
    assert stats.manager_talk == pytest.approx(_dur(m1) + (m4.end - m3.start) + _dur(m6), abs=2 * TIME)
    assert stats.client_talk == pytest.approx(_dur(c2) + _dur(c5) + _dur(c7), abs=2 * TIME)
    share = 100 * stats.manager_talk / (stats.manager_talk + stats.client_talk)
    assert stats.manager_share == pytest.approx(share, abs=0.1)
    assert (stats.manager_interruptions, stats.client_interruptions) == (1, 1)
    assert stats.longest_silence == pytest.approx(c7.start - m6.end, abs=TIME)  # 5 s
    assert stats.total_silence == pytest.approx((m3.start - c2.end) + (c7.start - m6.end), abs=TIME)  # 3 + 5 s
    assert stats.manager_longest_monologue == pytest.approx(m4.end - m3.start, abs=TIME)
    client_runs = [c2.end - m1.end, m6.start - c5.start, _dur(c7)]
    assert stats.client_longest_monologue == pytest.approx(max(client_runs), abs=TIME)


@pytest.fixture
def energy_engine(asr_env: pytest.MonkeyPatch, loopback: LoopbackServer) -> LoopbackServer:
    asr_env.setenv("ROP_ASR_ENGINE", "openai")
    asr_env.setenv("ROP_ASR_BASE_URL", energy_transcription_server(loopback))
    return loopback


@pytest.mark.django_db
def test_statistics_match_the_placed_overlaps_and_silences(
    org: Organisation, energy_engine: LoopbackServer, api_key: str, client: Client
) -> None:
    call, placed = _call(org, CUES, "stats-placed")
    audio_run(call)
    asr_run(call)
    stats = CallStats.objects.get(call=call)
    _check(stats, placed)
    data = client.get(f"/api/v1/calls/{call.call_id}?apiKey={api_key}").json()["data"]["stats"]
    assert data["interruptions"] == {"manager": 1, "client": 1}
    assert data["longest_silence"] == stats.longest_silence
    assert data["talk_share"]["manager"] == stats.manager_share
    assert data["talk_share"]["manager"] + data["talk_share"]["client"] == pytest.approx(100, abs=0.11)
    assert stats.manager_rate is not None and stats.manager_rate > 0
    assert data["speech_rate"]["manager"] == stats.manager_rate


@pytest.mark.django_db
def test_rerun_replaces_the_statistics(org: Organisation, energy_engine: LoopbackServer) -> None:
    call, placed = _call(org, CUES, "stats-rerun")
    audio_run(call)
    asr_run(call)
    asr_run(call)  # after a crash: decoded again, one row with the same figures
    assert CallStats.objects.filter(call=call).count() == 1
    _check(CallStats.objects.get(call=call), placed)


@pytest.mark.slow
@pytest.mark.django_db
def test_whisper_word_times_give_the_same_statistics(org: Organisation, asr_env: pytest.MonkeyPatch) -> None:
    call, placed = _call(org, CUES, "stats-whisper")
    audio_run(call)
    asr_run(call)
    stats = CallStats.objects.get(call=call)
    _check(stats, placed)
    words = sum(len(c.text.split()) for c in CUES if c.speaker == "manager")
    assert stats.manager_words == pytest.approx(words, abs=3)
