"""The UI's "send test webhook": one immediate, signed, recorded attempt; no retries."""

from __future__ import annotations

import json

import pytest

from rop.delivery.models import DeliveryStatus
from rop.delivery.services import send_test
from rop.net.http import InvalidUrl
from rop.tenants.models import Organisation
from tests.delivery.test_signing import _independent_verify
from tests.support.httpsrv import LoopbackServer

pytestmark = pytest.mark.django_db


def test_test_webhook_is_sent_signed_and_recorded(org: Organisation, loopback: LoopbackServer) -> None:
    url = loopback.static("/hook", b"accepted", content_type="text/plain")
    delivery, outcome = send_test(org, url, secret="abc")
    assert outcome.outcome == "delivered" and delivery.status == DeliveryStatus.DELIVERED
    [req] = loopback.requests
    assert json.loads(req.body)["test"] is True
    assert _independent_verify("abc", req.headers, req.body)
    assert delivery.attempt_log.get().response_excerpt == "accepted"


def test_test_webhook_to_failing_endpoint_reports_failure_without_retry(
    org: Organisation, loopback: LoopbackServer
) -> None:
    url = loopback.static("/down", b"down", status=503, content_type="text/plain")
    delivery, outcome = send_test(org, url)
    assert outcome.outcome == "failed" and outcome.status_code == 503
    assert delivery.status == DeliveryStatus.FAILED


def test_invalid_url_is_rejected(org: Organisation) -> None:
    with pytest.raises(InvalidUrl):
        send_test(org, "ftp://example")


def test_test_webhook_of_a_configured_table_uses_its_url_and_secret(
    org: Organisation, loopback: LoopbackServer
) -> None:
    from tests.analysis.factories import make_table

    table = make_table(org, webhook_url=loopback.static("/t", b"ok"), secret="tbl-secret")
    from rop.delivery.services import send_test_for

    _, outcome = send_test_for(table)
    assert outcome.outcome == "delivered"
    [req] = loopback.requests
    body = json.loads(req.body)
    assert body["table_id"] == table.table_id and "extracted_data" in body
    assert _independent_verify("tbl-secret", req.headers, req.body)
