"""The calls list: filters from the query string applied to the user's scoped calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone

from rop.accounts.permissions import Access, calls_for, managers_for, offices_for
from rop.analysis.models import Checklist, ChecklistResult, ChecklistStage, StageOutcome
from rop.asr.search import first_matches, search_calls, snippet
from rop.calls.models import Call, CallEvent, CallStatus
from rop.convstats.services import STATS_FILTERS, parse_stats_filters, with_stats
from rop.org.models import OfficeMembership
from rop.trackers.models import Tracker, TrackerHit
from rop.trackers.services import count_with_trackers
from rop.ui.results import with_failed_stage
from rop.ui.stats import parse_day

# sort key -> label; "" is the default (newest first, keyset paging)
SORTS: dict[str, str] = {
    "": "Сначала новые",
    "date_asc": "Сначала старые",
    "score": "Оценка: высокая",
    "score_asc": "Оценка: низкая",
    "duration": "Длительность: длинные",
    "duration_asc": "Длительность: короткие",
}


@dataclass
class Filters:
    office: int | None = None
    manager: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    checklist: int | None = None
    score_min: int | None = None
    score_max: int | None = None
    status: str = ""
    failed_stage: str = ""
    q: str = ""
    tracker: int | None = None
    sort: str = ""
    stage: str = ""  # with verdict: calls whose current verdict for this stage is ...
    verdict: str = ""  # completed / failed / not_applicable / judged (completed or failed)
    reason: str = ""  # exact failure reason (dashboard drill-down)
    share_min: float | None = None  # conversation statistics (rop.convstats.services.STATS_FILTERS)
    share_max: float | None = None
    interruptions_min: float | None = None
    silence_min: float | None = None
    errors: list[str] | None = None

    def querystring(self) -> str:
        params = QueryDict(mutable=True)
        for key, value in self.__dict__.items():
            if key != "errors" and value not in (None, ""):
                params[key] = value.isoformat() if isinstance(value, date) else str(value)
        return params.urlencode()

    @property
    def active(self) -> bool:
        return bool(self.querystring())


def _int(raw: str | None, name: str, errors: list[str], lo: int | None = None, hi: int | None = None) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        errors.append(f"{name}: ожидается целое число")
        return None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        errors.append(f"{name}: значение вне диапазона {lo}–{hi}")
        return None
    if not -MAX_ID <= value <= MAX_ID:  # beyond a database integer: nothing can match it
        errors.append(f"{name}: слишком большое число")
        return None
    return value


MAX_ID = 2**62


VERDICTS = {"completed": ("completed",), "failed": ("failed",), "not_applicable": ("not_applicable",),
            "judged": ("completed", "failed")}
IN_PROGRESS = "in_progress"  # any status but done / failed
STATUSES = (*CallStatus.values, IN_PROGRESS)


def parse_filters(params: QueryDict) -> Filters:
    errors: list[str] = []
    f = Filters(
        office=_int(params.get("office"), "Офис", errors),
        manager=_int(params.get("manager"), "Менеджер", errors),
        date_from=parse_day(params.get("date_from"), "Дата с", errors),
        date_to=parse_day(params.get("date_to"), "Дата по", errors),
        checklist=_int(params.get("checklist"), "Чек-лист", errors),
        score_min=_int(params.get("score_min"), "Оценка от", errors, 0, 100),
        score_max=_int(params.get("score_max"), "Оценка до", errors, 0, 100),
        status=params.get("status", "") if params.get("status", "") in STATUSES else "",
        failed_stage=(params.get("failed_stage") or "").strip()[:64],
        q=(params.get("q") or "").strip()[:200],
        tracker=_int(params.get("tracker"), "Трекер", errors),
        sort=params.get("sort", "") if params.get("sort", "") in SORTS else "",
        stage=(params.get("stage") or "").strip()[:64],
        verdict=params.get("verdict", "") if params.get("verdict", "") in VERDICTS else "",
        reason=(params.get("reason") or "")[:500],
    )
    for key, value in parse_stats_filters(params, errors).items():
        setattr(f, key, value)
    f.errors = errors
    return f


def day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min), timezone.get_current_timezone())


def apply_filters(access: Access, f: Filters) -> QuerySet[Call]:
    qs = calls_for(access)
    if f.office is not None:
        office_ok = offices_for(access).filter(pk=f.office).exists()
        members = OfficeMembership.objects.filter(office_id=f.office).values("manager_id")
        qs = qs.filter(manager_id__in=members) if office_ok else qs.none()
    if f.manager == 0:  # calls without a manager
        qs = qs.filter(manager__isnull=True)
    elif f.manager is not None:
        manager_ok = managers_for(access).filter(pk=f.manager).exists()
        qs = qs.filter(manager_id=f.manager) if manager_ok else qs.none()
    if f.date_from:
        qs = qs.filter(created_at__gte=day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(created_at__lt=day_start(f.date_to + timedelta(days=1)))
    if f.status == IN_PROGRESS:
        qs = qs.exclude(status__in=(CallStatus.DONE, CallStatus.FAILED))
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.reason:
        qs = qs.filter(failure_reason=f.reason)
    if f.stage:
        qs = with_stage_verdict(qs, access, f)
    if f.checklist is not None or f.score_min is not None or f.score_max is not None:
        res = ChecklistResult.objects.filter(call=OuterRef("pk"), is_current=True, org=access.org)
        if f.checklist is not None:
            res = res.filter(checklist_id=f.checklist)
        if f.score_min is not None:
            res = res.filter(completion_percentage__gte=f.score_min)
        if f.score_max is not None:
            res = res.filter(completion_percentage__lte=f.score_max)
        qs = qs.filter(Exists(res))
    if f.failed_stage:
        qs = with_failed_stage(qs, access.org.pk, f.failed_stage)
    if f.tracker is not None:
        qs = tracker_filter(qs, access, f.tracker)
    qs = with_stats(qs, {key: getattr(f, key) for key in STATS_FILTERS})
    if f.q:
        qs = search_calls(qs, f.q)
    return qs


def with_stage_verdict(qs: QuerySet[Call], access: Access, f: Filters) -> QuerySet[Call]:
    """Calls whose current verdict for stage ``f.stage`` is one of ``f.verdict`` (any verdict if unset)."""
    rows = StageOutcome.objects.filter(call=OuterRef("pk"), org=access.org, stage_id=f.stage)
    if f.verdict:
        rows = rows.filter(status__in=VERDICTS[f.verdict])
    if f.checklist is not None:
        rows = rows.filter(checklist_id=f.checklist)
    return qs.filter(Exists(rows))


def tracker_filter(qs: QuerySet[Call], access: Access, tracker_id: int) -> QuerySet[Call]:
    hits = TrackerHit.objects.filter(call=OuterRef("pk"), tracker_id=tracker_id, tracker__org=access.org)
    return qs.filter(Exists(hits))


def sorted_calls(qs: QuerySet[Call], f: Filters) -> QuerySet[Call]:
    """`qs` in the order of `f.sort` (the default order is the keyset one, newest first)."""
    if f.sort.startswith("score"):
        res = ChecklistResult.objects.filter(call=OuterRef("pk"), is_current=True)
        if f.checklist is not None:
            res = res.filter(checklist_id=f.checklist)
        best = res.values("call").annotate(m=Max("completion_percentage")).values("m")[:1]
        qs = qs.annotate(sort_score=Subquery(best))
        key = F("sort_score")
    elif f.sort.startswith("duration"):
        key = F("duration")
    else:
        key = F("created_at")
    order = key.asc(nulls_last=True) if f.sort.endswith("_asc") else key.desc(nulls_last=True)
    return qs.order_by(order, "-id")


def counts(qs: QuerySet[Call], trackers: list[Tracker]) -> tuple[int, list[tuple[Tracker, int]]]:
    """The list's total and, per tracker, how many of its calls the tracker tagged (one query)."""
    total, by_tracker = count_with_trackers(qs, [t.pk for t in trackers])
    return total, [(t, by_tracker.get(t.pk, 0)) for t in trackers]


def row_reasons(calls: list[Call]) -> dict[int, str]:
    """Why a call is failed or waiting for another attempt (its latest retry event)."""
    out = {c.pk: c.failure_reason for c in calls if c.status == CallStatus.FAILED and c.failure_reason}
    retrying = [c.pk for c in calls if c.pk not in out and c.first_failure_at is not None]
    if retrying:
        for call_id, message in (CallEvent.objects.filter(call_id__in=retrying, kind="retry")
                                 .order_by("at", "id").values_list("call_id", "message")):
            out[call_id] = message  # the latest one wins
    return out


def annotate_rows(calls: list[Call], q: str = "") -> list[dict[str, Any]]:
    """Rows for the list: the call, its current checklist scores, why it failed or waits, and
    with a search the first matching line with the matches marked (a few queries per page)."""
    ids = [c.pk for c in calls]
    scores: dict[int, list[tuple[str, int, int, int]]] = {}  # name, %, stages done, stages that applied
    for call_id, name, pct, done, applicable in (
        ChecklistResult.objects.filter(call_id__in=ids, is_current=True)
        .annotate(done=Count("stage_outcomes", filter=Q(stage_outcomes__status="completed")),
                  applicable=Count("stage_outcomes", filter=Q(stage_outcomes__status__in=("completed", "failed"))))
        .order_by("checklist__name")
        .values_list("call_id", "checklist__name", "completion_percentage", "done", "applicable")
    ):
        scores.setdefault(call_id, []).append((name, pct, done, applicable))
    reasons = row_reasons(calls)
    matches = first_matches(ids, q) if q else {}
    rows = []
    for c in calls:
        seg = matches.get(c.pk)
        rows.append({"call": c, "scores": scores.get(c.pk, []), "reason": reasons.get(c.pk, ""),
                     "snippet": snippet(seg.text, q) if seg else "", "snippet_start": seg.start if seg else None})
    return rows


def checklists_for(access: Access) -> QuerySet[Checklist]:
    return Checklist.objects.filter(org=access.org)


def checklists_of(stages: list[ChecklistStage]) -> list[Checklist]:
    """The checklists of `stages` (each checklist has stages), by name: saves the list page a query."""
    unique = {st.checklist_id: st.checklist for st in stages}
    return sorted(unique.values(), key=lambda c: (c.name, c.pk))


def stages_for(access: Access) -> QuerySet[ChecklistStage]:
    return ChecklistStage.objects.filter(org=access.org).select_related("checklist").order_by(
        "checklist__name", "position")
