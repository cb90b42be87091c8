"""The analysis stage: transcript -> checklist scores and table fields -> results + outbox.

``run(call)`` is called by the pipeline worker. It is idempotent: a checklist/table that
already has a current result for its current version is not evaluated again (a worker
that crashed after committing is harmless), unless a re-analysis was requested.
Evaluation (possibly slow: LLM) happens outside any transaction; results, the "current"
flags and the webhook outbox rows are then written in ONE transaction, under a lock on
the call row, so a result never exists without its delivery rows and two workers cannot
both store one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from rop.analysis import quotes, services
from rop.analysis.engine import get_evaluator
from rop.analysis.models import (
    AnalyticTable,
    Checklist,
    ChecklistResult,
    ChecklistVersion,
    ReanalysisRequest,
    TableResult,
    TableVersion,
)
from rop.analysis.scoring import score_checklist
from rop.analysis.transcript import load_transcript
from rop.analysis.types import Evaluator, Utterance
from rop.calls.models import Call, CallEvent, CallStatus, Stage
from rop.delivery.outbox import enqueue_checklist_result, enqueue_table_result

log = logging.getLogger(__name__)


@dataclass
class _ChecklistOut:
    checklist: Checklist
    version: ChecklistVersion
    scored: Any


@dataclass
class _TableOut:
    table: AnalyticTable
    version: TableVersion
    data: dict[str, Any]
    details: dict[str, Any]


def _pending(call: Call, force: bool) -> tuple[list[tuple[Checklist, ChecklistVersion]],
                                               list[tuple[AnalyticTable, TableVersion]]]:
    checklists = []
    for c in services.applicable_checklists(call):
        v = services.current_checklist_version(c)
        if force or not ChecklistResult.objects.filter(call=call, version=v, is_current=True).exists():
            checklists.append((c, v))
    tables = []
    for t in services.applicable_tables(call):
        tv = services.current_table_version(t)
        if force or not TableResult.objects.filter(call=call, version=tv, is_current=True).exists():
            tables.append((t, tv))
    return checklists, tables


def analyse(call: Call, transcript: list[Utterance], *, force: bool = False,
            evaluator: Evaluator | None = None) -> tuple[list[ChecklistResult], list[TableResult]]:
    """Evaluate, verify quotes, score and store (with outbox rows). Returns the new results."""
    started = time.monotonic()
    checklists, tables = _pending(call, force)
    if not checklists and not tables:
        return [], []
    evaluator = evaluator or get_evaluator()
    c_out: list[_ChecklistOut] = []
    for checklist, version in checklists:
        spec = services.checklist_spec(version.snapshot)
        verdicts = evaluator.evaluate_checklist(transcript, spec)
        verified = [quotes.verify_verdict(v, transcript) for v in verdicts]
        c_out.append(_ChecklistOut(checklist, version, score_checklist(spec, verified)))
    t_out: list[_TableOut] = []
    for table, tversion in tables:
        tspec = services.table_spec(tversion.snapshot)
        result = evaluator.extract_table(transcript, tspec)
        data: dict[str, Any] = {}
        details: dict[str, Any] = {}
        for f in tspec.fields:
            fv = result.values.get(f.key)
            if fv is None or fv.value is None:
                data[f.key] = None
                details[f.key] = {"confidence": 0, "quote": "", "quote_start": None}
                continue
            fv = quotes.verify_field(fv, transcript)
            data[f.key] = fv.value
            details[f.key] = {"confidence": fv.confidence, "quote": fv.quote, "quote_start": fv.quote_start}
        t_out.append(_TableOut(table, tversion, data, details))
    return _store(call, c_out, t_out, evaluator.name, force, time.monotonic() - started)


def _store(call: Call, c_out: list[_ChecklistOut], t_out: list[_TableOut], engine: str, force: bool,
           elapsed: float) -> tuple[list[ChecklistResult], list[TableResult]]:
    now = timezone.now()
    c_results: list[ChecklistResult] = []
    t_results: list[TableResult] = []
    with transaction.atomic():
        locked = Call.objects.select_for_update(of=("self",)).select_related("manager").get(pk=call.pk)
        # processing time: since the call was received; a re-analysis reports its own duration
        first_time = not ChecklistResult.objects.filter(call=locked).exists() and \
            not TableResult.objects.filter(call=locked).exists()
        processing = (now - locked.created_at).total_seconds() if first_time else elapsed
        for item in c_out:
            if not force and ChecklistResult.objects.filter(call=locked, version=item.version,
                                                            is_current=True).exists():
                continue  # another worker stored it meanwhile
            ChecklistResult.objects.filter(call=locked, checklist=item.checklist, is_current=True).update(
                is_current=False)
            res = ChecklistResult.objects.create(
                org_id=locked.org_id, call=locked, checklist=item.checklist, version=item.version, engine=engine,
                total_score=item.scored.total_score, max_score=item.scored.max_score,
                completion_percentage=item.scored.completion_percentage, stages=item.scored.stages,
                is_current=True, created_at=now,
            )
            enqueue_checklist_result(res)
            c_results.append(res)
        for t in t_out:
            if not force and TableResult.objects.filter(call=locked, version=t.version, is_current=True).exists():
                continue
            TableResult.objects.filter(call=locked, table=t.table, is_current=True).update(is_current=False)
            tres = TableResult.objects.create(
                org_id=locked.org_id, call=locked, table=t.table, version=t.version, engine=engine, data=t.data,
                details=t.details, processing_seconds=processing, is_current=True, created_at=now,
            )
            enqueue_table_result(tres)
            t_results.append(tres)
    return c_results, t_results


def run(call: Call) -> None:
    """Pipeline stage entry point (may raise TransientError / PermanentError)."""
    pending = ReanalysisRequest.objects.filter(call=call, done_at__isnull=True)
    force = pending.exists()
    requested = list(pending.values_list("id", flat=True))
    transcript = load_transcript(call)
    c_res, t_res = analyse(call, transcript, force=force)
    if requested:
        ReanalysisRequest.objects.filter(id__in=requested).update(done_at=timezone.now())
    if c_res or t_res:
        CallEvent.objects.create(
            call=call, stage=Stage.ANALYSIS, kind="info",
            message=f"Анализ: чек-листов {len(c_res)}, таблиц {len(t_res)}",
        )


def request_reanalysis(call: Call, requested_by: str = "") -> ReanalysisRequest:
    """UI "analyse again": queue the call's analysis stage with the current versions.

    A call still being transcribed simply gets the request (its analysis will honour it).
    """
    now = timezone.now()
    with transaction.atomic():
        req = ReanalysisRequest.objects.create(call=call, requested_by=requested_by[:200])
        Call.objects.filter(pk=call.pk, stage__in=[Stage.DONE, Stage.ANALYSIS]).exclude(
            lease_expires_at__gt=now
        ).update(stage=Stage.ANALYSIS, status=CallStatus.QUEUED, next_attempt_at=now, attempts=0,
                 finished_at=None, lease_owner="", lease_expires_at=None, failure_reason="", failed_stage="",
                 first_failure_at=None)
        CallEvent.objects.create(call=call, stage=Stage.ANALYSIS, kind="received",
                                 message="Запрошен повторный анализ")
    return req


def reanalyse_now(call: Call, evaluator: Evaluator | None = None) -> tuple[list[ChecklistResult], list[TableResult]]:
    """Re-analyse synchronously with the current versions (CLI, tests)."""
    return analyse(call, load_transcript(call), force=True, evaluator=evaluator)
