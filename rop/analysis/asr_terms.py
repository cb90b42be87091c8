"""The analysis configuration's texts for the ASR vocabulary (registered in rop.core.vocabulary)."""

from __future__ import annotations

from rop.analysis.models import AnalyticTable, Checklist, ChecklistStage, TableField


def configuration_texts(org_id: int) -> list[str]:
    """Names, instructions, criteria and field descriptions of the organisation's active checklists and tables."""
    texts: list[str] = []
    for checklist in Checklist.objects.filter(org_id=org_id, is_active=True).only("name", "prompt"):
        texts += [checklist.name, checklist.prompt]
    stages = ChecklistStage.objects.filter(org_id=org_id, checklist__is_active=True)
    texts += [t for s in stages.only("name", "criterion") for t in (s.name, s.criterion)]
    for table in AnalyticTable.objects.filter(org_id=org_id, is_active=True).only("name", "prompt"):
        texts += [table.name, table.prompt]
    fields = TableField.objects.filter(table__org_id=org_id, table__is_active=True).only("description")
    texts += [f.description for f in fields]
    return [t for t in texts if t]
