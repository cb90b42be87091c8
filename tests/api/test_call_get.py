"""GET /api/v1/calls/{call_id} (extension): status, failure reason, scoped to the key's organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client

from rop.calls.models import Call, CallStatus
from rop.tenants.models import Organisation
from rop.tenants.services import create_key, get_or_create_org
from tests.api.conftest import MSG_BAD_KEY, call_body, envelope_error

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def _get(client: Client, call_id: str, key: str | None) -> Response:
    return client.get(f"/api/v1/calls/{call_id}" + (f"?apiKey={key}" if key else ""))


def test_queued_call_shows_its_status_and_fields(client: Client, api_key: str, audio_url: str) -> None:
    body = call_body("c-1", audio_url, deal_id="d1", duration=60)
    assert (
        client.post(f"/api/v1/calls?apiKey={api_key}", body, content_type="application/json").status_code
        == 200
    )
    resp = _get(client, "c-1", api_key)
    assert resp.status_code == 200
    payload = resp.json()
    assert payload["error"] is False and isinstance(payload["message"], str)
    data = payload["data"]
    assert data["call_id"] == "c-1"
    assert data["status"] == "queued"
    assert data["failure_reason"] is None
    assert (data["manager_id"], data["deal_id"], data["declared_duration"]) == ("mgr_001", "d1", 60)


def test_failed_call_shows_the_failure_reason(client: Client, api_key: str, org: Organisation) -> None:
    Call.objects.create(org=org, call_id="c-failed", status=CallStatus.FAILED, failed_stage="fetch",
                        failure_reason="Файл не является аудио")
    data = _get(client, "c-failed", api_key).json()["data"]
    assert data["status"] == "failed"
    assert data["failure_reason"] == "Файл не является аудио"
    assert data["failed_stage"] == "fetch"


def test_internal_numeric_id_finds_the_call(client: Client, api_key: str, org: Organisation) -> None:
    call = Call.objects.create(org=org, call_id="crm-abc")
    resp = _get(client, str(call.pk), api_key)
    assert resp.status_code == 200 and resp.json()["data"]["call_id"] == "crm-abc"


def test_unknown_call_is_404_in_the_envelope(client: Client, api_key: str) -> None:
    resp = _get(client, "no-such-call", api_key)
    assert resp.status_code == 404
    assert envelope_error(resp) == "Звонок не найден"


def test_another_organisations_call_is_404(client: Client, api_key: str, org: Organisation) -> None:
    other = get_or_create_org("Чужая организация")[0]
    Call.objects.create(org=other, call_id="their-call")
    assert _get(client, "their-call", api_key).status_code == 404
    _, other_key = create_key(other)
    assert _get(client, "their-call", other_key).status_code == 200


def test_missing_key_is_401(client: Client, org: Organisation) -> None:
    Call.objects.create(org=org, call_id="c-x")
    resp = _get(client, "c-x", None)
    assert resp.status_code == 401
    assert envelope_error(resp) == MSG_BAD_KEY


def test_nul_and_overlong_ids_are_404_not_500(client: Client, api_key: str) -> None:
    for ref in ["%00", "a%00b", "x" * 10_000, "%C2%B2", "1" * 30]:
        resp = _get(client, ref, api_key)
        assert resp.status_code == 404, (ref[:20], resp.content)
        envelope_error(resp)
