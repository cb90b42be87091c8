"""Starting exports / bulk re-analysis, polling their progress, downloading the result."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability
from rop.trackers.models import Tracker
from rop.ui import exports, jobs, reanalysis
from rop.ui.access import AccessRequest, ui_view
from rop.ui.models import Job

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _query_without(request: AccessRequest, *drop: str) -> str:
    q = request.GET.copy()
    for key in drop:
        q.pop(key, None)
    return q.urlencode()


def _get_job(request: AccessRequest, pk: int) -> Job:
    access = request.access
    job = Job.objects.filter(pk=pk, org=access.org, user_id=access.profile.user_id).first()
    if job is None:
        raise Http404("Задача не найдена")
    return job


@require_POST
@ui_view()
def export_start(request: AccessRequest) -> HttpResponse:
    access = request.access
    name, fmt = request.GET.get("list", ""), request.GET.get("format", "")
    if name not in exports.LISTS or fmt not in exports.FORMATS:
        return HttpResponseBadRequest("Неизвестный список или формат")
    if not access.has(exports.LISTS[name][2]):
        raise Http404
    job = Job.objects.create(org=access.org, user_id=access.profile.user_id, kind="export",
                             params={"list": name, "format": fmt, "query": _query_without(request, "list", "format")})
    jobs.start(job)
    job.refresh_from_db()
    return render(request, "ui/_job.html", _job_context(job))


@require_POST
@ui_view(Capability.EDIT_SCRIPTS)
def trackers_apply_start(request: AccessRequest, pk: int) -> HttpResponse:
    """Apply a tracker to past calls: a durable job run by the pipeline workers."""
    access = request.access
    if not Tracker.objects.filter(pk=pk, org=access.org).exists():
        raise Http404("Трекер не найден")
    job = Job.objects.create(org=access.org, user_id=access.profile.user_id, kind="trackers",
                             params={"tracker": pk})
    jobs.start(job)
    job.refresh_from_db()
    return render(request, "ui/_job.html", _job_context(job))


@require_POST
@ui_view(Capability.REANALYSE)
def reanalyse_start(request: AccessRequest) -> HttpResponse:
    access = request.access
    if not reanalysis.available():
        return HttpResponse('<div class="errors">Повторный анализ пока недоступен</div>')
    job = Job.objects.create(org=access.org, user_id=access.profile.user_id, kind="reanalyse",
                             params={"query": _query_without(request)})
    jobs.start(job)
    job.refresh_from_db()
    return render(request, "ui/_job.html", _job_context(job))


def _job_context(job: Job) -> dict[str, object]:
    ctx: dict[str, object] = {"job": job, "poll": not job.finished}
    if job.kind == "reanalyse" and job.status == "done" and job.total:
        analysed = reanalysis.analysed_count(job.pk)
        ctx.update(analysed=analysed, analysed_percent=min(100, 100 * analysed // job.total),
                   poll=analysed < job.total)
    return ctx


@ui_view()
def job_status(request: AccessRequest, pk: int) -> HttpResponse:
    return render(request, "ui/_job.html", _job_context(_get_job(request, pk)))


@ui_view()
def job_download(request: AccessRequest, pk: int) -> HttpResponseBase:
    job = _get_job(request, pk)
    if not job.result_name:
        raise Http404("Файл ещё не готов")
    ext = job.result_name.rsplit(".", 1)[-1]
    filename = f"{job.params.get('list', 'export')}.{ext}"
    content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
    stored = exports.open_stored(job.result_name)
    if stored is None:
        legacy = exports.exports_dir() / job.result_name  # written before exports moved to the store
        if not legacy.exists():
            raise Http404("Файл удалён")
        return FileResponse(open(legacy, "rb"), as_attachment=True, filename=filename, content_type=content_type)
    size, chunks = stored
    resp = StreamingHttpResponse(chunks, content_type=content_type)
    resp["Content-Length"] = str(size)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
