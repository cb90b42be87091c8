"""Dashboard figures per checklist, each one linking to exactly the calls behind it (issue 10, items 1, 9)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from rop.analysis import services as an
from rop.analysis.models import Checklist, ChecklistResult, ChecklistVersion, StageOutcome
from rop.analysis.outcomes import rebuild_stage_verdicts, set_stage_verdicts
from rop.calls.models import CallStatus
from tests.ui.factories import Tenant, add_call, add_result

SIX = {
    "name": "Входящий звонок",
    "prompt": "Оцени входящий звонок",
    "stages": [
        {"id": f"IN_S_{i}", "name": f"Этап {i}", "criterion": f"Критерий {i}", "hints": [], "weight": 1}
        for i in range(1, 7)
    ],
}


def _second_checklist(t: Tenant) -> Checklist:
    return an.CHECKLISTS.create(t.org, SIX)


def _count_links(body: str) -> list[tuple[str, int]]:
    """(calls-list URL, the number of calls the dashboard says it holds) for every linked figure."""
    out = []
    for href, n in re.findall(r'<a href="(/calls/\?[^"]*)"[^>]*>(?:<b[^>]*>)?(\d+)(?:</b>)?</a>', body):
        out.append((unescape(href), int(n)))
    for href, n in re.findall(r'<a href="(/calls/\?[^"]*)" title="выполнен в \d+ из (\d+)">', body):
        out.append((unescape(href), int(n)))
    for href, n in re.findall(r'<a href="(/calls/\?[^"]*)">(\d+) из \d+</a>', body):
        out.append((unescape(href), int(n)))
    return out


def _listed(client: Client, url: str) -> int:
    resp = client.get(url)
    assert resp.status_code == 200, url
    return len(resp.context["rows"])


@pytest.fixture
def busy(tenant: Tenant) -> Tenant:
    """Two checklists, a failed download, a call without a manager and an old call for comparison."""
    six = _second_checklist(tenant)
    now = timezone.now()
    call = add_call(tenant.org, "in-1", tenant.managers["m2"], created_at=now - timedelta(minutes=5))
    add_result(call, six, [True, True, True, False, False, False])  # 3 of 6 -> 0 %
    lonely = add_call(tenant.org, "no-manager", None, created_at=now - timedelta(minutes=4))
    add_result(lonely, tenant.checklist, [False, True])
    add_call(
        tenant.org,
        "dl-failed",
        tenant.managers["m1"],
        created_at=now - timedelta(minutes=6),
        status=CallStatus.FAILED,
    )
    old = add_call(tenant.org, "old", tenant.managers["m1"], created_at=now - timedelta(days=40))
    add_result(old, tenant.checklist, [False, False])
    return tenant


@pytest.mark.parametrize("role", ["rop", "leader"])
def test_every_linked_figure_lists_exactly_its_calls(client: Client, busy: Tenant, role: str) -> None:
    client.force_login(busy.users[role])
    for checklist in Checklist.objects.filter(org=busy.org):
        body = client.get("/dashboard/", {"checklist": checklist.pk}).content.decode()
        links = _count_links(body)
        assert len(links) >= 8, body
        for url, n in links:
            assert _listed(client, url) == n, (checklist.name, url, n)


def test_two_checklists_are_never_mixed(client: Client, busy: Tenant) -> None:
    client.force_login(busy.users["rop"])
    six = Checklist.objects.get(org=busy.org, name="Входящий звонок")
    ctx = client.get("/dashboard/", {"checklist": six.pk}).context
    assert [s.stage_id for s in ctx["matrix"].stages] == [f"IN_S_{i}" for i in range(1, 7)]
    assert {s["stage_id"] for s in ctx["failed"]} == {"IN_S_4", "IN_S_5", "IN_S_6"}
    assert ctx["cur"] == {"calls": 6, "scored": 1, "avg": 0.0}
    ctx = client.get("/dashboard/", {"checklist": busy.checklist.pk}).context
    assert [s.stage_id for s in ctx["matrix"].stages] == ["URC_S_1", "URC_S_2"]
    assert ctx["cur"]["scored"] == 3
    assert "Входящий" not in "".join(r.checklist.name for r in ctx["best"] + ctx["worst"])


def test_analysed_counts_apart_from_failed_downloads_with_reasons(client: Client, busy: Tenant) -> None:
    client.force_login(busy.users["rop"])
    resp = client.get("/dashboard/", {"checklist": busy.checklist.pk})
    st = resp.context["st"]
    assert (resp.context["cur"]["calls"], resp.context["cur"]["scored"], st.failed) == (6, 3, 2)
    assert st.reasons == [{"reason": "Файл не является аудио", "n": 2, "url": st.reasons[0]["url"]}]
    assert _listed(client, st.reasons[0]["url"]) == 2


@pytest.mark.parametrize("n_results", [1, 3, 12])
def test_best_and_worst_never_share_a_call(client: Client, tenant: Tenant, n_results: int) -> None:
    ChecklistResult.objects.all().delete()
    for i in range(n_results):
        call = add_call(
            tenant.org, f"c{i}", tenant.managers["m1"], created_at=timezone.now() - timedelta(minutes=i)
        )
        add_result(call, tenant.checklist, [i % 2 == 0, i % 3 == 0])
    client.force_login(tenant.users["rop"])
    ctx = client.get("/dashboard/").context
    best, worst = {r.call_id for r in ctx["best"]}, {r.call_id for r in ctx["worst"]}
    assert not best & worst
    assert len(best) + len(worst) == min(n_results, 10)
    if ctx["best"] and ctx["worst"]:
        assert min(r.completion_percentage for r in ctx["best"]) >= max(
            r.completion_percentage for r in ctx["worst"]
        )


def test_manager_by_stage_table_and_stage_trend(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    ctx = client.get("/dashboard/").context
    rows = {r.name: [(c.done, c.judged, c.rate) for c in r.cells] for r in ctx["matrix"].rows}
    assert rows == {
        "Иванов Иван Иванович": [(1, 1, 100), (0, 1, 0)],
        "Петрова Мария Сергеевна": [(1, 1, 100), (1, 1, 100)],
    }
    series = {s.stage_id: [c.rate for c in s.points if c.judged] for s in ctx["stage_trend"].series}
    assert series == {"URC_S_1": [100], "URC_S_2": [50]}
    body = client.get("/dashboard/").content.decode()
    assert 'class="chart stage-trend"' in body and '<g class="legend">' in body


def test_chart_axis_counts_are_whole_numbers(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    body = client.get("/dashboard/").content.decode()
    ticks = re.findall(r'class="tick-left"[^>]*>([^<]+)<', body)
    assert ticks and all(t.isdigit() for t in ticks), ticks
    assert "Звонков за день" in body and "Средний % выполнения" in body


def test_manager_page_compares_with_the_team(client: Client, tenant: Tenant) -> None:
    ivanov = tenant.managers["m1"]
    client.force_login(tenant.users["rop"])
    dash = client.get("/dashboard/").content.decode()
    assert f"/dashboard/managers/{ivanov.pk}/" in dash  # manager rows lead somewhere
    ctx = client.get(f"/dashboard/managers/{ivanov.pk}/").context
    assert (ctx["own_calls"], ctx["own_avg"], ctx["team_calls"], ctx["team_avg"]) == (1, 0.0, 2, 50.0)
    budget = next(v for v in ctx["versus"] if v.stage_id == "URC_S_2")
    assert (budget.own.rate, budget.team.rate, budget.delta) == (0, 50, -50)
    assert _listed(client, budget.own.url) == 1


def test_manager_sees_own_page_only(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["manager"])
    own = tenant.managers["m1"].pk
    assert client.get(f"/dashboard/managers/{own}/").status_code == 200
    assert f"/dashboard/managers/{own}/" in client.get("/dashboard/").content.decode()
    assert client.get(f"/dashboard/managers/{tenant.managers['m2'].pk}/").status_code == 404
    client.force_login(tenant.users["leader"])  # leads office 1 (m1, m2), not office 2 (m3)
    assert client.get(f"/dashboard/managers/{tenant.managers['m3'].pk}/").status_code == 404


def test_call_page_reads_the_score_as_stages(client: Client, busy: Tenant) -> None:
    client.force_login(busy.users["rop"])
    call = busy.calls["m1"].__class__.objects.get(call_id="in-1")
    body = client.get(f"/calls/{call.pk}/").content.decode()
    assert "3 из 6 этапов" in body and "0%" in body
    assert "(3 − 3) / 6 → 0 %" in body


def test_stage_rows_follow_the_current_result(tenant: Tenant) -> None:
    call = tenant.calls["m1"]
    assert sorted(StageOutcome.objects.filter(call=call).values_list("stage_id", "status")) == [
        ("URC_S_1", "completed"),
        ("URC_S_2", "failed"),
    ]
    newer = add_result(
        call, tenant.checklist, [False, False]
    )  # re-analysis: the old result stays, not current
    ChecklistResult.objects.filter(call=call).exclude(pk=newer.pk).update(is_current=False)
    set_stage_verdicts(newer)
    assert set(StageOutcome.objects.filter(call=call).values_list("status", flat=True)) == {"failed"}
    old = ChecklistResult.objects.filter(call=call, is_current=False).first()
    assert old is not None
    old.save()  # saving an old result never removes the current rows
    assert StageOutcome.objects.filter(call=call).count() == 2
    StageOutcome.objects.all().delete()
    assert rebuild_stage_verdicts() == 2  # m1's current + m2's
    assert StageOutcome.objects.count() == 4
    assert ChecklistVersion.objects.exists()
