"""API keys on every endpoint: apiKey query, X-API-Key, Authorization: Bearer; revoked keys; hashing."""

from __future__ import annotations

import pytest
from django.test import Client

from rop.tenants.models import ApiKey, Organisation
from rop.tenants.services import create_key, hash_key, revoke_key
from tests.api import seeddoc
from tests.api.conftest import MSG_BAD_KEY, envelope_error


def _endpoints() -> list[tuple[str, str]]:
    return [*seeddoc.endpoints(), ("GET", "/calls/some-call")]


@pytest.mark.parametrize("method,path", seeddoc.params(_endpoints, width=2))
def test_every_endpoint_without_key_is_401_with_documented_body(
    client: Client, db: None, method: str, path: str
) -> None:
    resp = client.generic(method, f"/api/v1{path}", b"{}", content_type="application/json")
    assert resp.status_code == 401
    assert resp.json() == seeddoc.responses()[401]


@pytest.mark.parametrize("form", ["query", "x-api-key", "bearer"])
def test_key_is_accepted_in_each_form(client: Client, api_key: str, form: str) -> None:
    url = "/api/v1/calls/unknown"
    if form == "query":
        resp = client.get(url, {"apiKey": api_key})
    elif form == "x-api-key":
        resp = client.get(url, headers={"X-API-Key": api_key})
    else:
        resp = client.get(url, headers={"Authorization": f"Bearer {api_key}"})
    assert resp.status_code == 404  # authenticated: the call just does not exist
    assert envelope_error(resp) == "Звонок не найден"


@pytest.mark.parametrize("headers", [
    {"X-API-Key": "rop_wrong"},
    {"Authorization": "Bearer rop_wrong"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer"},
    {"X-API-Key": "x" * 5000},
])
def test_wrong_key_in_headers_is_401(client: Client, db: None, headers: dict[str, str]) -> None:
    resp = client.get("/api/v1/calls/unknown", headers=headers)
    assert resp.status_code == 401 and envelope_error(resp) == MSG_BAD_KEY


def test_revoked_key_is_401(client: Client, org: Organisation) -> None:
    key, raw = create_key(org)
    assert client.get("/api/v1/calls/x", {"apiKey": raw}).status_code == 404
    revoke_key(key)
    resp = client.get("/api/v1/calls/x", {"apiKey": raw})
    assert resp.status_code == 401 and envelope_error(resp) == MSG_BAD_KEY


def test_keys_are_stored_hashed_never_in_clear(org: Organisation) -> None:
    key, raw = create_key(org)
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hash_key(raw) and raw not in stored.key_hash
    assert not stored.prefix or (raw.startswith(stored.prefix) and len(stored.prefix) < len(raw) // 2)
