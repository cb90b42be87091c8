"""Dashboard figures: per office and per manager, trend, failed stages, best/worst calls."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, F, Func, QuerySet, Sum
from django.db.models.functions import Substr, TruncDate
from django.http import QueryDict
from django.utils import timezone

from rop.accounts.permissions import Access, calls_for, managers_for, offices_for
from rop.analysis.models import ChecklistResult
from rop.calls.models import Call
from rop.org.models import OfficeMembership
from rop.ui.calllist import day_start, parse_date


@dataclass
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"


@dataclass
class DashParams:
    period: Period
    compare: Period
    office: int | None = None
    checklist: int | None = None
    errors: list[str] = field(default_factory=list)

    def querystring(self) -> str:
        q = QueryDict(mutable=True)
        q["date_from"], q["date_to"] = self.period.start.isoformat(), self.period.end.isoformat()
        q["cmp_from"], q["cmp_to"] = self.compare.start.isoformat(), self.compare.end.isoformat()
        if self.office:
            q["office"] = str(self.office)
        if self.checklist:
            q["checklist"] = str(self.checklist)
        return q.urlencode()


def _i(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 19 else None


def parse_params(q: QueryDict) -> DashParams:
    errors: list[str] = []
    today = timezone.localdate()
    end = parse_date(q.get("date_to"), "По", errors) or today
    start = parse_date(q.get("date_from"), "С", errors) or end - timedelta(days=29)
    if start > end:
        errors.append("Начало периода позже конца")
        start, end = end, start
    length = (end - start).days + 1
    cend = parse_date(q.get("cmp_to"), "Сравнить по", errors) or start - timedelta(days=1)
    cstart = parse_date(q.get("cmp_from"), "Сравнить с", errors) or cend - timedelta(days=length - 1)
    if cstart > cend:
        cstart, cend = cend, cstart
    return DashParams(Period(start, end), Period(cstart, cend), _i(q.get("office")), _i(q.get("checklist")), errors)


def _calls(access: Access, p: DashParams, period: Period) -> QuerySet[Call]:
    qs = calls_for(access).filter(created_at__gte=day_start(period.start),
                                  created_at__lt=day_start(period.end + timedelta(days=1)))
    if p.office is not None:
        if not offices_for(access).filter(pk=p.office).exists():
            return qs.none()
        qs = qs.filter(manager_id__in=OfficeMembership.objects.filter(office_id=p.office).values("manager_id"))
    return qs


def _results(access: Access, p: DashParams, period: Period) -> QuerySet[ChecklistResult]:
    qs = ChecklistResult.objects.filter(org=access.org, is_current=True, call__in=_calls(access, p, period))
    if p.checklist is not None:
        qs = qs.filter(checklist_id=p.checklist)
    return qs


@dataclass
class Row:
    key: int | None
    name: str
    calls: int = 0
    scored: int = 0
    score_sum: int = 0
    cmp_calls: int = 0
    cmp_scored: int = 0
    cmp_score_sum: int = 0

    @property
    def avg(self) -> float | None:
        return round(self.score_sum / self.scored, 1) if self.scored else None

    @property
    def cmp_avg(self) -> float | None:
        return round(self.cmp_score_sum / self.cmp_scored, 1) if self.cmp_scored else None

    @property
    def delta(self) -> float | None:
        if self.avg is None or self.cmp_avg is None:
            return None
        return round(self.avg - self.cmp_avg, 1)


def _per_manager(access: Access, p: DashParams, period: Period) -> tuple[dict[Any, int], dict[Any, tuple[int, int]]]:
    counts = {r["manager_id"]: r["n"] for r in _calls(access, p, period).values("manager_id").annotate(n=Count("id"))}
    scores = {
        r["call__manager_id"]: (r["n"], r["s"] or 0)
        for r in _results(access, p, period).values("call__manager_id").annotate(n=Count("id"),
                                                                                 s=Sum("completion_percentage"))
    }
    return counts, scores


PerManager = tuple[dict[Any, int], dict[Any, tuple[int, int]]]


def per_manager(access: Access, p: DashParams) -> tuple[PerManager, PerManager]:
    """Calls and scores per manager for the period and the comparison period (shared by both tables)."""
    return _per_manager(access, p, p.period), _per_manager(access, p, p.compare)


def manager_rows(access: Access, p: DashParams, pm: tuple[PerManager, PerManager] | None = None) -> list[Row]:
    (cur_c, cur_s), (cmp_c, cmp_s) = pm or per_manager(access, p)
    names = {m.pk: m.full_name for m in managers_for(access)}
    rows = []
    for mid in set(cur_c) | set(cmp_c):
        row = Row(mid, names.get(mid, "Без менеджера") if mid else "Без менеджера")
        row.calls = cur_c.get(mid, 0)
        row.scored, row.score_sum = cur_s.get(mid, (0, 0))
        row.cmp_calls = cmp_c.get(mid, 0)
        row.cmp_scored, row.cmp_score_sum = cmp_s.get(mid, (0, 0))
        rows.append(row)
    return sorted(rows, key=lambda r: (-r.calls, r.name))


def office_rows(access: Access, p: DashParams, pm: tuple[PerManager, PerManager] | None = None) -> list[Row]:
    (cur_c, cur_s), (cmp_c, cmp_s) = pm or per_manager(access, p)
    offices = list(offices_for(access))
    members: dict[int, set[int]] = defaultdict(set)
    for office_id, manager_id in OfficeMembership.objects.filter(office__in=offices).values_list(
            "office_id", "manager_id"):
        members[office_id].add(manager_id)
    rows = []
    for office in offices:
        row = Row(office.pk, str(office))
        for mid in members[office.pk]:
            row.calls += cur_c.get(mid, 0)
            n, s = cur_s.get(mid, (0, 0))
            row.scored += n
            row.score_sum += s
            row.cmp_calls += cmp_c.get(mid, 0)
            n, s = cmp_s.get(mid, (0, 0))
            row.cmp_scored += n
            row.cmp_score_sum += s
        rows.append(row)
    return sorted(rows, key=lambda r: (-r.calls, r.name))


def totals(access: Access, p: DashParams, period: Period) -> dict[str, Any]:
    agg = _results(access, p, period).aggregate(avg=Avg("completion_percentage"), n=Count("id"))
    return {"calls": _calls(access, p, period).count(), "scored": agg["n"],
            "avg": round(agg["avg"], 1) if agg["avg"] is not None else None}


def _day(field: str) -> Func | F:
    """The UTC day of a datetime column. SQLite stores ISO text: its first 10 characters (no Python UDF)."""
    if connection.vendor == "sqlite" and settings.TIME_ZONE == "UTC":
        return Substr(field, 1, 10)
    return TruncDate(field)


def _as_date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def trend(access: Access, p: DashParams) -> list[tuple[date, int, float | None]]:
    calls = {_as_date(d): n for d, n in _calls(access, p, p.period).annotate(d=_day("created_at")).values("d")
             .annotate(n=Count("id")).values_list("d", "n")}
    avgs = {_as_date(d): a for d, a in _results(access, p, p.period).annotate(d=_day("call__created_at"))
            .values("d").annotate(a=Avg("completion_percentage")).values_list("d", "a")}
    out = []
    day = p.period.start
    while day <= p.period.end:
        a = avgs.get(day)
        out.append((day, calls.get(day, 0), round(a, 1) if a is not None else None))
        day += timedelta(days=1)
    return out


def failed_stages(access: Access, p: DashParams, limit: int = 10) -> list[dict[str, Any]]:
    """The stages failed most often, counted in SQL over the results' JSON stage lists."""
    sub, params = _results(access, p, p.period).values("id").query.sql_with_params()
    table = ChecklistResult._meta.db_table
    if connection.vendor == "postgresql":
        sql = (f"SELECT s->>'stage_id' AS sid, MAX(s->>'stage_name'), "
               f"SUM(CASE WHEN s->>'status' = 'failed' THEN 1 ELSE 0 END) AS f, "
               f"SUM(CASE WHEN s->>'status' <> 'not_applicable' THEN 1 ELSE 0 END) "
               f"FROM {table} r, jsonb_array_elements(r.stages::jsonb) s WHERE r.id IN ({sub}) "
               f"GROUP BY sid HAVING SUM(CASE WHEN s->>'status' = 'failed' THEN 1 ELSE 0 END) > 0 "
               f"ORDER BY f DESC, sid LIMIT %s")
    else:
        sql = (f"SELECT json_extract(s.value, '$.stage_id') AS sid, MAX(json_extract(s.value, '$.stage_name')), "
               f"SUM(json_extract(s.value, '$.status') = 'failed') AS f, "
               f"SUM(json_extract(s.value, '$.status') <> 'not_applicable') "
               f"FROM {table} r, json_each(r.stages) s WHERE r.id IN ({sub}) "
               f"GROUP BY sid HAVING f > 0 ORDER BY f DESC, sid LIMIT %s")
    with connection.cursor() as cur:
        cur.execute(sql, [*params, limit])
        rows = cur.fetchall()
    return [{"stage_id": str(sid), "name": str(name or sid), "failed": int(f), "judged": int(j),
             "rate": round(100 * int(f) / int(j)) if j else 0} for sid, name, f, j in rows]


def best_worst(access: Access, p: DashParams, n: int = 5) -> tuple[list[ChecklistResult], list[ChecklistResult]]:
    qs = _results(access, p, p.period).select_related("call", "call__manager", "checklist")
    best = list(qs.order_by("-completion_percentage", "-created_at")[:n])
    worst = list(qs.order_by("completion_percentage", "-created_at")[:n])
    return best, worst
