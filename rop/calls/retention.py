"""Retention per organisation: delete call audio after N days and whole calls (transcript, results,
webhooks) after M days; both off by default. Pipeline workers run `run_if_due` when idle.

Each run handles at most BATCH calls per organisation and kind, one short transaction per call,
so it never holds the database long; what is left is taken by the next run. Runs are claimed per
organisation in the database (last_run_at), so many workers do not repeat each other's work.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from rop.audit.services import Action, record
from rop.calls.deletion import delete_audio, delete_call
from rop.calls.models import Call, CallStatus, RetentionPolicy
from rop.tenants.models import Organisation

log = logging.getLogger(__name__)

BATCH = 200
INTERVAL_SECONDS = 3600.0  # how often one organisation's policy runs
# Calls still in the pipeline are left alone until they finish.
_ACTIVE = (CallStatus.QUEUED, CallStatus.DOWNLOADING, CallStatus.TRANSCRIBING, CallStatus.ANALYZING)
_last_check = 0.0


@dataclass(frozen=True)
class RetentionRun:
    audio_deleted: int
    calls_deleted: int


def set_policy(org: Organisation, audio_days: int | None, results_days: int | None) -> RetentionPolicy:
    """Set (None: keep forever) the organisation's retention."""
    policy, _ = RetentionPolicy.objects.update_or_create(
        org=org, defaults={"audio_days": audio_days or None, "results_days": results_days or None}
    )
    return policy


def apply_policy(policy: RetentionPolicy, now: datetime | None = None) -> RetentionRun:
    """Delete what the policy says is past its time (at most BATCH calls of each kind)."""
    now = now or timezone.now()
    calls_deleted = 0
    audio_deleted = 0
    finished = Call.objects.filter(org=policy.org).exclude(status__in=_ACTIVE)
    if policy.results_days:
        cutoff = now - timedelta(days=policy.results_days)
        for call in finished.filter(created_at__lt=cutoff).order_by("created_at")[:BATCH]:
            delete_call(call, None, "retention", days=policy.results_days)
            calls_deleted += 1
    if policy.audio_days:
        cutoff = now - timedelta(days=policy.audio_days)
        old = finished.filter(created_at__lt=cutoff).exclude(audio_path="").order_by("created_at")[:BATCH]
        for call in old:
            audio_deleted += int(delete_audio(call))
        if audio_deleted:
            record(policy.org, None, Action.DATA_DELETED, f"аудио {audio_deleted} звонков старше "
                   f"{policy.audio_days} дн.", via="retention", audio=audio_deleted)
    return RetentionRun(audio_deleted, calls_deleted)


def run_due(now: datetime | None = None) -> RetentionRun:
    """Apply every policy not run within INTERVAL_SECONDS (each claimed by one worker)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=INTERVAL_SECONDS)
    total = RetentionRun(0, 0)
    due = RetentionPolicy.objects.filter(Q(audio_days__isnull=False) | Q(results_days__isnull=False))
    for policy in due.filter(Q(last_run_at__isnull=True) | Q(last_run_at__lt=stale)).select_related("org"):
        claimed = RetentionPolicy.objects.filter(pk=policy.pk, last_run_at=policy.last_run_at).update(
            last_run_at=now
        )
        if not claimed:
            continue  # another worker took it
        run = apply_policy(policy, now)
        if run.audio_deleted or run.calls_deleted:
            log.info("retention org %s: audio of %d calls and %d calls deleted", policy.org_id,
                     run.audio_deleted, run.calls_deleted)
        total = RetentionRun(total.audio_deleted + run.audio_deleted, total.calls_deleted + run.calls_deleted)
    return total


def run_if_due() -> None:
    """The workers' idle hook: look at the policies at most once a minute per process."""
    global _last_check
    if time.monotonic() - _last_check < 60 and _last_check:
        return
    _last_check = time.monotonic()
    try:
        run_due()
    except Exception:  # retention must never stop a worker; the next check tries again
        log.exception("retention run failed")
