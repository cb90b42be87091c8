"""The call page's review forms and the review queue (rop.ui.views.reviews)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from rop.analysis.models import ChecklistResult, Review
from rop.core.timezones import org_tz
from tests.ui.factories import Tenant, add_call, add_result


def _post_stage(client: Client, t: Tenant, call_key: str, stage: str, status: str,
                comment: str = "") -> Any:
    call = t.calls[call_key]
    return client.post(f"/calls/{call.pk}/review/stage",
                       {"checklist": t.checklist.pk, "stage_id": stage, "status": status, "comment": comment})


def test_a_rop_reviews_a_stage_on_the_call_page(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    call = tenant.calls["m1"]
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "Проверить этап" in page and 'id="stage-URC_S_2"' in page
    resp = _post_stage(client, tenant, "m1", "URC_S_2", "completed", "бюджет обсуждали в конце")
    assert resp.status_code == 302 and resp["Location"].endswith(f"/calls/{call.pk}/#stage-URC_S_2")
    page = client.get(resp["Location"]).content.decode()
    assert "Вердикт сохранён: оценка 100%" in page
    assert "— 100%" in page and "Проверено" in page and "оценка системы: не выполнен" in page
    assert "бюджет обсуждали в конце" in page
    today = timezone.localtime(timezone=org_tz(tenant.org)).strftime("%d.%m.%Y")  # the page shows the org's day
    assert today in page.split("оценка системы")[0].rsplit("Проверено", 1)[1]


def test_bad_verdicts_are_a_russian_message_not_an_error(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    resp = _post_stage(client, tenant, "m1", "URC_S_2", "maybe")
    page = client.get(resp["Location"]).content.decode()
    assert "Вердикт должен быть одним из: выполнен, не выполнен, не применим" in page
    call = tenant.calls["m1"]
    assert client.post(f"/calls/{call.pk}/review/stage", {"checklist": "x", "stage_id": "URC_S_2"}).status_code == 302
    assert client.post(f"/calls/{call.pk}/review/stage", {"checklist": "999999", "stage_id": "URC_S_2",
                                                         "status": "failed"}).status_code == 404
    assert not Review.objects.exists()


def test_managers_other_offices_and_other_tenants_cannot_review(client: Client, tenant: Tenant, other: Tenant) -> None:
    client.force_login(tenant.users["manager"])
    assert _post_stage(client, tenant, "m1", "URC_S_2", "completed").status_code == 403
    assert "Проверить этап" not in client.get(f"/calls/{tenant.calls['m1'].pk}/").content.decode()
    client.force_login(tenant.users["leader"])  # leads office 1 (m1, m2); m3 is in office 2
    north = add_call(tenant.org, "north-1", tenant.managers["m3"])
    add_result(north, tenant.checklist, [True, False])
    resp = client.post(f"/calls/{north.pk}/review/stage",
                       {"checklist": tenant.checklist.pk, "stage_id": "URC_S_2", "status": "completed"})
    assert resp.status_code == 404
    client.force_login(tenant.users["rop"])
    resp = client.post(f"/calls/{other.calls['m1'].pk}/review/stage",
                       {"checklist": other.checklist.pk, "stage_id": "URC_S_2", "status": "completed"})
    assert resp.status_code == 404
    assert not Review.objects.exists()
    assert _post_stage(client, tenant, "m1", "URC_S_2", "completed").status_code == 302  # the leader's own office
    assert Review.objects.count() == 1


def test_the_review_queue_lists_the_least_sure_unreviewed_calls_in_scope(
    client: Client, tenant: Tenant, other: Tenant
) -> None:
    north = add_call(tenant.org, "north-1", tenant.managers["m3"])
    add_result(north, tenant.checklist, [False, False])
    # m1: 90 % and 10 %; m2: 90 % and 90 %; north: 10 % and 10 %
    ChecklistResult.objects.filter(call=tenant.calls["m2"]).update(
        stages=[{**s, "percentage": 95} for s in ChecklistResult.objects.get(call=tenant.calls["m2"]).stages])
    client.force_login(tenant.users["rop"])
    rows = client.get("/review/").context["rows"]
    assert [r.result.call.call_id for r in rows] == ["north-1", "org-call-m1", "org-call-m2"][: len(rows)]
    assert rows[0].least_sure == 10 and rows[-1].least_sure == 95
    assert all(r.result.org_id == tenant.org.pk for r in rows)
    _post_stage(client, tenant, "m1", "URC_S_2", "failed")  # reviewed: 100 % and out of the default queue
    ids = [r.result.call.call_id for r in client.get("/review/").context["rows"]]
    assert "org-call-m1" not in ids
    body = client.get("/review/?reviewed=1").content.decode()
    assert "org-call-m1" in body and "Проверено" in body
    client.force_login(tenant.users["leader"])
    ids = [r.result.call.call_id for r in client.get("/review/").context["rows"]]
    assert "north-1" not in ids and "org-call-m2" in ids
    client.force_login(tenant.users["manager"])
    assert client.get("/review/").status_code == 403
