"""The dashboard's conversation figures: each visible manager against the team (the organisation)."""

from __future__ import annotations

from typing import Any

from rop.accounts.permissions import Access, managers_for
from rop.convstats.services import DateRange, manager_stats, managers_table
from rop.org.models import Manager

COLUMNS = ("share", "monologue", "interruptions", "longest_silence", "rate", "questions")


def conversation_figures(access: Access, period: DateRange) -> dict[str, Any]:
    """Context of ui/_conversation_stats.html: {"columns": [(key, label)], "rows": [...], "team": {...}}."""
    table = managers_table(access.org, period, managers_for(access))
    labels = table["labels"]
    return {"columns": [(key, labels[key]) for key in COLUMNS], "rows": [
        {"name": r["manager"].full_name, "calls": r["calls"], "values": [r[key] for key in COLUMNS]}
        for r in table["rows"]
    ], "team": {"calls": table["team"]["calls"], "values": [table["team"][key] for key in COLUMNS]}}


def manager_figures(access: Access, period: DateRange, manager: Manager) -> dict[str, Any]:
    """Context of ui/_manager_conv_stats.html: one manager's conversation averages against the team's."""
    figures = manager_stats(access.org, period, manager)
    labels = figures["labels"]
    return {"calls": figures["calls"], "rows": [
        (labels[key], figures["manager"][key], figures["team"][key]) for key in labels
    ]}
