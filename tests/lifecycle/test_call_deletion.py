"""Deleting a call (DELETE /api/v1/calls/{call_id}, or the administrator's button on the call page)
removes its audio from the store, its transcript (and search index entries), results, events and
webhooks, and leaves an audit line; other calls and other organisations are untouched."""

from __future__ import annotations

import pytest
from django.test import Client

from rop.analysis.models import ChecklistResult
from rop.asr.models import Segment
from rop.asr.search import search_calls
from rop.audit.models import AuditEntry
from rop.calls.models import Call, CallEvent
from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, WebhookDelivery
from rop.store import get_store
from rop.tenants.services import create_key
from tests.api.conftest import envelope_error
from tests.ui.factories import Tenant, login


def _seed_webhook(call: Call) -> WebhookDelivery:
    return outbox.enqueue(org=call.org, kind=DeliveryKind.CHECKLIST, url="http://127.0.0.1:9/hook", secret="",
                          payload={"call_id": call.call_id}, call=call)


def _assert_gone(call: Call, audio_key: str) -> None:
    assert not Call.objects.filter(pk=call.pk).exists()
    assert not Segment.objects.filter(call_id=call.pk).exists()
    assert not ChecklistResult.objects.filter(call_id=call.pk).exists()
    assert not CallEvent.objects.filter(call_id=call.pk).exists()
    assert not WebhookDelivery.objects.filter(call_id=call.pk).exists()
    assert audio_key and not get_store().exists(audio_key)


def test_delete_via_api_removes_everything_and_keeps_an_audit_line(
    client: Client, tenant: Tenant, other: Tenant
) -> None:
    key = create_key(tenant.org, "crm")[1]
    call = tenant.calls["m1"]
    audio_key = call.audio_path
    assert get_store().exists(audio_key)
    _seed_webhook(call)
    assert search_calls(Call.objects.filter(org=tenant.org), "Приморский").filter(pk=call.pk).exists()

    resp = client.delete(f"/api/v1/calls/{call.call_id}?apiKey={key}")
    assert resp.status_code == 200, resp.content
    assert resp.json() == {"data": call.call_id, "error": False, "message": "Звонок и его данные удалены"}
    _assert_gone(call, audio_key)
    assert not search_calls(Call.objects.filter(org=tenant.org), "Приморский").exists()
    entry = AuditEntry.objects.get(org=tenant.org, action="call_deleted")
    assert entry.object == call.call_id and entry.actor is None
    assert entry.details["via"] == "api" and entry.details["key"] == key[:10] and key not in str(entry.details)
    # The rest is untouched: the organisation's other calls, and the other organisation's.
    assert Call.objects.filter(org=tenant.org).count() == 2
    assert get_store().exists(other.calls["m1"].audio_path)
    assert Segment.objects.filter(call=other.calls["m1"]).exists()


def test_delete_of_an_unknown_or_foreign_call_is_404_and_deletes_nothing(
    client: Client, tenant: Tenant, other: Tenant
) -> None:
    key = create_key(tenant.org, "crm")[1]
    foreign = other.calls["m1"]
    for ref in (foreign.call_id, "no-such-call", str(tenant.calls["m2"].pk)):  # internal ids are not guessed
        resp = client.delete(f"/api/v1/calls/{ref}?apiKey={key}")
        assert resp.status_code == 404 and envelope_error(resp) == "Звонок не найден"
    assert Call.objects.filter(pk__in=[foreign.pk, tenant.calls["m2"].pk]).count() == 2
    assert not AuditEntry.objects.filter(action="call_deleted").exists()


def test_delete_needs_a_key_and_a_deleted_call_id_can_be_sent_again(
    client: Client, tenant: Tenant, audio_url: str
) -> None:
    key = create_key(tenant.org, "crm")[1]
    call_id = tenant.calls["m2"].call_id
    assert client.delete(f"/api/v1/calls/{call_id}").status_code == 401
    assert client.delete(f"/api/v1/calls/{call_id}?apiKey={key}").status_code == 200
    assert client.delete(f"/api/v1/calls/{call_id}?apiKey={key}").status_code == 404
    again = client.post(f"/api/v1/calls?apiKey={key}", {"call_id": call_id, "manager_id": "m2",
                        "audio_url": audio_url}, content_type="application/json")
    assert again.status_code == 200


def test_admin_deletes_a_call_from_its_page(client: Client, tenant: Tenant) -> None:
    call = tenant.calls["m1"]
    audio_key = call.audio_path
    _seed_webhook(call)
    login(client, tenant.users["admin"])
    page = client.get(f"/calls/{call.pk}/")
    assert "Удалить звонок" in page.content.decode()
    unconfirmed = client.post(f"/calls/{call.pk}/delete")
    assert unconfirmed.status_code == 302 and Call.objects.filter(pk=call.pk).exists()
    resp = client.post(f"/calls/{call.pk}/delete", {"confirm": "1"})
    assert resp.status_code == 302 and resp["Location"].endswith("/calls/")
    _assert_gone(call, audio_key)
    entry = AuditEntry.objects.get(org=tenant.org, action="call_deleted")
    assert entry.actor == tenant.users["admin"] and entry.details["via"] == "ui"
    audit_page = client.get("/settings/audit/").content.decode()
    assert call.call_id in audit_page


@pytest.mark.parametrize("role", ["rop", "leader", "manager"])
def test_only_administrators_see_and_use_the_delete_button(client: Client, tenant: Tenant, role: str) -> None:
    call = tenant.calls["m1"]
    login(client, tenant.users[role])
    page = client.get(f"/calls/{call.pk}/")
    assert page.status_code == 200 and "Удалить звонок" not in page.content.decode()
    resp = client.post(f"/calls/{call.pk}/delete", {"confirm": "1"})
    assert resp.status_code in (403, 404)
    assert Call.objects.filter(pk=call.pk).exists() and get_store().exists(call.audio_path)


def test_admin_cannot_delete_another_organisations_call(client: Client, tenant: Tenant, other: Tenant) -> None:
    login(client, tenant.users["admin"])
    foreign = other.calls["m1"]
    assert client.post(f"/calls/{foreign.pk}/delete", {"confirm": "1"}).status_code == 404
    assert Call.objects.filter(pk=foreign.pk).exists()


def test_audio_already_missing_from_the_store_does_not_block_deletion(client: Client, tenant: Tenant) -> None:
    key = create_key(tenant.org, "crm")[1]
    call = tenant.calls["m1"]
    get_store().delete(call.audio_path)
    assert client.delete(f"/api/v1/calls/{call.call_id}?apiKey={key}").status_code == 200
    assert not Call.objects.filter(pk=call.pk).exists()


