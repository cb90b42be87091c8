"""rop.delivery.worker.deliver_due against real loopback receivers: 200, 500-then-200,
timing out, 410 (permanent), slow; Retry-After; attempts recorded; same webhook-id on retries."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, DeliveryStatus, WebhookDelivery
from rop.delivery.worker import deliver_due
from rop.tenants.models import Organisation
from tests.delivery.test_signing import _independent_verify
from tests.support.httpsrv import LoopbackServer, RequestCtx

pytestmark = pytest.mark.django_db
PAYLOAD = {"call_id": "c1", "checklist_name": "Чек-лист", "total_score": 1}


def _enqueue(org: Organisation, url: str, secret: str = "") -> WebhookDelivery:
    return outbox.enqueue(org=org, kind=DeliveryKind.CHECKLIST, url=url, secret=secret, payload=PAYLOAD)


def _make_due(d: WebhookDelivery) -> None:
    """Time passes: the scheduled retry becomes due."""
    WebhookDelivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now())


def test_200_is_delivered_signed_and_recorded(org: Organisation, loopback: LoopbackServer) -> None:
    url = loopback.static("/ok", b'{"ok":true}', content_type="application/json")
    d = _enqueue(org, url, secret="s3cr3t")
    assert deliver_due("w1", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED and d.attempts == 1 and d.delivered_at is not None
    [req] = loopback.requests
    assert json.loads(req.body) == PAYLOAD
    assert req.headers["webhook-id"] == d.webhook_id
    assert _independent_verify("s3cr3t", req.headers, req.body)
    [attempt] = d.attempt_log.all()
    assert (attempt.status_code, attempt.outcome) == (200, "delivered")
    assert attempt.response_excerpt == '{"ok":true}'
    assert deliver_due("w1", 10) == 0  # nothing left


def test_500_then_200_is_retried_with_the_same_id_and_body(
    org: Organisation, loopback: LoopbackServer
) -> None:
    def flaky(ctx: RequestCtx) -> None:
        ctx.send(500 if ctx.hits == 1 else 200, b"oops" if ctx.hits == 1 else b"ok")

    d = _enqueue(org, loopback.route("/flaky", flaky), secret="k")
    before = timezone.now()
    assert deliver_due("w1", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING and d.last_status_code == 500
    assert d.next_attempt_at > before  # backed off
    assert deliver_due("w1", 10) == 0  # not due yet
    _make_due(d)
    assert deliver_due("w2", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED and d.attempts == 2
    first, second = loopback.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == d.webhook_id
    assert first.body == second.body
    assert _independent_verify("k", second.headers, second.body)
    assert [(a.status_code, a.outcome) for a in d.attempt_log.all()] == [(500, "retry"), (200, "delivered")]


def test_receiver_timing_out_is_retried_with_the_error_recorded(
    org: Organisation, loopback: LoopbackServer, rop_config: Callable[..., None]
) -> None:
    rop_config(ROP_WEBHOOK_READ_TIMEOUT="0.5")
    release = threading.Event()

    def hang(ctx: RequestCtx) -> None:
        release.wait(10)  # never answers within the client's read timeout
        ctx.send(200, b"late")

    d = _enqueue(org, loopback.route("/hang", hang))
    try:
        assert deliver_due("w1", 10) == 1
    finally:
        release.set()
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING and d.attempts == 1
    [attempt] = d.attempt_log.all()
    assert attempt.outcome == "retry" and attempt.status_code is None
    assert "таймаут" in attempt.error
    assert attempt.latency_ms >= 400


def test_410_is_a_permanent_failure(org: Organisation, loopback: LoopbackServer) -> None:
    d = _enqueue(org, loopback.static("/gone", b"gone", status=410, content_type="text/plain"))
    assert deliver_due("w1", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED and d.last_status_code == 410
    assert "410" in d.last_error
    _make_due(d)
    assert deliver_due("w1", 10) == 0
    assert loopback.hits["/gone"] == 1


def test_slow_receiver_within_timeout_is_delivered_and_latency_measured(
    org: Organisation, loopback: LoopbackServer
) -> None:
    gate = threading.Event()

    def slow(ctx: RequestCtx) -> None:
        gate.wait(0.3)  # answers after 0.3 s
        ctx.send(200, b"ok")

    d = _enqueue(org, loopback.route("/slow", slow))
    assert deliver_due("w1", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED
    assert d.attempt_log.get().latency_ms >= 250


def test_429_retry_after_is_honoured(org: Organisation, loopback: LoopbackServer) -> None:
    url = loopback.static(
        "/busy", b"slow down", status=429, content_type="text/plain", headers={"Retry-After": "600"}
    )
    d = _enqueue(org, url)
    deliver_due("w1", 10)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING
    assert d.next_attempt_at >= timezone.now() + timedelta(seconds=590)


def test_gives_up_after_the_retry_window(org: Organisation, loopback: LoopbackServer) -> None:
    d = _enqueue(org, loopback.static("/down", b"", status=503, content_type="text/plain"))
    WebhookDelivery.objects.filter(pk=d.pk).update(first_attempt_at=timezone.now() - timedelta(hours=24))
    deliver_due("w1", 10)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED
    assert "не помогли" in d.last_error


def test_network_error_is_retried(org: Organisation) -> None:
    from tests.support.ropenv import free_port

    d = _enqueue(org, f"http://127.0.0.1:{free_port()}/nobody")
    deliver_due("w1", 10)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING and d.attempts == 1
    assert d.attempt_log.get().outcome == "retry"


def test_response_excerpt_is_at_most_1_kb(org: Organisation, loopback: LoopbackServer) -> None:
    d = _enqueue(org, loopback.static("/big", b"x" * 50_000, content_type="text/plain"))
    deliver_due("w1", 10)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED
    assert len(d.attempt_log.get().response_excerpt.encode()) <= 1024


def test_forbidden_address_is_a_permanent_failure(org: Organisation) -> None:
    d = _enqueue(org, "http://169.254.169.254/latest/meta-data")
    deliver_due("w1", 10)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED
    assert "запрещён" in d.last_error
