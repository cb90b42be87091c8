"""Damaged or speechless recordings end the call as failed with a Russian reason, never as "done".

Real generated files go through the real fetch/audio/asr stages in an in-process worker (the
ASR engine is the FAKE OpenAI-compatible server of conftest; for these files no speech reaches it).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from django.test import Client
from pytest_django import Settings

from rop.calls.models import Call, CallEvent
from rop.convstats.models import CallStats
from rop.convstats.services import manager_stats
from rop.pipeline.worker import Worker
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.asr.conftest import fake_transcription_server
from tests.pipeline.support import drive
from tests.support import speech
from tests.support.httpsrv import LoopbackServer
from tests.ui.factories import Tenant, login, make_tenant

DAMAGED = "Запись повреждена"
NO_SPEECH = "В записи нет речи"


@pytest.fixture
def engine(asr_env: pytest.MonkeyPatch, loopback: LoopbackServer) -> LoopbackServer:
    asr_env.setenv("ROP_ASR_ENGINE", "openai")
    asr_env.setenv("ROP_ASR_BASE_URL", fake_transcription_server(loopback, ["алло"]))
    return loopback


@pytest.fixture
def worker(engine: LoopbackServer) -> Iterator[Worker]:
    w = Worker(deliveries=False)
    yield w
    w.close()


def _mp3_header_then_noise(tmp: Path, head_bytes: int = 500) -> Path:
    head = speech.tone(4.0, tmp / "t.mp3").read_bytes()[:head_bytes]  # the tag and the first frames
    out = tmp / f"header-noise-{head_bytes}.mp3"
    out.write_bytes(head + np.random.default_rng(3).bytes(300_000))
    return out


def _truncated(tmp: Path) -> Path:
    dialogue = speech.build_dialogue([speech.Turn("manager", "Здравствуйте, агентство недвижимости.")])
    out = tmp / "truncated.mp3"
    out.write_bytes(dialogue.path.read_bytes()[:1200])  # a download cut after a fraction of a second
    return out


def _silence(tmp: Path) -> Path:
    return speech.silence(30, tmp / "silence.mp3", stereo=True)


def _white_noise(tmp: Path) -> Path:
    out = tmp / "noise.mp3"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "anoisesrc=r=8000:a=0.3:d=20", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "32k", str(out)],
                   check=True)
    return out


CASES = [
    ("header-noise", _mp3_header_then_noise, "audio", DAMAGED + ": "),
    ("truncated", _truncated, "audio", DAMAGED + ": звука всего"),
    ("silence", _silence, "asr", NO_SPEECH),
    ("white-noise", _white_noise, "asr", NO_SPEECH),
]


def _stored_call(tenant: Tenant, src: Path, call_id: str) -> Call:
    key = f"{tenant.org.pk}/{call_id}.mp3"
    get_store().put_file(src, key)
    call = Call.objects.create(org=tenant.org, call_id=call_id, audio_path=key, manager=tenant.managers["m1"])
    CallEvent.objects.create(call=call, kind="received", message="Звонок получен через API")
    return call


@pytest.mark.django_db(transaction=True)  # the worker's heartbeat thread writes too
@pytest.mark.parametrize(("name", "make", "stage", "reason"), CASES, ids=[c[0] for c in CASES])
def test_bad_recording_fails_the_call_with_a_russian_reason_everywhere(
    worker: Worker, tmp_path: Path, client: Client, settings: Settings,
    name: str, make: object, stage: str, reason: str,
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tenant = make_tenant("Альфа Недвижимость")
    call = _stored_call(tenant, make(tmp_path), f"bad-{name}")  # type: ignore[operator]
    done = drive(worker, [call.pk], timeout=120)[call.pk]
    assert (done.status, done.failed_stage) == ("failed", stage)
    assert done.failure_reason.startswith(reason)
    assert not done.segments.exists() and not CallStats.objects.filter(call=done).exists()
    assert done.attempts == 1  # permanent: no retries

    from rop.tenants.services import create_key

    key = create_key(tenant.org)[1]
    data = client.get(f"/api/v1/calls/{call.call_id}?apiKey={key}").json()["data"]
    assert (data["status"], data["failure_reason"], data["stats"]) == ("failed", done.failure_reason, None)
    login(client, tenant.users["admin"])
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert done.failure_reason in page
    listing = client.get("/calls/").content.decode()
    assert done.failure_reason in listing
    today = date.today()
    figures = manager_stats(tenant.org, SimpleNamespace(start=today, end=today), tenant.managers["m1"])
    assert figures["calls"] == {"manager": 0, "team": 0}  # never in the averages


@pytest.mark.django_db
def test_seconds_of_mp3_frames_then_much_more_random_data_is_damaged(org: Organisation, tmp_path: Path) -> None:
    from rop.audio.stage import run as audio_run
    from rop.audio.stage import work_dir
    from rop.pipeline.errors import PermanentError

    src = _mp3_header_then_noise(tmp_path, head_bytes=4000)  # ~3.5 s of sound, then 300 KB of noise
    get_store().put_file(src, f"{org.pk}/hn.mp3")
    call = Call.objects.create(org=org, call_id="hn", audio_path=f"{org.pk}/hn.mp3")
    with pytest.raises(PermanentError, match=DAMAGED + ": большая часть файла не декодируется"):
        audio_run(call)
    assert not work_dir(call).exists()
