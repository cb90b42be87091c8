"""Times and day boundaries in the organisation's zone (default Europe/Moscow); durations as m:ss."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from rop.tenants.models import Organisation
from rop.ui.format import fmt_local, mmss, org_tz
from tests.ui.factories import Tenant, add_call, add_result

LATE_UTC = datetime(2025, 6, 14, 22, 30, tzinfo=UTC)  # 15.06 01:30 in Moscow


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (219, "3:39"),
        (218.4, "3:38"),
        (127.3, "2:07"),
        (0, "0:00"),
        (59.6, "1:00"),
        (3725, "1:02:05"),
        (None, ""),
        ("bad", ""),
        (-5, ""),
        (float("nan"), ""),
    ],
)
def test_mmss(seconds: float | str | None, text: str) -> None:
    assert mmss(seconds) == text


def test_org_zone_defaults_to_moscow_and_survives_a_bad_value(db: None) -> None:
    org = Organisation.objects.create(name="Зона", slug="zona")
    assert org.time_zone == "Europe/Moscow"
    assert fmt_local(LATE_UTC, org) == "15.06.2025 01:30"
    org.time_zone = "Nowhere/Unknown"
    assert str(org_tz(org)) == "Europe/Moscow"


def _late_call(t: Tenant) -> None:
    call = add_call(t.org, "late", t.managers["m1"], created_at=LATE_UTC)
    call.duration = 218.4
    call.save(update_fields=["duration"])
    add_result(call, t.checklist, [True, True])


def test_lists_and_call_page_show_local_time_and_mmss(client: Client, tenant: Tenant) -> None:
    _late_call(tenant)
    client.force_login(tenant.users["rop"])
    body = client.get("/calls/", {"q": ""}).content.decode()
    assert "15.06.2025 01:30" in body and "3:38" in body and "218 с" not in body
    call = tenant.org.calls.get(call_id="late")
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "15.06.2025 01:30" in page and '<span id="call-duration">3:38</span>' in page


def test_day_boundaries_follow_the_org_zone(client: Client, tenant: Tenant) -> None:
    _late_call(tenant)
    client.force_login(tenant.users["rop"])
    day = {"date_from": "2025-06-15", "date_to": "2025-06-15", "checklist": str(tenant.checklist.pk)}
    prev = {"date_from": "2025-06-14", "date_to": "2025-06-14", "checklist": str(tenant.checklist.pk)}
    assert client.get("/dashboard/", day).context["cur"]["calls"] == 1  # 01:30 Moscow on the 15th
    assert client.get("/dashboard/", prev).context["cur"]["calls"] == 0
    trend = client.get("/dashboard/", day).context["stage_trend"]
    assert [b.start for b in trend.buckets] == [date(2025, 6, 15)] and trend.series[0].points[0].judged == 1
    assert len(client.get("/calls/", day).context["rows"]) == 1
    Organisation.objects.filter(pk=tenant.org.pk).update(time_zone="UTC")
    assert client.get("/dashboard/", day).context["cur"]["calls"] == 0
    assert client.get("/dashboard/", prev).context["cur"]["calls"] == 1  # 22:30 UTC on the 14th
    assert "14.06.2025 22:30" in client.get("/calls/", prev).content.decode()


def test_admin_sets_the_zone_on_the_organisation_page(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    form = {"manager_channel": "left", "vocabulary": ""}
    page = client.get("/settings/organisation/").content.decode()
    assert '<option value="Europe/Moscow" selected>' in page
    resp = client.post("/settings/organisation/", {**form, "time_zone": "Mars/Olympus"}, follow=True)
    assert "Неизвестный часовой пояс" in resp.content.decode()
    assert Organisation.objects.get(pk=tenant.org.pk).time_zone == "Europe/Moscow"
    client.post("/settings/organisation/", {**form, "time_zone": "Asia/Vladivostok"})
    assert Organisation.objects.get(pk=tenant.org.pk).time_zone == "Asia/Vladivostok"
