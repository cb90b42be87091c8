"""Dashboards for one checklist: offices, managers, manager × stage, stage trend, and a manager's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.http import HttpResponse

from rop.accounts.models import Role
from rop.accounts.permissions import Capability, managers_for, offices_for
from rop.analysis.models import ChecklistResult
from rop.calls.models import Call
from rop.core.errors import NotFound
from rop.org.models import Manager, OfficeMembership
from rop.ui import stagestats, stats
from rop.ui.access import AccessRequest, ui_view
from rop.ui.calllist import checklists_for
from rop.ui.charts import lines_svg, trend_svg
from rop.ui.conversation import conversation_figures, manager_figures
from rop.ui.render import page


def _stage_chart(trend: stagestats.StageTrend) -> Any:
    fmt = "%d.%m"
    labels = [b.start.strftime(fmt) for b in trend.buckets]
    return lines_svg(labels, [(s.name, [c.rate for c in s.points]) for s in trend.series])


@ui_view(Capability.VIEW_CALLS)
def dashboard(request: AccessRequest) -> HttpResponse:
    access = request.access
    p = stats.parse_params(request.GET, access)
    best, worst = stats.best_worst(access, p)
    pm = stats.per_manager(access, p)
    matrix = stagestats.stage_matrix(access, p)
    trend = stagestats.stage_trend(access, p, matrix.stages)
    return page(
        request,
        "ui/dashboard.html",
        "dashboard",
        p=p,
        cur=stats.totals(access, p, p.period),
        prev=stats.totals(access, p, p.compare),
        st=stats.statuses(access, p),
        offices=stats.office_rows(access, p, pm),
        managers=stats.manager_rows(access, p, pm),
        chart=trend_svg(stats.trend(access, p)),
        failed=stagestats.failed_stages(p, matrix),
        matrix=matrix,
        stage_trend=trend,
        trend_table=trend.table(),
        stage_chart=_stage_chart(trend),
        best=best,
        worst=worst,
        office_choices=offices_for(access),
        checklists=checklists_for(access),
        links={
            "calls": p.calls_url(),
            "scored": p.calls_url(checklist=True),
            "cmp_calls": p.calls_url(p.compare),
            "cmp_scored": p.calls_url(p.compare, checklist=True),
        },
        own_page=access.manager_id if access.role == Role.MANAGER else None,
        conv=conversation_figures(access, p.period),
    )


def _team_calls(access: Any, p: stats.DashParams, manager: Manager) -> QuerySet[Call]:
    """The calls of the manager's offices (the whole organisation without an office) in the period."""
    offices = OfficeMembership.objects.filter(manager=manager).values("office_id")
    team = OfficeMembership.objects.filter(office_id__in=offices).values("manager_id")
    qs = Call.objects.filter(
        org=access.org,
        created_at__gte=stats.day_start(p.period.start, p.tz),
        created_at__lt=stats.day_start(p.period.end + timedelta(days=1), p.tz),
    )
    return qs.filter(manager_id__in=team) if OfficeMembership.objects.filter(manager=manager).exists() else qs


@ui_view(Capability.VIEW_CALLS)
def manager_dashboard(request: AccessRequest, pk: int) -> HttpResponse:
    """A manager's own page: their calls and stage figures against the team (numbers only for the team)."""
    access = request.access
    manager = managers_for(access).filter(pk=pk).first()
    if manager is None:
        raise NotFound("Менеджер не найден")
    p = stats.parse_params(request.GET, access)
    p.office = None
    team = _team_calls(access, p, manager)
    own = team.filter(manager=manager)
    res = ChecklistResult.objects.filter(org=access.org, is_current=True, checklist_id=p.checklist_pk)
    own_res = _avg(res.filter(call__in=own))
    team_res = _avg(res.filter(call__in=team))
    recent = list(own.select_related("manager").order_by("-created_at", "-id")[:10])
    scores = dict(res.filter(call__in=[c.pk for c in recent]).values_list("call_id", "completion_percentage"))
    return page(
        request,
        "ui/manager_dashboard.html",
        "dashboard",
        p=p,
        manager=manager,
        checklists=checklists_for(access),
        own_calls=own.count(),
        own_scored=own_res[0],
        own_avg=own_res[1],
        team_calls=team.count(),
        team_scored=team_res[0],
        team_avg=team_res[1],
        versus=stagestats.manager_versus_team(access, p, manager.pk, team),
        mconv=manager_figures(access, p.period, manager),
        recent=[{"call": c, "score": scores.get(c.pk)} for c in recent],
        links={
            "calls": p.calls_url(manager=manager.pk),
            "scored": p.calls_url(checklist=True, manager=manager.pk),
            "failed": p.calls_url(manager=manager.pk, status="failed"),
        },
        own_failed=own.filter(status="failed").count(),
    )


def _avg(results: QuerySet[ChecklistResult]) -> tuple[int, float | None]:
    agg = results.aggregate(n=Count("id"), avg=Avg("completion_percentage"))
    return agg["n"], round(agg["avg"], 1) if agg["avg"] is not None else None
