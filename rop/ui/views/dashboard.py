"""Dashboards per office and per manager, with a comparison period."""

from __future__ import annotations

from django.http import HttpResponse

from rop.accounts.permissions import Capability, offices_for
from rop.ui import stats
from rop.ui.access import AccessRequest, ui_view
from rop.ui.calllist import checklists_for
from rop.ui.charts import trend_svg
from rop.ui.render import page


@ui_view(Capability.VIEW_CALLS)
def dashboard(request: AccessRequest) -> HttpResponse:
    access = request.access
    p = stats.parse_params(request.GET)
    best, worst = stats.best_worst(access, p)
    pm = stats.per_manager(access, p)
    return page(
        request, "ui/dashboard.html", "dashboard",
        p=p, cur=stats.totals(access, p, p.period), prev=stats.totals(access, p, p.compare),
        offices=stats.office_rows(access, p, pm), managers=stats.manager_rows(access, p, pm),
        chart=trend_svg(stats.trend(access, p)), failed=stats.failed_stages(access, p),
        best=best, worst=worst, office_choices=offices_for(access), checklists=checklists_for(access),
    )
