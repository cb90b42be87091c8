"""GET /api/v1/tables/call-ready with configured tables: ready, not ready (each status),
failed with its reason, unknown table/call, another tenant's table or call."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from rop.analysis import stage
from rop.calls.models import CallStatus
from rop.tenants.models import Organisation
from rop.tenants.services import create_key, get_or_create_org
from tests.analysis.factories import ScriptedEvaluator, make_call, make_table, utterances

pytestmark = pytest.mark.django_db
URL = "/api/v1/tables/call-ready"


def _get(client: Client, key: str, tab: str, call: str) -> tuple[int, dict[str, Any]]:
    resp = client.get(URL, {"tab": tab, "call": call, "apiKey": key})
    return resp.status_code, resp.json()


def test_ready_returns_the_extracted_data(client: Client, org: Organisation, api_key: str) -> None:
    table = make_table(org)
    call = make_call(org, call_id="8")
    stage.analyse(call, utterances(), evaluator=ScriptedEvaluator(values={"object_type": "квартира"}))
    status, body = _get(client, api_key, table.table_id, "8")
    assert status == 200
    assert body["ready"] is True
    assert body["data"] == {"object_type": "квартира", "client_name": None}
    # the internal numeric id works too
    assert _get(client, api_key, table.table_id, str(call.pk))[1]["data"] == body["data"]


@pytest.mark.parametrize("status", ["queued", "downloading", "transcribing", "analyzing"])
def test_not_ready_reports_the_status(client: Client, org: Organisation, api_key: str, status: str) -> None:
    table = make_table(org)
    make_call(org, call_id="c1", status=status)
    code, body = _get(client, api_key, table.table_id, "c1")
    assert code == 200
    assert body["ready"] is False and body["data"] == {} and body["status"] == status
    assert body["message"]


def test_failed_call_reports_the_reason(client: Client, org: Organisation, api_key: str) -> None:
    table = make_table(org)
    make_call(org, call_id="c1", status=CallStatus.FAILED, failure_reason="Файл не является аудио")
    code, body = _get(client, api_key, table.table_id, "c1")
    assert code == 200
    assert (body["ready"], body["data"], body["status"]) == (False, {}, "failed")
    assert body["failure_reason"] == "Файл не является аудио"
    assert "Файл не является аудио" in body["message"]


def test_unknown_table_and_unknown_call_are_404_in_the_envelope(
    client: Client, org: Organisation, api_key: str
) -> None:
    table = make_table(org)
    make_call(org, call_id="c1")
    code, body = _get(client, api_key, "TBL_0000000000", "c1")
    assert code == 404 and body == {"data": False, "error": True, "message": "Таблица не найдена"}
    code, body = _get(client, api_key, table.table_id, "no-such-call")
    assert code == 404 and body == {"data": False, "error": True, "message": "Звонок не найден"}


def test_another_tenants_table_or_call_is_404(client: Client, org: Organisation, api_key: str) -> None:
    other = get_or_create_org("Чужая организация")[0]
    other_key = create_key(other)[1]
    their_table = make_table(other)
    their_call = make_call(other, call_id="theirs")
    stage.analyse(their_call, utterances(), evaluator=ScriptedEvaluator(values={"client_name": "Иван"}))
    my_table = make_table(org, id="TBL_1000000001")
    make_call(org, call_id="mine")
    assert _get(client, api_key, their_table.table_id, "mine")[0] == 404
    assert _get(client, api_key, my_table.table_id, "theirs")[0] == 404
    assert _get(client, api_key, my_table.table_id, str(their_call.pk))[0] == 404
    assert _get(client, other_key, their_table.table_id, "theirs")[1]["ready"] is True


def test_call_detail_includes_checklist_results_and_tables(
    client: Client, org: Organisation, api_key: str
) -> None:
    from tests.analysis.factories import make_checklist

    make_checklist(org)
    table = make_table(org)
    call = make_call(org, call_id="c_detail")
    stage.analyse(call, utterances(), evaluator=ScriptedEvaluator(values={"object_type": "дом"}))
    resp = client.get(f"/api/v1/calls/c_detail?apiKey={api_key}")
    assert resp.status_code == 200
    data = resp.json()["data"]
    [cl] = data["checklist_results"]
    assert cl["checklist_name"] == "Чек-лист (тест 001)"
    assert {"total_score", "max_score", "completion_percentage", "stages", "timestamp"} <= cl.keys()
    [tb] = data["tables"]
    assert tb["table_id"] == table.table_id and tb["extracted_data"]["object_type"] == "дом"
