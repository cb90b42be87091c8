"""Ids guessed from another organisation answer 404 (or show nothing) and change nothing."""

from __future__ import annotations

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from rop.analysis import services as an
from rop.delivery.models import WebhookDelivery
from rop.org.models import Office
from rop.tenants.models import ApiKey
from rop.tenants.services import create_key
from rop.ui.models import Job
from tests.ui.factories import PASSWORD, Tenant

TABLE = {"name": "Конверсия", "fields": [{"key": "budget", "description": "Бюджет клиента"}]}


@pytest.fixture
def foreign(other: Tenant) -> dict[str, int]:
    table = an.TABLES.create(other.org, TABLE)
    key, _ = create_key(other.org, "crm")
    delivery = WebhookDelivery.objects.create(org=other.org, kind="test", url="http://127.0.0.1:9/x",
                                              host="127.0.0.1:9", webhook_id="msg_foreign", body="{}")
    job = Job.objects.create(org=other.org, user=other.users["admin"], kind="export",
                             params={"list": "calls", "format": "csv"}, status="done", result_name="x.csv")
    return {"call": other.calls["m1"].pk, "checklist": other.checklist.pk, "table": table.pk, "key": key.pk,
            "user": other.users["rop"].pk, "delivery": delivery.pk, "job": job.pk}


GETS = [
    "/calls/{call}/",
    "/calls/{call}/audio",
    "/settings/checklists/{checklist}/",
    "/settings/tables/{table}/",
    "/jobs/{job}/",
    "/jobs/{job}/download",
]
POSTS = [
    "/calls/{call}/reanalyse",
    "/settings/checklists/{checklist}/",
    "/settings/checklists/{checklist}/test-webhook",
    "/settings/tables/{table}/",
    "/settings/tables/{table}/test-webhook",
    "/settings/keys/{key}/revoke",
    "/settings/users/{user}/",
    "/settings/users/{user}/password",
    "/settings/webhooks/{delivery}/resend",
]


@pytest.mark.parametrize("path", GETS)
def test_get_of_another_tenants_object_is_404(client: Client, tenant: Tenant, foreign: dict[str, int],
                                              path: str) -> None:
    client.force_login(tenant.users["admin"])
    assert client.get(path.format(**foreign)).status_code == 404


@pytest.mark.parametrize("path", POSTS)
def test_post_to_another_tenants_object_is_404_and_changes_nothing(
    client: Client, tenant: Tenant, other: Tenant, foreign: dict[str, int], path: str
) -> None:
    client.force_login(tenant.users["admin"])
    resp = client.post(
        path.format(**foreign),
        {"name": "Взлом", "role": "admin", "password": "new-password-1", "stage_name": "x", "field_key": "x"},
    )
    assert resp.status_code == 404
    assert ApiKey.objects.get(pk=foreign["key"]).revoked_at is None
    victim = other.users["rop"]
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD) and victim.profile.role == "rop"
    other.checklist.refresh_from_db()
    assert other.checklist.name == "Продажа квартиры" and other.checklist.version == 1


def test_filters_with_another_tenants_office_or_manager_show_nothing(client: Client, tenant: Tenant,
                                                                     other: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    office = Office.objects.get(org=other.org, office_id="office_1")
    for query in (f"office={office.pk}", f"manager={other.managers['m1'].pk}"):
        body = client.get(f"/calls/?{query}").content.decode()
        assert "Звонков не найдено" in body
        assert other.calls["m1"].call_id not in body


def test_export_never_contains_another_tenants_calls(client: Client, tenant: Tenant, other: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    client.post("/exports/start?list=calls&format=csv")
    job = Job.objects.get(org=tenant.org)
    download = client.get(f"/jobs/{job.pk}/download")
    assert isinstance(download, StreamingHttpResponse)
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert tenant.calls["m1"].call_id in text
    assert other.calls["m1"].call_id not in text


def test_another_users_job_in_the_same_org_is_404(client: Client, tenant: Tenant) -> None:
    job = Job.objects.create(org=tenant.org, user=tenant.users["rop"], kind="export",
                             params={"list": "calls", "format": "csv"})
    client.force_login(tenant.users["leader"])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
