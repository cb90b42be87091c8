"""The analysis stage: transcript -> checklist scores and table fields -> results + outbox.

``run(call)`` is called by the pipeline worker. It is idempotent: a checklist/table that
already has a current result for its current version is not evaluated again (a worker
that crashed after committing is harmless), unless a re-analysis was requested
(rop.analysis.reanalysis). Evaluation (possibly slow: LLM) happens outside any transaction;
results, the "current" flags and the webhook outbox rows are then written in ONE
transaction, under a lock on the call row, so a result never exists without its delivery
rows and two workers cannot both store one. Both kinds (rop.analysis.services.KINDS) go
through the same code.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from rop.analysis import reviews
from rop.analysis.callday import local_day, on_call_day
from rop.analysis.engine import get_evaluator
from rop.analysis.models import (
    AnalysisConfig,
    ChecklistResult,
    ChecklistVersion,
    ConfigVersion,
    ReanalysisRequest,
    TableResult,
)
from rop.analysis.services import CHECKLISTS, KINDS, ConfigKind
from rop.analysis.transcript import load_transcript
from rop.analysis.types import Evaluator, Guidance, Utterance
from rop.calls.models import Call, CallEvent, Stage

log = logging.getLogger(__name__)


@dataclass
class _Job:
    kind: ConfigKind[Any]
    config: AnalysisConfig
    version: ConfigVersion
    fields: dict[str, Any] | None = None  # the result model's fields, once evaluated

    def guidance(self, call: Call) -> Guidance | None:
        """Checklists: the head of sales' corrections and the organisation's reviewed examples."""
        if self.kind.name != CHECKLISTS.name:
            return None
        version = cast(ChecklistVersion, self.version)
        return reviews.guidance(call, version, self.kind.spec(version.snapshot))

    def has_current_result(self, call: Call) -> bool:
        rows = self.kind.result_model._default_manager.filter(call=call, version=self.version, is_current=True)
        return bool(rows.exists())


def _pending(call: Call, force: bool) -> list[_Job]:
    jobs = []
    for kind in KINDS:
        for config in kind.applicable(call):
            job = _Job(kind, config, kind.current_version(config))
            if force or not job.has_current_result(call):
                jobs.append(job)
    return jobs


def analyse(call: Call, transcript: list[Utterance], *, force: bool = False,
            evaluator: Evaluator | None = None) -> tuple[list[ChecklistResult], list[TableResult]]:
    """Evaluate, verify quotes, score and store (with outbox rows). Returns the new results."""
    started = time.monotonic()
    jobs = _pending(call, force)
    if not jobs:
        return [], []
    evaluator = evaluator or get_evaluator()
    with on_call_day(local_day(call.created_at, call.org)):
        for job in jobs:
            spec = job.kind.spec(job.version.snapshot)
            job.fields = job.kind.evaluate(evaluator, transcript, spec, job.guidance(call))
    stored = _store(call, jobs, evaluator.name, force, time.monotonic() - started)
    return ([r for r in stored if isinstance(r, ChecklistResult)],
            [r for r in stored if isinstance(r, TableResult)])


def enqueue_delivery(kind: ConfigKind[Any], result: Any) -> None:
    """One outbox row for the result when its checklist/table has a webhook URL."""
    kind.deliver(result)


def _store(call: Call, jobs: list[_Job], engine: str, force: bool, elapsed: float) -> list[Any]:
    now = timezone.now()
    stored: list[Any] = []
    with transaction.atomic():
        locked = Call.objects.select_for_update(of=("self",)).select_related("manager").get(pk=call.pk)
        # processing time: since the call was received; a re-analysis reports its own duration
        first_time = not any(k.result_model._default_manager.filter(call=locked).exists() for k in KINDS)
        processing = (now - locked.created_at).total_seconds() if first_time else elapsed
        for job in jobs:
            if not force and job.has_current_result(locked):
                continue  # another worker stored it meanwhile
            model = job.kind.result_model
            previous = model._default_manager.filter(call=locked, is_current=True, **{job.kind.name: job.config})
            previous.update(is_current=False)
            extra = {"processing_seconds": processing} if job.kind.records_processing_time else {}
            fields = dict(job.fields or {})
            # a re-analysis keeps people's verdicts and is the next revision for the CRM
            reviewed = reviews.reapply(job.kind, locked, job.config, fields)
            revision = reviews.next_revision(job.kind, locked, job.config)
            result = model._default_manager.create(
                org_id=locked.org_id, call=locked, version=job.version, engine=engine, is_current=True,
                created_at=now, revision=revision, reviewed=reviewed, **{job.kind.name: job.config}, **fields,
                **extra,
            )
            enqueue_delivery(job.kind, result)
            stored.append(result)
    return stored


def run(call: Call) -> None:
    """Pipeline stage entry point (may raise TransientError / PermanentError)."""
    pending = ReanalysisRequest.objects.filter(call=call, done_at__isnull=True)
    requested = list(pending.values_list("id", flat=True))
    transcript = load_transcript(call)
    c_res, t_res = analyse(call, transcript, force=bool(requested))
    if requested:
        ReanalysisRequest.objects.filter(id__in=requested).update(done_at=timezone.now())
    if c_res or t_res:
        CallEvent.objects.create(
            call=call, stage=Stage.ANALYSIS, kind="info",
            message=f"Анализ: чек-листов {len(c_res)}, таблиц {len(t_res)}",
        )
