"""Dashboard figures for one checklist: totals, offices, managers, failures, trend, best/worst calls.

Every figure is computed over the user's scoped calls (``calls_for``) in a period whose day
boundaries are the organisation's time zone, and comes with the calls-list link (``Links``)
whose filters produce exactly the calls behind it. Two checklists are never mixed: the
dashboard always shows one (the first one with results unless chosen).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import CharField, Count, F, Func, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr, TruncDate
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from rop.accounts.permissions import Access, managers_for, offices_for
from rop.analysis.models import Checklist, ChecklistResult
from rop.calls.models import Call, CallStatus
from rop.org.models import OfficeMembership
from rop.ui.format import org_tz

MIN_DATE, MAX_DATE = date(2000, 1, 1), date(2100, 12, 31)
MAX_DAYS = 3 * 366
NO_MANAGER = 0  # the calls list's ``manager=0``: calls without a manager


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
    tz: ZoneInfo | None = None
    bound: bool = False  # checklist and office checked against the organisation (``bind``)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)  # figures computed once per request

    def querystring(self) -> str:
        q = QueryDict(mutable=True)
        q["date_from"], q["date_to"] = self.period.start.isoformat(), self.period.end.isoformat()
        q["cmp_from"], q["cmp_to"] = self.compare.start.isoformat(), self.compare.end.isoformat()
        if self.office:
            q["office"] = str(self.office)
        if self.checklist:
            q["checklist"] = str(self.checklist)
        return q.urlencode()

    @property
    def checklist_pk(self) -> int:
        """The checklist's pk for lookups (0, matching nothing, when the organisation has none)."""
        return self.checklist or 0

    def calls_url(self, period: Period | None = None, *, checklist: bool = False, **extra: Any) -> str:
        """The calls list filtered to this dashboard's scope (+ ``extra`` filters)."""
        per = period or self.period
        q: dict[str, Any] = {"date_from": per.start.isoformat(), "date_to": per.end.isoformat()}
        if self.office:
            q["office"] = self.office
        if checklist and self.checklist:
            q["checklist"] = self.checklist
        q.update((k, v) for k, v in extra.items() if v is not None and v != "")
        return f"{calls_path()}?{urlencode(q)}"


@lru_cache(maxsize=1)
def calls_path() -> str:
    return reverse("ui:calls")


def _id(raw: str | None, name: str, errors: list[str]) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    if not value.isdigit() or len(value) > 18:
        errors.append(f"{name}: ожидается номер из списка")
        return None
    return int(value)


def parse_day(raw: str | None, name: str, errors: list[str]) -> date | None:
    """An ISO date within 2000–2100, or None with a Russian error."""
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        errors.append(f"{name}: ожидается дата ГГГГ-ММ-ДД")
        return None
    if not MIN_DATE <= value <= MAX_DATE:
        errors.append(f"{name}: дата вне диапазона 2000–2100")
        return None
    return value


def _period(start: date | None, end: date | None, default_days: int, errors: list[str], today: date) -> Period:
    end = end or today
    start = start or max(MIN_DATE, end - timedelta(days=default_days - 1))
    if start > end:
        errors.append("Начало периода позже конца")
        start, end = end, start
    if (end - start).days + 1 > MAX_DAYS:
        errors.append(f"Период не длиннее {MAX_DAYS} дней: показано начало периода")
        end = start + timedelta(days=MAX_DAYS - 1)
    return Period(start, end)


def parse_params(q: QueryDict, access: Access | None = None) -> DashParams:
    """Filters from the query string; bad values become Russian errors and defaults, never a 500."""
    errors: list[str] = []
    tz = org_tz(access.org) if access is not None else None  # without access: ``bind`` sets it later
    today = timezone.localtime(timezone.now(), tz or org_tz(None)).date()
    period = _period(
        parse_day(q.get("date_from"), "С", errors),
        parse_day(q.get("date_to"), "По", errors),
        30,
        errors,
        today,
    )
    cmp_to = parse_day(q.get("cmp_to"), "Сравнить по", errors) or max(MIN_DATE, period.start - timedelta(days=1))
    cmp_from = parse_day(q.get("cmp_from"), "Сравнить с", errors)
    compare = _period(cmp_from, cmp_to, period.days, [], today)
    p = DashParams(
        period,
        compare,
        _id(q.get("office"), "Офис", errors),
        _id(q.get("checklist"), "Чек-лист", errors),
        errors,
        tz,
    )
    if access is not None:
        bind(access, p)
    return p


def bind(access: Access, p: DashParams) -> DashParams:
    """Resolve the organisation's zone and the checklist (one of the org's; the first with results)."""
    if p.bound:
        return p
    p.bound = True
    if p.tz is None:
        p.tz = org_tz(access.org)
    checklists = Checklist.objects.filter(org=access.org)
    if p.checklist is not None and not checklists.filter(pk=p.checklist).exists():
        p.errors.append("Чек-лист не найден: показан чек-лист по умолчанию")
        p.checklist = None
    if p.checklist is None:
        with_results = ChecklistResult.objects.filter(org=access.org, is_current=True).values("checklist_id")
        first = (
            checklists.filter(pk__in=with_results).order_by("name").values_list("pk", flat=True).first()
            or checklists.order_by("name").values_list("pk", flat=True).first()
        )
        p.checklist = first
    if p.office is not None and not offices_for(access).filter(pk=p.office).exists():
        p.errors.append("Офис не найден: показаны все офисы")
        p.office = None
    return p


def day_start(d: date, tz: ZoneInfo | None) -> datetime:
    return datetime.combine(d, time.min, tzinfo=tz or timezone.get_current_timezone())


def scope_q(access: Access, p: DashParams, period: Period, prefix: str = "") -> Q:
    """The dashboard's calls as a condition on ``prefix`` + Call fields (a join, not ``IN (subquery)``)."""
    cond = Q(
        **{
            f"{prefix}org": access.org,
            f"{prefix}created_at__gte": day_start(period.start, p.tz),
            f"{prefix}created_at__lt": day_start(period.end + timedelta(days=1), p.tz),
        }
    )
    if not access.sees_everything:  # the same scope as ``calls_for``: the managers the user may see
        key = ("scope_managers",)
        if key not in p.cache:
            p.cache[key] = list(managers_for(access).values_list("pk", flat=True))
        cond &= Q(**{f"{prefix}manager_id__in": p.cache[key]})
    if p.office is not None:
        members = OfficeMembership.objects.filter(office_id=p.office).values("manager_id")
        cond &= Q(**{f"{prefix}manager_id__in": members})
    return cond


def scoped_calls(access: Access, p: DashParams, period: Period) -> QuerySet[Call]:
    return Call.objects.filter(scope_q(access, p, period))


def _calls(access: Access, p: DashParams, period: Period) -> QuerySet[Call]:
    return scoped_calls(access, bind(access, p), period)


def results(access: Access, p: DashParams, period: Period) -> QuerySet[ChecklistResult]:
    """Current results of the dashboard's checklist for the scoped calls."""
    bind(access, p)
    # ``IN (calls)``, not a join: SQLite would otherwise walk the checklist index once per call.
    return ChecklistResult.objects.filter(
        org=access.org, is_current=True, checklist_id=p.checklist_pk, call__in=scoped_calls(access, p, period)
    )


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
    url: str = ""  # the row's own page (manager page) or its calls
    calls_url: str = ""
    scored_url: str = ""
    cmp_calls_url: str = ""

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


PerManager = tuple[dict[Any, int], dict[Any, tuple[int, int]]]


@dataclass
class Cube:
    """One period's figures in two grouped queries: calls by (manager, status, day) and the
    checklist's results by (manager, day) as (count, sum of %); everything else is summed from them."""

    calls: dict[tuple[int | None, str, date], int]
    scores: dict[tuple[int | None, date], tuple[int, int]]

    def per_manager(self) -> PerManager:
        counts: dict[Any, int] = defaultdict(int)
        for (mid, _, _), n in self.calls.items():
            counts[mid] += n
        scores: dict[Any, tuple[int, int]] = {}
        for (mid, _), (n, total) in self.scores.items():
            old = scores.get(mid, (0, 0))
            scores[mid] = (old[0] + n, old[1] + total)
        return dict(counts), scores


def cube(access: Access, p: DashParams, period: Period) -> Cube:
    key = ("cube", period.start, period.end)
    if key not in p.cache:
        bind(access, p)
        calls: dict[tuple[int | None, str, date], int] = defaultdict(int)
        day = local_day("created_at", p.tz, period)
        for mid, status, d, n in (
            scoped_calls(access, p, period)
            .annotate(d=day)
            .values("manager_id", "status", "d")
            .annotate(n=Count("id"))
            .values_list("manager_id", "status", "d", "n")
        ):
            calls[(mid, status, as_local_day(d, p.tz))] += n
        scores: dict[tuple[int | None, date], tuple[int, int]] = {}
        day = local_day("call__created_at", p.tz, period)
        for mid, d, n, total in (
            results(access, p, period)
            .annotate(d=day)
            .values("call__manager_id", "d")
            .annotate(n=Count("id"), s=Sum("completion_percentage"))
            .values_list("call__manager_id", "d", "n", "s")
        ):
            k = (mid, as_local_day(d, p.tz))
            old = scores.get(k, (0, 0))
            scores[k] = (old[0] + n, old[1] + (total or 0))
        p.cache[key] = Cube(dict(calls), scores)
    result: Cube = p.cache[key]
    return result


def per_manager(access: Access, p: DashParams) -> tuple[PerManager, PerManager]:
    """Calls and scores per manager for the period and the comparison period (shared by both tables)."""
    return cube(access, p, p.period).per_manager(), cube(access, p, p.compare).per_manager()


def _fill(row: Row, p: DashParams, **flt: Any) -> Row:
    row.calls_url = p.calls_url(**flt)
    row.scored_url = p.calls_url(checklist=True, **flt)
    row.cmp_calls_url = p.calls_url(p.compare, **flt)
    return row


def manager_rows(access: Access, p: DashParams, pm: tuple[PerManager, PerManager] | None = None) -> list[Row]:
    (cur_c, cur_s), (cmp_c, cmp_s) = pm or per_manager(access, p)
    names = {m.pk: m.full_name for m in managers_for(access)}
    rows = []
    for mid in set(cur_c) | set(cmp_c):
        row = _fill(
            Row(mid, names.get(mid, "Без менеджера") if mid else "Без менеджера"),
            p,
            manager=mid or NO_MANAGER,
        )
        row.calls = cur_c.get(mid, 0)
        row.scored, row.score_sum = cur_s.get(mid, (0, 0))
        row.cmp_calls = cmp_c.get(mid, 0)
        row.cmp_scored, row.cmp_score_sum = cmp_s.get(mid, (0, 0))
        row.url = f"{reverse('ui:manager_dashboard', args=[mid])}?{p.querystring()}" if mid in names else row.calls_url
        rows.append(row)
    return sorted(rows, key=lambda r: (-r.calls, r.name))


def office_rows(access: Access, p: DashParams, pm: tuple[PerManager, PerManager] | None = None) -> list[Row]:
    (cur_c, cur_s), (cmp_c, cmp_s) = pm or per_manager(access, p)
    offices = list(offices_for(access))
    members: dict[int, set[int]] = defaultdict(set)
    for office_id, manager_id in OfficeMembership.objects.filter(office__in=offices).values_list(
        "office_id", "manager_id"
    ):
        members[office_id].add(manager_id)
    rows = []
    for office in offices:
        row = _fill(Row(office.pk, str(office)), p, office=office.pk)
        row.url = f"{reverse('ui:dashboard')}?{_with(p, office=office.pk)}"
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


def _with(p: DashParams, **extra: Any) -> str:
    q = QueryDict(p.querystring(), mutable=True)
    for key, value in extra.items():
        q[key] = str(value)
    return q.urlencode()


def totals(access: Access, p: DashParams, period: Period) -> dict[str, Any]:
    """{"calls": received, "scored": analysed with this checklist, "avg": their mean %}."""
    c = cube(access, p, period)
    n = sum(v[0] for v in c.scores.values())
    total = sum(v[1] for v in c.scores.values())
    return {"calls": sum(c.calls.values()), "scored": n, "avg": round(total / n, 1) if n else None}


@dataclass
class Statuses:
    """Calls of the period by processing status, failed ones grouped by reason (each with its link)."""

    done: int = 0
    failed: int = 0
    in_progress: int = 0
    done_url: str = ""
    failed_url: str = ""
    in_progress_url: str = ""
    reasons: list[dict[str, Any]] = field(default_factory=list)


def statuses(access: Access, p: DashParams) -> Statuses:
    qs = _calls(access, p, p.period)
    by: dict[str, int] = defaultdict(int)
    for (_, status, _), n in cube(access, p, p.period).calls.items():
        by[status] += n
    out = Statuses(
        done=by.get(CallStatus.DONE, 0),
        failed=by.get(CallStatus.FAILED, 0),
        done_url=p.calls_url(status=CallStatus.DONE),
        failed_url=p.calls_url(status=CallStatus.FAILED),
        in_progress_url=p.calls_url(status="in_progress"),
    )
    out.in_progress = sum(n for s, n in by.items() if s not in (CallStatus.DONE, CallStatus.FAILED))
    reasons = (
        qs.filter(status=CallStatus.FAILED)
        .values("failure_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "failure_reason")[:10]
    )
    out.reasons = [
        {
            "reason": r["failure_reason"] or "Причина не указана",
            "n": r["n"],
            "url": p.calls_url(status=CallStatus.FAILED, reason=r["failure_reason"][:500]),
        }
        for r in reasons
    ]
    return out


def _constant_offset(tz: ZoneInfo | None, period: Period) -> int | None:
    """The zone's UTC offset in minutes when it is the same on every day of the period, else None."""
    zone = tz or ZoneInfo("UTC")
    offsets = {
        datetime.combine(period.start + timedelta(days=k), time(12), tzinfo=zone).utcoffset()
        for k in range(0, period.days + 1)
    }
    if len(offsets) != 1:
        return None
    only = offsets.pop()
    return None if only is None else int(only.total_seconds() // 60)


def local_day(field_name: str, tz: ZoneInfo | None, period: Period) -> Func | F:
    """The local day of a datetime column, in SQL. SQLite stores UTC ISO text: shifted by the zone's
    offset when it is constant over the period, else the UTC hour (``as_local_day`` converts it)."""
    if connection.vendor != "sqlite":
        return TruncDate(field_name, tzinfo=tz)
    minutes = _constant_offset(tz, period)
    if minutes is None:
        return Substr(field_name, 1, 13)
    return Func(F(field_name), Value(f"{minutes:+d} minutes"), function="date", output_field=CharField())


def as_local_day(value: Any, tz: ZoneInfo | None) -> date:
    """The local day of a ``_day`` bucket value (an SQLite 'YYYY-MM-DD HH' UTC hour or a date)."""
    if isinstance(value, str) and len(value) == 10:
        return date.fromisoformat(value)  # already the local day
    if isinstance(value, str):
        hour = datetime.strptime(value[:13], "%Y-%m-%d %H").replace(tzinfo=ZoneInfo("UTC"))
        return hour.astimezone(tz or timezone.get_current_timezone()).date()
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def trend(access: Access, p: DashParams) -> list[tuple[date, int, float | None]]:
    """(day, calls, average % of the checklist) for every day of the period."""
    c = cube(access, p, p.period)
    calls: dict[date, int] = defaultdict(int)
    for (_, _, d), n in c.calls.items():
        calls[d] += n
    sums: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for (_, d), (n, total) in c.scores.items():
        sums[d][0] += n
        sums[d][1] += total
    out = []
    day = p.period.start
    while day <= p.period.end:
        n, total = sums.get(day, (0, 0))
        out.append((day, calls.get(day, 0), round(total / n, 1) if n else None))
        day += timedelta(days=1)
    return out


Results = list[ChecklistResult]


def best_worst(access: Access, p: DashParams, n: int = 5) -> tuple[Results, Results]:
    """The best and the worst results; a call is never in both (few results are split in two).

    One narrow scan picks them (ties: newer first among the best, older first among the worst),
    then only those rows are loaded."""
    rows = list(results(access, p, p.period).values_list("pk", "completion_percentage", "created_at"))
    n_best = min(n, (len(rows) + 1) // 2)
    best_ids = [r[0] for r in heapq.nlargest(n_best, rows, key=lambda r: (r[1], r[2], r[0]))]
    taken = set(best_ids)
    rest = [r for r in rows if r[0] not in taken]
    worst_ids = [r[0] for r in heapq.nsmallest(min(n, len(rows) - n_best), rest, key=lambda r: (r[1], r[2], r[0]))]
    loaded = (
        ChecklistResult.objects.filter(pk__in=best_ids + worst_ids)
        .select_related("call", "call__manager", "checklist")
        .defer("stages")
        .in_bulk()
    )
    return [loaded[i] for i in best_ids], [loaded[i] for i in worst_ids]
