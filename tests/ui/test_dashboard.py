"""Dashboard: totals, per office/manager averages, comparison period, failed stages, SVG trend."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.ui.factories import Tenant, add_call, add_result


def test_dashboard_figures(client: Client, tenant: Tenant) -> None:
    old = add_call(
        tenant.org, "org-old", tenant.managers["m1"], created_at=timezone.now() - timedelta(days=35)
    )
    add_result(old, tenant.checklist, [False, False])
    client.force_login(tenant.users["rop"])
    resp = client.get("/dashboard/")
    ctx = resp.context
    assert ctx["cur"] == {"calls": 3, "scored": 2, "avg": 50.0}  # 0% and 100%
    assert ctx["prev"]["calls"] == 1 and ctx["prev"]["avg"] == 0.0
    centre = next(r for r in ctx["offices"] if r.name == "Офис Центр")
    assert (centre.calls, centre.avg, centre.cmp_avg, centre.delta) == (2, 50.0, 0.0, 50.0)
    ivanov = next(r for r in ctx["managers"] if r.key == tenant.managers["m1"].pk)
    assert (ivanov.calls, ivanov.avg) == (1, 0.0)
    assert ctx["failed"][0]["stage_id"] == "URC_S_2" and ctx["failed"][0]["failed"] == 1
    assert ctx["best"][0].call.call_id == "org-call-m2" and ctx["worst"][0].call.call_id == "org-call-m1"
    body = resp.content.decode()
    assert '<svg class="chart"' in body and "<circle" in body and "<rect" in body


def test_explicit_periods_and_bad_dates(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    today = timezone.localdate()
    far = (today - timedelta(days=400)).isoformat()
    resp = client.get(f"/dashboard/?date_from={far}&date_to={far}&cmp_from=bad")
    assert resp.context["cur"]["calls"] == 0
    assert "Сравнить с: ожидается дата" in resp.content.decode()
