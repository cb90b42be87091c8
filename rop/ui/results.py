"""Reading analysis results and transcripts for the UI (other apps own the models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from rop.analysis.models import ChecklistResult, TableResult
from rop.asr.models import Segment
from rop.calls.models import Call
from rop.core.speech import speaker_label


def current_results(call: Call) -> list[ChecklistResult]:
    return list(
        ChecklistResult.objects.filter(call=call, is_current=True).select_related("checklist", "version")
        .order_by("checklist__name")
    )


def current_tables(call: Call) -> list[TableResult]:
    return list(TableResult.objects.filter(call=call, is_current=True).select_related("table", "version")
                .order_by("table__name"))


@dataclass
class Line:
    start: float
    end: float
    speaker: str
    text: str

    @property
    def speaker_label(self) -> str:
        return speaker_label(self.speaker)


def transcript(call: Call) -> list[Line]:
    return [Line(s.start, s.end, s.speaker, s.text) for s in Segment.objects.filter(call=call).order_by("start", "id")]


def with_failed_stage(qs: QuerySet[Call], org_id: int, stage_id: str) -> QuerySet[Call]:
    """Calls whose current checklist result failed the stage `stage_id`."""
    table = ChecklistResult._meta.db_table
    if connection.vendor == "postgresql":
        sql = (f"SELECT call_id FROM {table} WHERE org_id = %s AND is_current AND stages::jsonb @> "
               f"jsonb_build_array(jsonb_build_object('stage_id', %s::text, 'status', 'failed'))")
    else:
        sql = (f"SELECT r.call_id FROM {table} r, json_each(r.stages) s WHERE r.org_id = %s AND r.is_current = 1 "
               f"AND json_extract(s.value, '$.stage_id') = %s AND json_extract(s.value, '$.status') = 'failed'")
    return qs.filter(pk__in=RawSQL(sql, [org_id, stage_id]))


STATUS_LABELS = {"completed": "Выполнен", "failed": "Не выполнен", "not_applicable": "Не применимо"}
REVIEW_KEYS = ("reviewed", "original_status", "original_comment", "reviewed_by", "reviewed_at")


@dataclass
class StageRow:
    stage_id: str
    name: str
    status: str
    score: int
    percentage: int
    comment: str
    quote: str
    quote_start: float | None
    weight: int = 1
    review: dict[str, Any] = field(default_factory=dict)  # reviewed, original_status, reviewed_by, …

    @property
    def reviewed(self) -> bool:
        return bool(self.review.get("reviewed"))

    @property
    def reviewed_at(self) -> datetime | None:
        """When a person set the verdict (shown in the current time zone by the template)."""
        raw = self.review.get("reviewed_at")
        try:
            return datetime.fromisoformat(str(raw).replace("Z", "+00:00")) if raw else None
        except ValueError:
            return None

    @property
    def original_label(self) -> str:
        """The evaluator's verdict, when a person changed it."""
        original = str(self.review.get("original_status") or "")
        return STATUS_LABELS.get(original, original) if self.reviewed and original != self.status else ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass
class ResultView:
    checklist_name: str
    checklist_id: int
    version: int
    total_score: int
    max_score: int
    completion: int
    created_at: Any
    stages: list[StageRow] = field(default_factory=list)
    revision: int = 1
    reviewed: bool = False

    def _count(self, status: str) -> int:
        return sum(1 for s in self.stages if s.status == status)

    @property
    def done(self) -> int:
        return self._count("completed")

    @property
    def applicable(self) -> int:
        """Stages that apply to the call (completed or failed): the «из N этапов»."""
        return self.done + self._count("failed")

    @property
    def summary(self) -> str:
        """The score as people read it: «4 из 6 этапов» (+ how many did not apply)."""
        na = self._count("not_applicable")
        text = f"{self.done} из {self.applicable} {_stages_word(self.applicable)}"
        return f"{text} (ещё {na} не применимо)" if na else text

    @property
    def explanation(self) -> str:
        """How the webhook's completion % follows from the verdicts, with this call's numbers."""
        done_w = sum(s.weight for s in self.stages if s.status == "completed")
        failed_w = sum(s.weight for s in self.stages if s.status == "failed")
        return (f"Процент выполнения = (веса выполненных − веса невыполненных) / веса применимых этапов, "
                f"не ниже 0: ({done_w} − {failed_w}) / {self.max_score} → {self.completion} %. "
                f"Невыполненный этап отнимает свой вес, поэтому половина этапов даёт 0 %; "
                f"этапы «не применимо» не учитываются.")


def _stages_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "этапа"
    return "этапов"


def result_view(result: ChecklistResult) -> ResultView:
    rows = []
    for st in result.stages or []:
        qs = st.get("quote_start")
        rows.append(StageRow(
            stage_id=str(st.get("stage_id", "")), name=str(st.get("stage_name", "")),
            status=str(st.get("status", "")), score=int(st.get("score", 0) or 0),
            percentage=int(st.get("percentage", 0) or 0), comment=str(st.get("comment", "") or ""),
            quote=str(st.get("quote", "") or ""), quote_start=float(qs) if qs is not None else None,
            weight=int(st.get("weight", 1) or 1),
            review={k: st[k] for k in REVIEW_KEYS if k in st},
        ))
    return ResultView(result.checklist.name, result.checklist_id, result.version.number, result.total_score,
                      result.max_score, result.completion_percentage, result.created_at, rows,
                      result.revision, result.reviewed)
