"""The review queue: calls whose verdicts the evaluator was least sure of, in the reviewer's scope.

A current checklist result's uncertainty is its lowest stage ``percentage`` (the evaluator's
confidence; a person's verdict counts as 100). Unreviewed results come first, least sure first;
the lowest percentage is computed in SQL over the JSON stage lists (SQLite and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from rop.accounts.permissions import Access, calls_for
from rop.analysis.models import ChecklistResult

LIMIT = 100


@dataclass
class QueueRow:
    result: ChecklistResult
    least_sure: int  # the lowest stage percentage of the result
    unsure_stages: list[str]  # names of the stages at that lowest percentage


def _least_sure(ids_sql: str, params: list[Any], include_reviewed: bool) -> list[tuple[int, int]]:
    table = ChecklistResult._meta.db_table
    reviewed = "" if include_reviewed else " AND NOT r.reviewed"
    if connection.vendor == "postgresql":
        sql = (f"SELECT r.id, MIN(COALESCE((s->>'percentage')::int, 0)) AS m "
               f"FROM {table} r, jsonb_array_elements(r.stages::jsonb) s WHERE r.id IN ({ids_sql}){reviewed} "
               f"GROUP BY r.id, r.reviewed ORDER BY r.reviewed, m, r.id DESC LIMIT %s")
    else:
        sql = (f"SELECT r.id, MIN(COALESCE(CAST(json_extract(s.value, '$.percentage') AS INTEGER), 0)) AS m "
               f"FROM {table} r, json_each(r.stages) s WHERE r.id IN ({ids_sql}){reviewed} "
               f"GROUP BY r.id ORDER BY r.reviewed, m, r.id DESC LIMIT %s")
    with connection.cursor() as cur:
        cur.execute(sql, [*params, LIMIT])
        return [(int(rid), int(m)) for rid, m in cur.fetchall()]


def queue_rows(access: Access, include_reviewed: bool = False) -> list[QueueRow]:
    """The reviewer's queue: current checklist results of calls in scope, least sure first."""
    scoped = ChecklistResult.objects.filter(org=access.org, is_current=True, call__in=calls_for(access))
    sub, params = scoped.values("id").query.sql_with_params()
    ranked = _least_sure(sub, list(params), include_reviewed)
    by_id = ChecklistResult.objects.select_related("call", "call__manager", "checklist").in_bulk(
        [rid for rid, _ in ranked])
    rows = []
    for rid, least in ranked:
        result = by_id[rid]
        names = [str(st.get("stage_name", "")) for st in result.stages or []
                 if int(st.get("percentage", 0) or 0) == least]
        rows.append(QueueRow(result, least, names))
    return rows
