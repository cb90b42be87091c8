"""Per-stage verdict rows (``StageOutcome``) kept in step with the current checklist results.

``set_stage_verdicts(result)`` replaces the call's rows for that checklist with the result's stages
when the result is current (and drops them when it is not). It runs on every ``ChecklistResult``
save (a signal connected in ``AnalysisConfig.ready``); writers that use ``QuerySet.update`` or
``bulk_create`` (reviews, benches, imports) call it — or ``rebuild_stage_verdicts`` — themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from rop.analysis.models import ChecklistResult, StageOutcome

STATUSES = ("completed", "failed", "not_applicable")


def _rows(result: ChecklistResult) -> list[StageOutcome]:
    rows = []
    for position, st in enumerate(result.stages or []):
        status = str(st.get("status", ""))
        rows.append(
            StageOutcome(
                org_id=result.org_id,
                result_id=result.pk,
                call_id=result.call_id,
                checklist_id=result.checklist_id,
                stage_id=str(st.get("stage_id", ""))[:64],
                stage_name=str(st.get("stage_name", "") or "")[:500],
                position=position,
                status=status if status in STATUSES else "failed",
                weight=int(st.get("weight", 1) or 1),
            )
        )
    return rows


def set_stage_verdicts(result: ChecklistResult) -> None:
    """Make the call's verdict rows for this checklist match ``result`` (idempotent)."""
    with transaction.atomic():
        if not result.is_current:  # an old result: only its own rows go
            StageOutcome.objects.filter(result_id=result.pk).delete()
            return
        StageOutcome.objects.filter(call_id=result.call_id, checklist_id=result.checklist_id).delete()
        StageOutcome.objects.bulk_create(_rows(result))


def rebuild_stage_verdicts(results: QuerySet[ChecklistResult] | None = None, batch: int = 2000) -> int:
    """Rows for every current result (or the given ones); returns the number of results written."""
    qs = (results if results is not None else ChecklistResult.objects.all()).filter(is_current=True)
    done = 0
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(ChecklistResult.objects.filter(pk__in=ids[start : start + batch]))
        with transaction.atomic():
            StageOutcome.objects.filter(result_id__in=[r.pk for r in chunk]).delete()
            rows = [row for r in chunk for row in _rows(r)]
            StageOutcome.objects.bulk_create(rows, batch_size=1000)
        done += len(chunk)
    return done


def on_result_saved(sender: Any, instance: ChecklistResult, **kwargs: Any) -> None:
    """post_save receiver: keep the rows in step with the saved result."""
    if kwargs.get("raw"):
        return  # fixtures
    set_stage_verdicts(instance)
