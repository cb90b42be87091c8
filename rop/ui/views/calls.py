"""Calls list (filters, transcript search, keyset paging) and the call page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability, get_call, managers_for, offices_for
from rop.analysis.reanalysis import request_reanalysis
from rop.calls.models import CallStatus, EventKind, Stage
from rop.trackers.services import hits_for_call, trackers_for
from rop.ui import reanalysis
from rop.ui.access import AccessRequest, ui_view
from rop.ui.calllist import (
    SORTS,
    annotate_rows,
    apply_filters,
    checklists_of,
    counts,
    parse_filters,
    sorted_calls,
    stages_for,
)
from rop.ui.paging import offset_page, seek
from rop.ui.player import player_context
from rop.ui.render import page
from rop.ui.results import current_results, current_tables, result_view, transcript

PAGE_SIZE = 50
STAGE_LABELS = dict(Stage.choices)
EVENT_LABELS = dict(EventKind.choices)


@ui_view(Capability.VIEW_CALLS)
def calls_list(request: AccessRequest) -> HttpResponse:
    access = request.access
    f = parse_filters(request.GET)
    qs = apply_filters(access, f)
    trackers = list(trackers_for(access.org))
    total, tracker_counts = counts(qs, trackers)
    stages = list(stages_for(access))
    listed = qs.select_related("manager")
    if f.sort:  # another order than newest first: numbered pages
        pg = offset_page(sorted_calls(listed, f), request.GET.get("page"), PAGE_SIZE)
    else:
        pg = seek(listed, request.GET.get("after"), request.GET.get("before"), PAGE_SIZE)
    return page(
        request, "ui/calls.html", "calls",
        f=f, rows=annotate_rows(pg.items, f.q), pg=pg, qs=f.querystring(), total=total, sorts=SORTS.items(),
        offices=offices_for(access), managers=managers_for(access), checklists=checklists_of(stages),
        statuses=CallStatus.choices, stages=stages, trackers=trackers,
        tracker_counts=tracker_counts,
        can_bulk_reanalyse=access.can_reanalyse and reanalysis.available(),
    )


@ui_view(Capability.VIEW_CALLS)
def call_page(request: AccessRequest, pk: int) -> HttpResponse:
    access = request.access
    call = get_call(access, pk)
    results = [result_view(r) for r in current_results(call)]
    tables = []
    for tr in current_tables(call):
        fields = []
        specs = {f.get("key"): f for f in tr.version.snapshot.get("fields", [])}
        for key, value in (tr.data or {}).items():
            det = (tr.details or {}).get(key) or {}
            fields.append({"key": key, "value": value, "quote": det.get("quote", ""),
                           "quote_start": det.get("quote_start"), "confidence": det.get("confidence"),
                           "review": det, "spec": specs.get(key) or {},
                           "label": (specs.get(key) or {}).get("label") or key})
        tables.append({"table": tr.table, "fields": fields, "created_at": tr.created_at})
    return page(
        request, "ui/call.html", "calls",
        call=call, lines=transcript(call), results=results, tables=tables,
        events=[{"at": e.at, "stage": STAGE_LABELS.get(e.stage, e.stage), "kind": EVENT_LABELS.get(e.kind, e.kind),
                 "raw_kind": e.kind, "message": e.message} for e in call.events.all()],
        failed_stage=STAGE_LABELS.get(call.failed_stage, call.failed_stage), has_audio=bool(call.audio_path),
        can_reanalyse=access.can_reanalyse and reanalysis.available(), can_review=access.can_review,
        tracker_hits=hits_for_call(call), q=(request.GET.get("q") or "")[:200],
        **player_context(call),
    )


@require_POST
@ui_view(Capability.REANALYSE)
def call_reanalyse(request: AccessRequest, pk: int) -> HttpResponse:
    call = get_call(request.access, pk)
    try:
        request_reanalysis(call, requested_by=request.user.get_username())
    except reanalysis.Unavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Звонок поставлен на повторный анализ")
    return redirect("ui:call", pk=call.pk)
