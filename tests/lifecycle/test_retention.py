"""Retention per organisation (off by default): audio deleted N days after intake, whole calls
(transcript, results, webhooks) M days after; run by the pipeline workers when idle, in short
batches, claimed once per interval across workers, with an audit line."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from rop.analysis.models import ChecklistResult
from rop.asr.models import Segment
from rop.audit.models import AuditEntry
from rop.calls import retention
from rop.calls.models import Call, CallStatus
from rop.pipeline.worker import Worker
from rop.store import get_store
from tests.ui.factories import SEGMENTS, Tenant, add_call, add_result


def _aged(t: Tenant, call_id: str, days: int, audio: Path, status: str = CallStatus.DONE) -> Call:
    call = add_call(t.org, call_id, t.managers["m1"], created_at=timezone.now() - timedelta(days=days),
                    audio=audio, segments=SEGMENTS, status=status)
    if status == CallStatus.DONE:
        add_result(call, t.checklist, [True, True])
    return call


def test_nothing_is_deleted_without_a_policy(tenant: Tenant, wav_file: Path) -> None:
    old = _aged(tenant, "old", 4000, wav_file)
    assert retention.run_due() == retention.RetentionRun(0, 0)
    old.refresh_from_db()
    assert old.audio_path and get_store().exists(old.audio_path)


def test_audio_older_than_n_days_is_deleted_and_the_call_kept(
    tenant: Tenant, other: Tenant, wav_file: Path
) -> None:
    retention.set_policy(tenant.org, audio_days=30, results_days=None)
    old = _aged(tenant, "old", 40, wav_file)
    recent = _aged(tenant, "recent", 10, wav_file)
    running = _aged(tenant, "running", 40, wav_file, status=CallStatus.TRANSCRIBING)
    foreign = _aged(other, "foreign-old", 400, wav_file)
    old_key = old.audio_path
    assert retention.run_due() == retention.RetentionRun(1, 0)
    old.refresh_from_db()
    assert old.audio_path == "" and not get_store().exists(old_key)
    assert Segment.objects.filter(call=old).exists() and ChecklistResult.objects.filter(call=old).exists()
    for kept in (recent, running, foreign):
        kept.refresh_from_db()
        assert get_store().exists(kept.audio_path)
    entry = AuditEntry.objects.get(org=tenant.org, action="data_deleted")
    assert entry.details == {"via": "retention", "audio": 1}


def test_calls_older_than_m_days_are_deleted_whole(tenant: Tenant, wav_file: Path) -> None:
    retention.set_policy(tenant.org, audio_days=None, results_days=90)
    old = _aged(tenant, "very-old", 100, wav_file)
    young = _aged(tenant, "young", 30, wav_file)
    key = old.audio_path
    assert retention.run_due() == retention.RetentionRun(0, 1)
    assert not Call.objects.filter(pk=old.pk).exists() and not get_store().exists(key)
    assert not Segment.objects.filter(call_id=old.pk).exists()
    assert Call.objects.filter(pk=young.pk).exists()
    entry = AuditEntry.objects.get(org=tenant.org, action="call_deleted")
    assert entry.object == "very-old" and entry.details["via"] == "retention"


def test_a_run_is_claimed_once_per_interval(tenant: Tenant, wav_file: Path) -> None:
    retention.set_policy(tenant.org, audio_days=30, results_days=None)
    now = timezone.now()
    assert retention.run_due(now) == retention.RetentionRun(0, 0)
    _aged(tenant, "later-old", 40, wav_file)
    assert retention.run_due(now + timedelta(minutes=5)) == retention.RetentionRun(0, 0)  # claimed recently
    assert retention.run_due(now + timedelta(hours=2)) == retention.RetentionRun(1, 0)


@pytest.mark.django_db(transaction=True)  # the worker closes its connections when it stops
def test_idle_pipeline_worker_applies_retention(tenant: Tenant, wav_file: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "_last_check", 0.0)
    retention.set_policy(tenant.org, audio_days=None, results_days=90)
    old = _aged(tenant, "worker-old", 100, wav_file)
    Worker(deliveries=False).run(once=True)
    assert not Call.objects.filter(pk=old.pk).exists()


def test_retention_command_sets_shows_and_runs_the_policy(tenant: Tenant, wav_file: Path) -> None:
    old = _aged(tenant, "cmd-old", 40, wav_file)
    out = StringIO()
    call_command("retention", "--org", tenant.org.name, "--audio-days", "30", "--run", stdout=out)
    text = out.getvalue()
    assert "аудио — 30 дн." in text and "звонки — хранить всегда" in text and "аудио 1" in text
    old.refresh_from_db()
    assert old.audio_path == ""
    out = StringIO()
    call_command("retention", "--org", tenant.org.name, "--audio-days", "0", stdout=out)
    assert "аудио — хранить всегда" in out.getvalue()
