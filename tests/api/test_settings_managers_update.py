"""POST /api/v1/settings/managers-update: upsert by manager_id, never delete, names placeholders."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client

from rop.org.models import Manager
from rop.tenants.models import Organisation
from tests.api import seeddoc
from tests.api.conftest import MSG_BAD_KEY, envelope_error

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

URL = "/api/v1/settings/managers-update"


def _post(client: Client, key: str | None, body: object) -> Response:
    return client.post(URL + (f"?apiKey={key}" if key else ""), body, content_type="application/json")


def test_documented_example_creates_named_managers(client: Client, api_key: str, org: Organisation) -> None:
    example = seeddoc.managers_example()
    resp = _post(client, api_key, example)
    assert resp.status_code == 200, resp.content
    assert resp.json() == {"data": {"managers": 2, "created": 2, "updated": 0}, "error": False,
                           "message": "Данные менеджеров обновлены"}
    for item in example["managers"]:
        m = Manager.objects.get(org=org, manager_id=item["manager_id"])
        assert (m.name, m.surname, m.middlename, m.is_placeholder) == (
            item["name"], item["surname"], item["middlename"], False)
    assert Manager.objects.get(org=org, manager_id="manager_789").full_name == "Иванов Иван Иванович"


def test_update_names_a_placeholder_created_by_a_call(
    client: Client, api_key: str, org: Organisation, audio_url: str
) -> None:
    call = {"call_id": "c1", "manager_id": "manager_012", "audio_url": audio_url}
    assert (
        client.post(f"/api/v1/calls?apiKey={api_key}", call, content_type="application/json").status_code
        == 200
    )
    assert Manager.objects.get(org=org, manager_id="manager_012").is_placeholder
    resp = _post(client, api_key, seeddoc.managers_example())
    assert resp.json()["data"] == {"managers": 2, "created": 1, "updated": 1}
    manager = Manager.objects.get(org=org, manager_id="manager_012")
    assert not manager.is_placeholder and manager.surname == "Петрова"
    assert manager.calls.filter(call_id="c1").exists()


def test_update_never_deletes_omitted_managers(client: Client, api_key: str, org: Organisation) -> None:
    assert _post(client, api_key, seeddoc.managers_example()).status_code == 200
    resp = _post(
        client, api_key, {"managers": [{"manager_id": "manager_789", "name": "Пётр", "surname": "Иванов"}]}
    )
    assert resp.status_code == 200
    assert Manager.objects.get(org=org, manager_id="manager_789").name == "Пётр"
    assert Manager.objects.filter(org=org, manager_id="manager_012", surname="Петрова").exists()


@pytest.mark.parametrize("body,needle", [
    ({}, "managers"),
    ({"managers": 5}, "managers"),
    ({"managers": [7]}, "managers[0]"),
    ({"managers": [{"name": "Без id"}]}, "managers[0].manager_id"),
    ({"managers": [{"manager_id": "m", "name": ["Иван"]}]}, "managers[0].name"),
    ({"managers": [{"manager_id": "m", "surname": "Я" * 10_000}]}, "managers[0].surname"),
])
def test_invalid_payload_is_400_naming_the_field_and_changes_nothing(
    client: Client, api_key: str, org: Organisation, body: object, needle: str
) -> None:
    resp = _post(client, api_key, body)
    assert resp.status_code == 400
    assert needle in envelope_error(resp)
    assert not Manager.objects.filter(org=org).exists()


def test_wrong_key_is_401(client: Client, db: None) -> None:
    resp = _post(client, "not-a-key", seeddoc.managers_example())
    assert resp.status_code == 401 and envelope_error(resp) == MSG_BAD_KEY
    assert not Manager.objects.exists()
