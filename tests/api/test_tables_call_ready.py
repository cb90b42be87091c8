"""GET /api/v1/tables/call-ready?tab=&call=: key required (the rule wins over the example),
404 in the envelope for an unknown table or call, 400 for missing parameters. Results for
configured tables are tested with the analysis feature."""

from __future__ import annotations

import pytest
from django.test import Client

from rop.calls.models import Call
from rop.tenants.models import Organisation
from tests.api.conftest import MSG_BAD_KEY, envelope_error

URL = "/api/v1/tables/call-ready"


def test_documented_example_without_key_is_401(client: Client, org: Organisation) -> None:
    Call.objects.create(org=org, call_id="8")
    resp = client.get(URL, {"tab": "TBL_1755863365", "call": "8"})
    assert resp.status_code == 401
    assert envelope_error(resp) == MSG_BAD_KEY


def test_unknown_table_is_404_in_the_envelope(client: Client, api_key: str, org: Organisation) -> None:
    Call.objects.create(org=org, call_id="8")
    resp = client.get(URL, {"tab": "TBL_DOES_NOT_EXIST_1", "call": "8", "apiKey": api_key})
    assert resp.status_code == 404
    envelope_error(resp)


def test_unknown_call_is_404_in_the_envelope(client: Client, api_key: str) -> None:
    resp = client.get(URL, {"tab": "TBL_DOES_NOT_EXIST_2", "call": "no-such-call", "apiKey": api_key})
    assert resp.status_code == 404
    envelope_error(resp)


@pytest.mark.parametrize("params,needle", [({"call": "8"}, "tab"), ({"tab": "TBL_1"}, "call"), ({}, "tab")])
def test_missing_parameter_is_400_naming_it(
    client: Client, api_key: str, params: dict[str, str], needle: str
) -> None:
    resp = client.get(URL, {**params, "apiKey": api_key})
    assert resp.status_code == 400
    assert needle in envelope_error(resp)


@pytest.mark.parametrize(
    "params", [{"tab": "T\x00", "call": "8"}, {"tab": "T" * 10_000, "call": "c" * 10_000}]
)
def test_nul_or_overlong_parameters_never_give_5xx(
    client: Client, api_key: str, params: dict[str, str]
) -> None:
    resp = client.get(URL, {**params, "apiKey": api_key})
    assert resp.status_code in (400, 404)
    envelope_error(resp)
