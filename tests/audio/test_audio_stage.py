"""rop.audio.stage.run: the pipeline's decode stage on a stored call."""

from __future__ import annotations

from pathlib import Path

import pytest

from rop import config
from rop.audio.decode import DecodedAudio
from rop.audio.stage import run, work_dir
from rop.calls.models import Call
from rop.pipeline.errors import PermanentError
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.support import speech


def _stored_call(org: Organisation, src: Path, call_id: str) -> Call:
    key = f"{org.pk}/{call_id}{src.suffix}"
    tmp = src.with_name(src.name + ".copy")
    tmp.write_bytes(src.read_bytes())
    get_store().put_file(tmp, key)
    return Call.objects.create(org=org, call_id=call_id, audio_path=key, declared_duration=999)


@pytest.mark.django_db
def test_stage_records_measured_duration_and_channels(org: Organisation, tmp_path: Path) -> None:
    call = _stored_call(org, speech.tone(3.0, tmp_path / "a.ogg", stereo=True), "stage-ok")
    run(call)
    call.refresh_from_db()
    assert call.duration == pytest.approx(3.0, abs=0.08)
    assert call.channels == 2
    decoded = DecodedAudio.load(work_dir(call))
    assert decoded is not None and decoded.mode == "stereo"
    assert work_dir(call) == config.get().data_dir / "work" / str(call.pk)


@pytest.mark.django_db
def test_stage_rerun_replaces_its_output(org: Organisation, tmp_path: Path) -> None:
    call = _stored_call(org, speech.tone(2.0, tmp_path / "a.wav"), "stage-rerun")
    run(call)
    (work_dir(call) / "leftover").write_text("from a crashed run")
    run(call)
    assert not (work_dir(call) / "leftover").exists()
    assert DecodedAudio.load(work_dir(call)) is not None


@pytest.mark.django_db
def test_corrupt_file_fails_permanently_in_russian(org: Organisation, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"ID3" + b"\x00" * 2048)
    call = _stored_call(org, bad, "stage-bad")
    with pytest.raises(PermanentError, match="Файл не является аудио или повреждён"):
        run(call)
    assert not work_dir(call).exists()


@pytest.mark.django_db
def test_missing_store_file_fails_permanently(org: Organisation) -> None:
    call = Call.objects.create(org=org, call_id="stage-missing", audio_path=f"{org.pk}/nothing.mp3")
    with pytest.raises(PermanentError, match="не найден"):
        run(call)


def test_stale_work_dirs_of_calls_transcribed_elsewhere_are_swept(tmp_path: Path) -> None:
    import os
    import time as _time

    from rop.audio.stage import sweep_stale_work_dirs

    root = config.get().data_dir / "work"
    old, fresh = root / "sweep-old", root / "sweep-fresh"
    for d in (old, fresh):
        d.mkdir(parents=True, exist_ok=True)
        (d / "ch0.pcm").write_bytes(b"\0" * 10)
    past = _time.time() - 7 * 3600
    os.utime(old, (past, past))
    assert sweep_stale_work_dirs() >= 1
    assert not old.exists() and fresh.exists()
