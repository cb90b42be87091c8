"""Conversation statistics read back: per manager against the team, list filters, export columns,
the call page's figures and the API's "stats" (rows written directly; the pipeline's tests compute them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from rop.calls.models import Call
from rop.convstats.compute import Turn, compute
from rop.convstats.services import (
    STATS_HEADERS,
    filter_by_stats,
    manager_stats,
    save_stats,
    stats_columns,
)
from rop.ui.stats import Period
from tests.ui.factories import Tenant

# manager 0-14 s, client 15-21 s: share 70 %, 1 s of silence; client interrupts once in the second call
TALKY = [Turn("manager", 0.0, 14.0, "Здравствуйте. Удобно говорить? Какой район?"), Turn("client", 15.0, 21.0, "да")]
QUIET = [Turn("manager", 0.0, 4.0, "Добрый день."), Turn("client", 3.0, 9.0, "слушаю"),
         Turn("manager", 12.0, 13.0, "Хорошо?")]  # manager share 5/11, 3 s of silence, client interrupts


@pytest.fixture
def stats(tenant: Tenant) -> Tenant:
    save_stats(tenant.calls["m1"], compute(TALKY))
    save_stats(tenant.calls["m2"], compute(QUIET))
    save_stats(tenant.calls["m3"], compute(TALKY))  # a failed call: never in averages
    return tenant


def _today() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=1), today)


def test_manager_against_the_team(stats: Tenant) -> None:
    figures = manager_stats(stats.org, _today(), stats.managers["m1"])
    assert figures["calls"] == {"manager": 1, "team": 2}
    assert figures["manager"]["share"] == 70.0 and figures["manager"]["questions"] == 2
    assert figures["team"]["share"] == pytest.approx((70.0 + 45.5) / 2, abs=0.1)
    assert figures["team"]["longest_silence"] == pytest.approx((1.0 + 3.0) / 2)
    past = Period(timezone.localdate() - timedelta(days=30), timezone.localdate() - timedelta(days=20))
    assert manager_stats(stats.org, past, stats.managers["m1"])["calls"] == {"manager": 0, "team": 0}


def test_dashboard_shows_each_manager_and_the_team(client: Client, stats: Tenant) -> None:
    client.force_login(stats.users["rop"])
    body = client.get("/dashboard/").content.decode()
    section = body[body.index('id="conversation-stats"'):]
    assert "Иванов Иван Иванович" in section and "Команда (вся организация)" in section
    assert "<td>70.0</td>" in section or "<td>70,0</td>" in section


def _ids(qs: object) -> set[str]:
    return {c.call_id for c in qs}  # type: ignore[attr-defined]


def test_list_filters_by_share_interruptions_and_silence(stats: Tenant) -> None:
    qs = Call.objects.filter(org=stats.org)
    m1, m2, m3 = (stats.calls[k].call_id for k in ("m1", "m2", "m3"))
    assert _ids(filter_by_stats(qs, QueryDict("share_min=60"))) == {m1, m3}
    assert _ids(filter_by_stats(qs, QueryDict("share_max=50"))) == {m2}
    assert _ids(filter_by_stats(qs, QueryDict("silence_min=2,5"))) == {m2}
    assert _ids(filter_by_stats(qs, QueryDict("interruptions_min=1"))) == set()  # only the client interrupted
    assert _ids(filter_by_stats(qs, QueryDict(""))) == {m1, m2, m3}
    errors: list[str] = []
    assert _ids(filter_by_stats(qs, QueryDict("share_min=много&silence_min=-1"), errors)) == {m1, m2, m3}
    assert errors == ["Доля речи менеджера от: ожидается число от 0 до 100",
                      "Самая длинная пауза не меньше (с): ожидается число от 0 до 100000"]


def test_export_columns(stats: Tenant, tenant: Tenant) -> None:
    columns = stats_columns(stats.calls["m1"])
    assert tuple(columns) == STATS_HEADERS
    assert columns["Доля речи менеджера, %"] == 70.0 and columns["Вопросов задал менеджер"] == 2
    bare = Call.objects.create(org=tenant.org, call_id="no-stats")
    assert set(stats_columns(bare).values()) == {None}


def test_call_page_and_api_show_the_figures(client: Client, stats: Tenant) -> None:
    from rop.tenants.services import create_key

    call = stats.calls["m2"]
    client.force_login(stats.users["rop"])
    body = client.get(f"/calls/{call.pk}/").content.decode()
    assert "Статистика разговора" in body and "45,5 %" in body and "54,5 %" in body
    assert 'id="speaker-timeline"' not in body  # no recording, no player
    body = client.get(f"/calls/{stats.calls['m1'].pk}/").content.decode()
    timeline = body[body.index('id="speaker-timeline"'):body.index('id="tl-cursor"')]
    assert timeline.count('class="tl-bar"') == 3  # manager 0-14, client 15-21, silence 14-15
    assert 'style="left:0.000%;width:66.667%" title="Менеджер 0:00–0:14"' in timeline
    key = create_key(stats.org)[1]
    data = client.get(f"/api/v1/calls/{call.call_id}?apiKey={key}").json()["data"]["stats"]
    assert data["talk_share"] == {"manager": 45.5, "client": 54.5}
    assert data["interruptions"] == {"manager": 0, "client": 1}
    assert data["longest_silence"] == 3.0 and data["questions"]["manager"] == 1


def test_calls_list_filters_by_statistics_and_keeps_them_in_links(client: Client, stats: Tenant) -> None:
    client.force_login(stats.users["rop"])
    resp = client.get("/calls/?share_min=60&silence_min=0,5")
    ids = {row["call"].call_id for row in resp.context["rows"]}
    assert ids == {stats.calls["m1"].call_id, stats.calls["m3"].call_id}
    assert "share_min=60" in resp.context["qs"] and "silence_min=0.5" in resp.context["qs"]
    body = resp.content.decode()
    assert 'name="share_min" min="0" max="100" step="any" value="60"' in body
    assert 'name="silence_min" min="0" step="any" value="0.5"' in body
    bad = client.get("/calls/?share_max=200")
    assert bad.status_code == 200
    assert "Доля речи менеджера до: ожидается число от 0 до 100" in bad.content.decode()
    assert len(bad.context["rows"]) == 3


def test_manager_figures_against_the_team_render(stats: Tenant) -> None:
    from django.template.loader import render_to_string

    from rop.accounts.permissions import access_for
    from rop.ui.conversation import manager_figures

    access = access_for(stats.users["rop"])
    assert access is not None
    mconv = manager_figures(access, _today(), stats.managers["m1"])
    assert mconv["calls"] == {"manager": 1, "team": 2}
    assert ("Доля речи менеджера, %", 70.0, pytest.approx(57.8, abs=0.1)) in mconv["rows"]
    html = render_to_string("ui/_manager_conv_stats.html", {"mconv": mconv})
    assert "Менеджер (1 зв.)" in html and "Команда (2 зв.)" in html


def test_calls_export_has_the_statistics_columns(client: Client, stats: Tenant) -> None:
    import csv
    import io

    from rop.ui.models import Job

    client.force_login(stats.users["rop"])
    assert client.post("/exports/start?list=calls&format=csv").status_code == 200
    job = Job.objects.latest("id")
    data = b"".join(client.get(f"/jobs/{job.pk}/download").streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    first = header.index("Выполнение, %") + 1
    assert header[first : first + len(STATS_HEADERS)] == list(STATS_HEADERS)
    by_call = {r[0]: r for r in rows[1:]}
    share = header.index("Доля речи менеджера, %")
    assert by_call[stats.calls["m1"].call_id][share] == "70.0"
    assert by_call[stats.calls["m2"].call_id][header.index("Паузы всего, с")] == "3.0"


def test_manager_page_shows_conversation_figures_against_the_team(client: Client, stats: Tenant) -> None:
    client.force_login(stats.users["rop"])
    resp = client.get(f"/dashboard/managers/{stats.managers['m1'].pk}/")
    assert resp.status_code == 200
    body = resp.content.decode()
    section = body[body.index('id="manager-conversation-stats"'):]
    assert "Менеджер (1 зв.)" in section and "Команда (2 зв.)" in section
