"""The dashboard's conversation figures: each visible manager against the team (the organisation)."""

from __future__ import annotations

from typing import Any

from rop.accounts.permissions import Access, managers_for
from rop.convstats.services import DateRange, managers_table

COLUMNS = ("share", "monologue", "interruptions", "longest_silence", "rate", "questions")


def conversation_figures(access: Access, period: DateRange) -> dict[str, Any]:
    """Context of ui/_conversation_stats.html: {"columns": [(key, label)], "rows": [...], "team": {...}}."""
    table = managers_table(access.org, period, managers_for(access))
    labels = table["labels"]
    return {"columns": [(key, labels[key]) for key in COLUMNS], "rows": [
        {"name": r["manager"].full_name, "calls": r["calls"], "values": [r[key] for key in COLUMNS]}
        for r in table["rows"]
    ], "team": {"calls": table["team"]["calls"], "values": [table["team"][key] for key in COLUMNS]}}
