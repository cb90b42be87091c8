"""Webhook bodies exactly as the API document shows them (extension keys only added).

Checklist: call_id, manager_id, checklist_name, total_score, max_score,
completion_percentage, stages[{stage_id, stage_name, score, percentage, status, comment,
quote}], timestamp. Table: call_id, table_id, table_name, extracted_data, processing_time
("HH:MM:SS"), timestamp ("…Z").

Layering: delivery sits below analysis. Payloads are built from the neutral result types
here (ChecklistOutcome, TableOutcome); rop.analysis turns its stored results into them and
enqueues through rop.delivery.outbox. Nothing in delivery imports analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict

DOC_STAGE_KEYS = ("stage_id", "stage_name", "score", "percentage", "status", "comment", "quote")

FieldValueType = str | float | None


class StageRow(TypedDict):
    """One scored stage as stored (ChecklistResult.stages) and sent (the document's keys first)."""

    stage_id: str
    stage_name: str
    score: int
    percentage: int
    status: str
    comment: str
    quote: str
    # extension keys
    weight: int
    quote_start: float | None
    quote_speaker: str | None


class ReviewedStageRow(StageRow, total=False):
    """A stage row a person reviewed (rop.analysis.reviews): the evaluator's original is kept."""

    reviewed: bool
    original_status: str
    original_percentage: int
    original_comment: str
    reviewed_by: str
    reviewed_at: str  # ISO-8601 UTC


class FieldDetail(TypedDict):
    """How one table value was found (TableResult.details[key])."""

    confidence: int
    quote: str
    quote_start: float | None


@dataclass(frozen=True)
class CallRef:
    call_id: str
    manager_id: str
    deal_id: str = ""
    deal_stage_id: str = ""


@dataclass(frozen=True)
class ChecklistOutcome:
    call: CallRef
    checklist_name: str
    version: int
    total_score: int
    max_score: int
    completion_percentage: int
    stages: list[StageRow]
    created_at: datetime
    revision: int = 1  # 1 = the automatic result, +1 per review or re-analysis
    reviewed: bool = False


@dataclass(frozen=True)
class TableOutcome:
    call: CallRef
    table_id: str
    table_name: str
    version: int
    data: dict[str, FieldValueType]
    processing_seconds: float
    created_at: datetime
    revision: int = 1
    reviewed: bool = False


def iso_z(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hms(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _stage_item(st: StageRow) -> dict[str, Any]:
    item: dict[str, Any] = {k: st.get(k) for k in DOC_STAGE_KEYS}
    item["quote"] = item["quote"] or ""
    item["comment"] = item["comment"] or ""
    # extension keys
    item["weight"] = st.get("weight", 1)
    item["quote_start"] = st.get("quote_start")
    item["quote_speaker"] = st.get("quote_speaker")
    # reviewed results (contract-notes "Reviewed results"): reviewed, original_status when it differs
    item["reviewed"] = bool(st.get("reviewed", False))
    original = st.get("original_status")
    if item["reviewed"] and original and original != item["status"]:
        item["original_status"] = original
    return item


def checklist_payload(result: ChecklistOutcome) -> dict[str, Any]:
    call = result.call
    return {
        "call_id": call.call_id,
        "manager_id": call.manager_id,
        "checklist_name": result.checklist_name,
        "total_score": result.total_score,
        "max_score": result.max_score,
        "completion_percentage": result.completion_percentage,
        "stages": [_stage_item(st) for st in result.stages],
        "timestamp": iso_z(result.created_at),
        # extension keys
        "checklist_version": result.version,
        "deal_id": call.deal_id or None,
        "deal_stage_id": call.deal_stage_id or None,
        "revision": result.revision,
        "reviewed": result.reviewed,
    }


def table_payload(result: TableOutcome) -> dict[str, Any]:
    return {
        "call_id": result.call.call_id,
        "table_id": result.table_id,
        "table_name": result.table_name,
        "extracted_data": dict(result.data),
        "processing_time": hms(result.processing_seconds),
        "timestamp": iso_z(result.created_at),
        # extension keys
        "manager_id": result.call.manager_id,
        "table_version": result.version,
        "revision": result.revision,
        "reviewed": result.reviewed,
    }
