"""Two organisations on one server never see or change each other's data."""

from __future__ import annotations

from django.test import Client

from rop.calls.models import Call
from rop.org.models import Manager, Office
from rop.tenants.services import create_key, get_or_create_org
from tests.api import seeddoc


def test_two_organisations_are_isolated(client: Client, db: None, audio_url: str) -> None:
    org_a, org_b = get_or_create_org("Альфа")[0], get_or_create_org("Бета")[0]
    key_a, key_b = create_key(org_a)[1], create_key(org_b)[1]
    body = {"call_id": "same-id", "manager_id": "manager_789", "audio_url": audio_url, "deal_id": "A"}

    def post(path: str, key: str, payload: object) -> int:
        return client.post(
            f"/api/v1{path}?apiKey={key}", payload, content_type="application/json"
        ).status_code

    # The same call_id is no duplicate across organisations.
    assert post("/calls", key_a, body) == 200
    assert post("/calls", key_b, {**body, "deal_id": "B"}) == 200
    assert Call.objects.get(org=org_a, call_id="same-id").deal_id == "A"
    assert Call.objects.get(org=org_b, call_id="same-id").deal_id == "B"
    assert client.get(f"/api/v1/calls/same-id?apiKey={key_a}").json()["data"]["deal_id"] == "A"
    assert client.get(f"/api/v1/calls/same-id?apiKey={key_b}").json()["data"]["deal_id"] == "B"
    # A's numeric id is not reachable with B's key.
    a_pk = Call.objects.get(org=org_a, call_id="same-id").pk
    assert client.get(f"/api/v1/calls/{a_pk}?apiKey={key_b}").status_code in (200, 404)
    resp = client.get(f"/api/v1/calls/{a_pk}?apiKey={key_b}")
    if resp.status_code == 200:
        assert resp.json()["data"]["deal_id"] == "B"  # only if it is B's own call with that number
    # Settings sync touches only the sender's organisation.
    assert post("/settings/offices-update", key_a, seeddoc.offices_example()) == 200
    assert post("/settings/managers-update", key_a, seeddoc.managers_example()) == 200
    assert Office.objects.filter(org=org_b).count() == 0
    named_b = Manager.objects.get(org=org_b, manager_id="manager_789")
    assert named_b.is_placeholder and named_b.name == ""
    assert Manager.objects.get(org=org_a, manager_id="manager_789").name == "Иван"
    # B's own update does not rename A's manager.
    assert (
        post(
            "/settings/managers-update", key_b, {"managers": [{"manager_id": "manager_789", "name": "Борис"}]}
        )
        == 200
    )
    assert Manager.objects.get(org=org_a, manager_id="manager_789").name == "Иван"
    assert Manager.objects.get(org=org_b, manager_id="manager_789").name == "Борис"
