"""Webhook bodies exactly as the API document shows them (extension keys only added).

Checklist: call_id, manager_id, checklist_name, total_score, max_score,
completion_percentage, stages[{stage_id, stage_name, score, percentage, status, comment,
quote}], timestamp. Table: call_id, table_id, table_name, extracted_data, processing_time
("HH:MM:SS"), timestamp ("…Z").
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

DOC_STAGE_KEYS = ("stage_id", "stage_name", "score", "percentage", "status", "comment", "quote")


def iso_z(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hms(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _manager_id(call: Any) -> str:
    return call.manager.manager_id if call.manager_id and call.manager else ""


def checklist_payload(result: Any) -> dict[str, Any]:
    """result: rop.analysis.models.ChecklistResult."""
    call = result.call
    stages = []
    for st in result.stages:
        item = {k: st.get(k) for k in DOC_STAGE_KEYS}
        item["quote"] = item["quote"] or ""
        item["comment"] = item["comment"] or ""
        # extension keys
        item["weight"] = st.get("weight", 1)
        item["quote_start"] = st.get("quote_start")
        item["quote_speaker"] = st.get("quote_speaker")
        stages.append(item)
    return {
        "call_id": call.call_id,
        "manager_id": _manager_id(call),
        "checklist_name": result.version.snapshot.get("name", result.checklist.name),
        "total_score": result.total_score,
        "max_score": result.max_score,
        "completion_percentage": result.completion_percentage,
        "stages": stages,
        "timestamp": iso_z(result.created_at),
        # extension keys
        "checklist_version": result.version.number,
        "deal_id": call.deal_id or None,
        "deal_stage_id": call.deal_stage_id or None,
    }


def table_payload(result: Any) -> dict[str, Any]:
    """result: rop.analysis.models.TableResult."""
    call = result.call
    snapshot = result.version.snapshot
    return {
        "call_id": call.call_id,
        "table_id": snapshot.get("id", result.table.table_id),
        "table_name": snapshot.get("name", result.table.name),
        "extracted_data": dict(result.data),
        "processing_time": hms(result.processing_seconds),
        "timestamp": iso_z(result.created_at),
        # extension keys
        "manager_id": _manager_id(call),
        "table_version": result.version.number,
    }
