"""The call as GET /api/v1/calls/{call_id} shows it: the call, its transcript, its results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rop.analysis.services import CHECKLISTS, TABLES
from rop.asr.services import transcript_rows
from rop.calls.models import Call
from rop.convstats.services import as_dict, stats_of


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt else None


def call_detail(call: Call) -> dict[str, Any]:
    data: dict[str, Any] = {
        "call_id": call.call_id,
        "id": call.pk,
        "status": call.status,
        "stage": call.stage,
        "failure_reason": call.failure_reason or None,
        "failed_stage": call.failed_stage or None,
        "manager_id": call.manager.manager_id if call.manager else None,
        "deal_id": call.deal_id or None,
        "deal_stage_id": call.deal_stage_id or None,
        "audio_url": call.audio_url or None,
        "declared_duration": call.declared_duration,
        "duration": call.duration,
        "channels": call.channels,
        "attempts": call.attempts,
        "created_at": _iso(call.created_at),
        "finished_at": _iso(call.finished_at),
        "transcript": transcript_rows(call),
    }
    data["checklist_results"] = checklist_results(call)
    data["tables"] = table_results(call)
    data["stats"] = as_dict(stats_of(call))
    return data


def checklist_results(call: Call) -> list[dict[str, Any]]:
    """Current checklist results, each shaped like the webhook payload (+ ids, version)."""
    return [{**CHECKLISTS.payload(r), "checklist_id": r.checklist_id, "engine": r.engine}
            for r in CHECKLISTS.current_results(call)]


def table_results(call: Call) -> list[dict[str, Any]]:
    return [{**TABLES.payload(r), "details": r.details, "engine": r.engine}
            for r in TABLES.current_results(call)]
