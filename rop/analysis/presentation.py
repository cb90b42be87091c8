"""Results of a call as the API (GET /calls/{id}) and the UI show them: the webhook payload
of each current result (rop.analysis.services kinds), plus ids and the engine."""

from __future__ import annotations

from typing import Any

from rop.analysis.services import CHECKLISTS, TABLES


def checklist_results(call: Any) -> list[dict[str, Any]]:
    """Current checklist results, each shaped like the webhook payload (+ ids, version)."""
    return [{**CHECKLISTS.payload(r), "checklist_id": r.checklist_id, "engine": r.engine}
            for r in CHECKLISTS.current_results(call)]


def table_results(call: Any) -> list[dict[str, Any]]:
    return [{**TABLES.payload(r), "details": r.details, "engine": r.engine} for r in TABLES.current_results(call)]

