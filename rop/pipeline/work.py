"""Durable work state of a call: claim, heartbeat, advance, retry, fail, release.

The Call row is the state of record. A worker owns a call's current stage while it holds an
unexpired lease (lease_owner / lease_expires_at). Every write after the claim is conditional
on ``lease_owner = me``: a worker that lost its lease (it stalled, another took over) can
never commit a stage result. While leased, next_attempt_at equals the lease expiry, so the
claim scan (next_attempt_at <= now) skips leased calls and finds expired ones by itself.

Claims: PostgreSQL picks a candidate with ``SELECT … FOR UPDATE SKIP LOCKED`` (workers do
not queue behind each other); SQLite reads candidates and takes one with a conditional
UPDATE (compare-and-set on stage + previous lease_owner). Both end in the same guarded UPDATE.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from rop import config
from rop.calls.models import Call, CallEvent, CallStatus, Stage
from rop.net import transport
from rop.pipeline.stages import ORDER, next_stage

log = logging.getLogger(__name__)

STATUS_FOR_STAGE: dict[str, str] = {
    "fetch": CallStatus.DOWNLOADING,
    "audio": CallStatus.TRANSCRIBING,
    "asr": CallStatus.TRANSCRIBING,
    "analysis": CallStatus.ANALYZING,
    "done": CallStatus.DONE,
}


def stage_label(stage: str) -> str:
    try:
        return str(Stage(stage).label)
    except ValueError:
        return stage


@dataclass(frozen=True)
class Claimed:
    call: Call
    stage: str
    attempt: int
    crashed_before: bool  # the previous holder's lease expired without a result


def _due(now: datetime, stages: Collection[str] = ORDER) -> QuerySet[Call]:
    return (
        Call.objects.filter(next_attempt_at__lte=now, stage__in=list(stages))
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .exclude(status=CallStatus.FAILED)
    )


def _take(row: dict[str, Any], worker_id: str, now: datetime) -> bool:
    cfg = config.get()
    until = now + timedelta(seconds=cfg.lease_seconds)
    crashed = 1 if row["lease_owner"] else 0
    n = (
        _due(now)
        .filter(pk=row["id"], stage=row["stage"], lease_owner=row["lease_owner"])
        .update(
            lease_owner=worker_id,
            lease_expires_at=until,
            next_attempt_at=until,
            attempts=F("attempts") + 1,
            stage_errors=F("stage_errors") + crashed,
            status=STATUS_FOR_STAGE[row["stage"]],
            started_at=Coalesce(F("started_at"), now),
        )
    )
    return n == 1


def claim(worker_id: str, stages: Collection[str] = ORDER) -> Claimed | None:
    """Take one due call (its current stage, one of ``stages``) under a fresh lease, or None."""
    now = timezone.now()
    fields = ("id", "stage", "lease_owner")
    taken: dict[str, Any] | None = None
    if connection.vendor == "postgresql":
        with transaction.atomic():
            row = (
                _due(now, stages).select_for_update(skip_locked=True)
                .order_by("next_attempt_at").values(*fields).first()
            )
            if row is not None and _take(row, worker_id, now):
                taken = row
    else:
        candidates = list(_due(now, stages).order_by("next_attempt_at").values(*fields)[:8])
        for row in candidates:
            if _take(row, worker_id, now):
                taken = row
                break
    if taken is None:
        return None
    call = Call.objects.select_related("org").get(pk=taken["id"])
    crashed = bool(taken["lease_owner"])
    label = stage_label(call.stage)
    if crashed:
        CallEvent.objects.create(
            call=call, stage=call.stage, kind="retry",
            message=f"Обработчик прервался во время этапа «{label}»; этап будет выполнен заново",
        )
    suffix = f" (попытка {call.attempts})" if call.attempts > 1 else ""
    CallEvent.objects.create(call=call, stage=call.stage, kind="started", message=f"Начат этап «{label}»{suffix}")
    return Claimed(call=call, stage=call.stage, attempt=call.attempts, crashed_before=crashed)


def heartbeat(call_pk: int, worker_id: str) -> bool:
    """Extend the lease; False when it is no longer ours."""
    until = timezone.now() + timedelta(seconds=config.get().lease_seconds)
    n = Call.objects.filter(pk=call_pk, lease_owner=worker_id).update(lease_expires_at=until, next_attempt_at=until)
    return n == 1


def advance(call_pk: int, worker_id: str, stage: str) -> bool:
    """Stage done: move to the next one (or done). False when the lease was lost."""
    now = timezone.now()
    nxt = next_stage(stage)
    fields: dict[str, Any] = {
        "stage": nxt,
        "attempts": 0,
        "stage_errors": 0,
        "first_failure_at": None,
        "lease_owner": "",
        "lease_expires_at": None,
        "next_attempt_at": None if nxt == "done" else now,
        "status": STATUS_FOR_STAGE[nxt],
    }
    if nxt == "done":
        fields["finished_at"] = now
    with transaction.atomic():
        n = Call.objects.filter(pk=call_pk, lease_owner=worker_id, stage=stage).update(**fields)
        if n != 1:
            return False
        label = stage_label(stage)
        CallEvent.objects.create(call_id=call_pk, stage=stage, kind="finished", message=f"Этап «{label}» завершён")
        if nxt == "done":
            CallEvent.objects.create(call_id=call_pk, stage="done", kind="finished",
                                     message="Обработка звонка завершена")
    return True


def fail(call_pk: int, worker_id: str, stage: str, reason: str) -> bool:
    return _end_lease(call_pk, worker_id, stage, "failed", reason, status=CallStatus.FAILED, failure_reason=reason,
                      failed_stage=stage, finished_at=timezone.now(), next_attempt_at=None)


def _end_lease(call_pk: int, worker_id: str, stage: str, kind: str, message: str, **fields: Any) -> bool:
    """Update the call and drop the lease (if this worker still holds it), recording the event."""
    with transaction.atomic():
        n = Call.objects.filter(pk=call_pk, lease_owner=worker_id).update(
            lease_owner="", lease_expires_at=None, **fields)
        if n != 1:
            return False
        CallEvent.objects.create(call_id=call_pk, stage=stage, kind=kind, message=message)
    return True


def backoff_seconds(attempt: int, retry_after: float | None = None) -> float:
    """rop.net.transport's backoff (full jitter); never sooner than the source's Retry-After."""
    cfg = config.get()
    return transport.backoff_seconds(attempt, base=cfg.retry_base_seconds, cap=cfg.retry_max_seconds,
                                     retry_after=retry_after, retry_after_cap=cfg.retry_window_seconds)


def _minutes(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} мин"
    return f"{seconds:.0f} с"


def retry(
    call_pk: int, worker_id: str, stage: str, message: str, *, retry_after: float | None = None,
    unexpected: bool = False,
) -> bool:
    """Schedule another attempt of the stage, or fail the call when retries are used up.

    TransientError: retried while the first failure is younger than ROP_RETRY_WINDOW_SECONDS
    (about an hour). Unexpected errors (and crashes, counted at claim time): at most
    ROP_MAX_STAGE_ATTEMPTS per stage.
    """
    cfg = config.get()
    now = timezone.now()
    row = Call.objects.filter(pk=call_pk, lease_owner=worker_id).values(
        "attempts", "stage_errors", "first_failure_at"
    ).first()
    if row is None:
        return False
    first = row["first_failure_at"] or now
    errors = row["stage_errors"] + (1 if unexpected else 0)
    label = stage_label(stage)
    if unexpected and errors >= cfg.max_stage_attempts:
        return fail(call_pk, worker_id, stage,
                    f"Внутренняя ошибка на этапе «{label}» (попыток: {errors}): {message}")
    waited = (now - first).total_seconds()
    if not unexpected and waited >= cfg.retry_window_seconds:
        return fail(call_pk, worker_id, stage,
                    f"{message}. Повторные попытки в течение {_minutes(waited)} не помогли")
    delay = backoff_seconds(row["attempts"], retry_after)
    return _end_lease(call_pk, worker_id, stage, "retry", f"{message}. Повторная попытка через {_minutes(delay)}",
                      next_attempt_at=now + timedelta(seconds=delay), first_failure_at=first, stage_errors=errors)


def fail_crashed(claimed: Claimed, worker_id: str) -> bool:
    """The stage crashed its worker too many times: give up on the call (never lose it silently)."""
    label = stage_label(claimed.stage)
    return fail(
        claimed.call.pk, worker_id, claimed.stage,
        f"Обработка этапа «{label}» прерывалась {claimed.call.stage_errors} раз (сбой обработчика)",
    )


def release(call_pk: int, worker_id: str, stage: str) -> bool:
    """Give the stage back unfinished (worker stopping): due again at once, not counted as an error."""
    return _end_lease(call_pk, worker_id, stage, "retry",
                      f"Обработчик остановлен во время этапа «{stage_label(stage)}»; этап будет выполнен заново",
                      next_attempt_at=timezone.now())
