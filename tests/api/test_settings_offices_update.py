"""POST /api/v1/settings/offices-update: upsert by office_id, never delete, placeholder managers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from django.test import Client

from rop.org.models import Manager, Office, OfficeMembership
from rop.tenants.models import Organisation
from tests.api import seeddoc
from tests.api.conftest import MSG_BAD_KEY, envelope_error

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

URL = "/api/v1/settings/offices-update"


def _post(client: Client, key: str | None, body: object) -> Response:
    return client.post(URL + (f"?apiKey={key}" if key else ""), body, content_type="application/json")


def _members(org: Organisation, office_id: str, role: str) -> set[str]:
    return set(OfficeMembership.objects.filter(office__org=org, office__office_id=office_id, role=role)
               .values_list("manager__manager_id", flat=True))


def test_documented_example_creates_offices_with_leaders_and_managers(
    client: Client, api_key: str, org: Organisation
) -> None:
    example = seeddoc.offices_example()
    resp = _post(client, api_key, example)
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["error"] is False and body["data"] == {"offices": 2, "created": 2, "updated": 0}
    assert body["message"] == "Структура офисов обновлена"
    for office in example["offices"]:
        stored = Office.objects.get(org=org, office_id=office["office_id"])
        assert stored.title == office["office_title"]
        assert _members(org, office["office_id"], "leader") == set(office["leader_ids"])
        assert _members(org, office["office_id"], "manager") == set(office["managers_ids"])


def test_managers_first_seen_in_an_office_are_placeholders(
    client: Client, api_key: str, org: Organisation
) -> None:
    assert _post(client, api_key, seeddoc.offices_example()).status_code == 200
    manager = Manager.objects.get(org=org, manager_id="manager_789")
    assert manager.is_placeholder and manager.name == ""
    assert Manager.objects.filter(org=org, manager_id="leader_123", is_placeholder=True).exists()


def test_update_upserts_and_never_deletes_omitted_offices(
    client: Client, api_key: str, org: Organisation
) -> None:
    assert _post(client, api_key, seeddoc.offices_example()).status_code == 200
    change = {"offices": [{"office_title": "Центр (новое имя)", "office_id": "office_001",
                           "leader_ids": ["leader_123"], "managers_ids": ["manager_789", "manager_new"]}]}
    resp = _post(client, api_key, change)
    assert resp.json()["data"] == {"offices": 1, "created": 0, "updated": 1}
    assert Office.objects.get(org=org, office_id="office_001").title == "Центр (новое имя)"
    # The office's lists are set to what was given...
    assert _members(org, "office_001", "leader") == {"leader_123"}
    assert _members(org, "office_001", "manager") == {"manager_789", "manager_new"}
    # ...and nothing the payload omitted is deleted.
    assert Office.objects.filter(org=org, office_id="office_002").exists()
    assert _members(org, "office_002", "manager") == {"manager_111", "manager_222"}
    assert Manager.objects.filter(org=org, manager_id="leader_456").exists()


def test_offices_as_a_form_field_holding_json_are_accepted(
    client: Client, api_key: str, org: Organisation
) -> None:
    body = urlencode({"offices": json.dumps(seeddoc.offices_example()["offices"])})
    resp = client.post(f"{URL}?apiKey={api_key}", body, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 200, resp.content
    assert Office.objects.filter(org=org).count() == 2


@pytest.mark.parametrize("body,needle", [
    ({}, "offices"),
    ({"offices": "nope"}, "offices"),
    ({"offices": {"office_id": "x"}}, "offices"),
    ({"offices": ["x"]}, "offices[0]"),
    ({"offices": [{"office_title": "Без id"}]}, "offices[0].office_id"),
    ({"offices": [{"office_id": {"a": 1}}]}, "offices[0].office_id"),
    ({"offices": [{"office_id": "o", "leader_ids": "l1"}]}, "offices[0].leader_ids"),
    ({"offices": [{"office_id": "o", "managers_ids": [None]}]}, "offices[0].managers_ids[0]"),
    ({"offices": [{"office_id": "o" * 10_000}]}, "offices[0].office_id"),
])
def test_invalid_payload_is_400_naming_the_field_and_changes_nothing(
    client: Client, api_key: str, org: Organisation, body: object, needle: str
) -> None:
    resp = _post(client, api_key, body)
    assert resp.status_code == 400
    assert needle in envelope_error(resp)
    assert not Office.objects.filter(org=org).exists()


def test_missing_key_is_401(client: Client, db: None) -> None:
    resp = _post(client, None, seeddoc.offices_example())
    assert resp.status_code == 401 and envelope_error(resp) == MSG_BAD_KEY
    assert not Office.objects.exists()
