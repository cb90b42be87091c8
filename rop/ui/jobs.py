"""UI jobs (exports, bulk re-analysis, trackers on past calls) as durable rows run by workers.

The web process only creates a Job row (status "pending") and shows its progress. Pipeline
workers claim due jobs (rop.pipeline.background → `work_due`) the way they claim calls: a
lease (lease_owner / lease_expires_at) taken by a conditional UPDATE (PostgreSQL picks the row
with FOR UPDATE SKIP LOCKED); every progress write is conditional on still owning the lease and
renews it. A job whose worker died is taken over when its lease expires and run again from the
start (each kind is idempotent); after MAX_ATTEMPTS takeovers it is failed. So a job survives a
restart of the web server and of a worker.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from rop import config
from rop.accounts.permissions import Access, access_for
from rop.analysis.reanalysis import request_reanalysis
from rop.trackers.models import Tracker
from rop.trackers.services import tag_past_calls
from rop.ui import exports, reanalysis
from rop.ui.calllist import apply_filters, parse_filters
from rop.ui.models import Job, JobStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
INLINE_WORKER = "web-inline"


class LeaseLost(Exception):
    """Another worker took the job over: stop without writing anything more."""


def start(job: Job) -> None:
    """A new job is due at once; tests (ROP_UI_JOBS_INLINE) run it in the request."""
    if getattr(settings, "ROP_UI_JOBS_INLINE", False) and _take(job.pk, None, INLINE_WORKER, timezone.now()):
        run(job.pk, INLINE_WORKER)


def _lease() -> timedelta:
    return timedelta(seconds=max(30.0, config.get().lease_seconds))


def _due(now: Any) -> QuerySet[Job]:
    return Job.objects.filter(status__in=(JobStatus.PENDING, JobStatus.RUNNING)).filter(
        Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))


def _take(pk: int, previous: str | None, worker_id: str, now: Any) -> bool:
    qs = _due(now).filter(pk=pk)
    if previous is not None:
        qs = qs.filter(lease_owner=previous)
    return qs.update(status=JobStatus.RUNNING, lease_owner=worker_id, lease_expires_at=now + _lease(),
                     attempts=F("attempts") + 1, done=0) == 1


def claim(worker_id: str) -> int | None:
    """Take one due job under a fresh lease; its id, or None."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            row = _due(now).select_for_update(skip_locked=True).order_by("created_at", "id").values(
                "id", "lease_owner").first()
            return row["id"] if row and _take(row["id"], row["lease_owner"], worker_id, now) else None
    for row in _due(now).order_by("created_at", "id").values("id", "lease_owner")[:8]:
        if _take(row["id"], row["lease_owner"], worker_id, now):
            return int(row["id"])
    return None


def work_due(worker_id: str) -> int:
    """Claim and run due jobs until none is left (rop.pipeline.background). Returns how many ran."""
    n = 0
    while (pk := claim(worker_id)) is not None:
        run(pk, worker_id)
        n += 1
    return n


def _update(job: Job, **fields: object) -> None:
    """Write progress while still owning the job (and renew its lease); LeaseLost otherwise."""
    for k, v in fields.items():
        setattr(job, k, v)
    owner = job.lease_owner
    if not Job.objects.filter(pk=job.pk, lease_owner=owner).update(lease_expires_at=timezone.now() + _lease(),
                                                                   **fields):
        raise LeaseLost(f"job {job.pk}")


def _finish(job: Job, status: str, message: str | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "lease_owner": "",
                              "lease_expires_at": None}
    if message is not None:
        fields["message"] = message
    Job.objects.filter(pk=job.pk, lease_owner=job.lease_owner).update(**fields)


def run(pk: int, worker_id: str) -> None:
    job = Job.objects.select_related("user", "org").get(pk=pk)
    if job.lease_owner != worker_id:
        return
    if job.attempts > MAX_ATTEMPTS:
        _finish(job, JobStatus.FAILED, "Прервано: обработчик несколько раз останавливался")
        return
    try:
        _run_kind(job)
    except LeaseLost:
        log.warning("ui job %s was taken over by another worker", pk)
        return
    except Exception as exc:  # the job row must end in a terminal state whatever happens
        log.exception("ui job %s failed", pk)
        msg = str(exc) if isinstance(exc, (PermissionError, reanalysis.Unavailable)) else "Внутренняя ошибка"
        _finish(job, JobStatus.FAILED, msg)
        return
    _finish(job, JobStatus.DONE)


def _run_kind(job: Job) -> None:
    access = access_for(job.user)
    if access is None or access.org.pk != job.org_id:
        raise PermissionError("Нет доступа")
    query = QueryDict(job.params.get("query", ""))
    if job.kind == "export":
        _export(job, access, query)
    elif job.kind == "reanalyse":
        _reanalyse(job, access, query)
    elif job.kind == "trackers":
        _trackers(job, access)
    else:
        raise ValueError(f"unknown job kind {job.kind}")


def _export(job: Job, access: Access, query: QueryDict) -> None:
    name = job.params["list"]
    fmt = job.params["format"]
    title, builder, capability = exports.LISTS[name]
    if not access.has(capability):
        raise PermissionError("Нет доступа к этому списку")
    exports.prune()
    _prune_stored()
    export = builder(access, query)
    _update(job, total=export.total)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"{job.org_id}-{job.pk}-{name}-{stamp}.{fmt}"
    dest = exports.exports_dir() / filename  # scratch; the file is then moved to the shared store
    exports.write(export, fmt, dest, lambda n: _update(job, done=n))
    exports.publish(dest)
    _update(job, result_name=filename, message=f"{title}: {job.done} строк")


def _prune_stored() -> None:
    """Exports are one-off downloads: files of jobs finished over a day ago leave the store."""
    old = Job.objects.filter(kind="export", finished_at__lt=timezone.now() - timedelta(
        seconds=exports.KEEP_SECONDS)).exclude(result_name="")
    names = list(old.values_list("result_name", flat=True)[:500])
    exports.prune_stored(names)
    Job.objects.filter(result_name__in=names).update(result_name="", message="Файл удалён (старше суток)")


def _reanalyse(job: Job, access: Access, query: QueryDict) -> None:
    if not access.can_reanalyse:
        raise PermissionError("Недостаточно прав")
    qs = apply_filters(access, parse_filters(query))
    _update(job, total=qs.count())
    n = 0
    tag = reanalysis.job_tag(job.pk) + job.user.get_username()
    for call in qs.order_by("-created_at", "-id").iterator(chunk_size=500):
        request_reanalysis(call, requested_by=tag)
        n += 1
        if n % 20 == 0:
            _update(job, done=n)
    _update(job, done=n, message=f"Поставлено на повторный анализ: {n}")


def _trackers(job: Job, access: Access) -> None:
    """Apply one tracker to the past calls the user can see."""
    if not access.can_edit_scripts:
        raise PermissionError("Недостаточно прав")
    tracker = Tracker.objects.filter(pk=job.params.get("tracker"), org=access.org).first()
    if tracker is None:
        raise PermissionError("Трекер удалён")
    qs = apply_filters(access, parse_filters(QueryDict("")))
    _update(job, total=qs.count())
    n = tag_past_calls(tracker, qs, lambda done: _update(job, done=done))
    _update(job, message=f"Трекер «{tracker.name}» применён к {n} звонкам")
