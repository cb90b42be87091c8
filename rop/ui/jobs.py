"""Running UI jobs (exports, bulk re-analysis) in a background thread, progress in the DB.

A thread in the web process is enough here: a job is short-lived and its progress row is
the only state; a job interrupted by a restart is shown as failed ("прервано").
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.http import QueryDict
from django.utils import timezone

from rop.accounts.permissions import Access, access_for
from rop.analysis.reanalysis import request_reanalysis
from rop.ui import exports, reanalysis
from rop.ui.calllist import apply_filters, parse_filters
from rop.ui.models import Job, JobStatus

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=30)


def start(job: Job) -> None:
    if getattr(settings, "ROP_UI_JOBS_INLINE", False):
        run(job.pk)
        return
    threading.Thread(target=_thread, args=(job.pk,), name=f"ui-job-{job.pk}", daemon=True).start()


def _thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def _update(job: Job, **fields: object) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    Job.objects.filter(pk=job.pk).update(**fields)


def run(pk: int) -> None:
    job = Job.objects.select_related("user", "org").get(pk=pk)
    _update(job, status=JobStatus.RUNNING)
    try:
        access = access_for(job.user)
        if access is None or access.org.pk != job.org_id:
            raise PermissionError("Нет доступа")
        query = QueryDict(job.params.get("query", ""))
        if job.kind == "export":
            _export(job, access, query)
        elif job.kind == "reanalyse":
            _reanalyse(job, access, query)
        else:
            raise ValueError(f"unknown job kind {job.kind}")
    except Exception as exc:  # the job row must end in a terminal state whatever happens
        log.exception("ui job %s failed", pk)
        msg = str(exc) if isinstance(exc, (PermissionError, reanalysis.Unavailable)) else "Внутренняя ошибка"
        _update(job, status=JobStatus.FAILED, message=msg, finished_at=timezone.now())
        return
    _update(job, status=JobStatus.DONE, finished_at=timezone.now())


def _export(job: Job, access: Access, query: QueryDict) -> None:
    name = job.params["list"]
    fmt = job.params["format"]
    title, builder, capability = exports.LISTS[name]
    if not access.has(capability):
        raise PermissionError("Нет доступа к этому списку")
    exports.prune()
    export = builder(access, query)
    _update(job, total=export.total)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"{job.org_id}-{job.pk}-{name}-{stamp}.{fmt}"
    exports.write(export, fmt, exports.exports_dir() / filename, lambda n: _update(job, done=n))
    _update(job, result_name=filename, message=f"{title}: {job.done} строк")


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


def mark_stale(job: Job) -> Job:
    """A running job whose thread died with its process: show it as interrupted."""
    if not job.finished and job.created_at < timezone.now() - STALE_AFTER:
        _update(job, status=JobStatus.FAILED, message="Прервано (перезапуск сервера)", finished_at=timezone.now())
    return job
