"""Results of a call as the API (GET /calls/{id}) and the UI show them."""

from __future__ import annotations

from typing import Any

from rop.analysis.models import ChecklistResult, TableResult
from rop.delivery.payloads import checklist_payload, iso_z, table_payload


def checklist_results(call: Any) -> list[dict[str, Any]]:
    """Current checklist results, each shaped like the webhook payload (+ ids, version)."""
    rows = (
        ChecklistResult.objects.filter(call=call, is_current=True)
        .select_related("checklist", "version", "call__manager")
        .order_by("checklist__name", "id")
    )
    out = []
    for r in rows:
        item = checklist_payload(r)
        item["checklist_id"] = r.checklist_id
        item["engine"] = r.engine
        out.append(item)
    return out


def table_results(call: Any) -> list[dict[str, Any]]:
    rows = (
        TableResult.objects.filter(call=call, is_current=True)
        .select_related("table", "version", "call__manager")
        .order_by("table__name", "id")
    )
    out = []
    for r in rows:
        item = table_payload(r)
        item["details"] = r.details
        item["engine"] = r.engine
        out.append(item)
    return out


def analysed_at(call: Any) -> str | None:
    r = ChecklistResult.objects.filter(call=call, is_current=True).order_by("-created_at").first()
    return iso_z(r.created_at) if r else None
