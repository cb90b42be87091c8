"""Webhook receivers on loopback follow ROP_WEBHOOK_ALLOW_LOOPBACK, never the audio allowance
(ROP_FETCH_ALLOW_LOOPBACK); IPv6 loopback receivers included. Real receivers on 127.0.0.1 / [::1]."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, DeliveryStatus, WebhookDelivery
from rop.delivery.worker import backoff, deliver_due
from rop.tenants.models import Organisation
from tests.support.httpsrv import LoopbackServer

pytestmark = pytest.mark.django_db


def _enqueue(org: Organisation, url: str) -> WebhookDelivery:
    return outbox.enqueue(org=org, kind=DeliveryKind.CHECKLIST, url=url, secret="", payload={"call_id": "c1"})


def test_loopback_receiver_is_refused_without_the_webhook_allowance_even_when_audio_may_use_loopback(
    org: Organisation, loopback: LoopbackServer, rop_config: Callable[..., None]
) -> None:
    rop_config(ROP_FETCH_ALLOW_LOOPBACK="1", ROP_WEBHOOK_ALLOW_LOOPBACK="0")
    d = _enqueue(org, loopback.static("/hook", b"ok", content_type="text/plain"))
    assert deliver_due("w1", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED
    assert "loopback" in d.last_error and "запрещён" in d.last_error
    assert loopback.hits == {}


def test_loopback_receiver_is_delivered_with_the_webhook_allowance_and_no_audio_allowance(
    org: Organisation, loopback: LoopbackServer, rop_config: Callable[..., None]
) -> None:
    rop_config(ROP_FETCH_ALLOW_LOOPBACK="0", ROP_WEBHOOK_ALLOW_LOOPBACK="1")
    d = _enqueue(org, loopback.static("/hook", b"ok", content_type="text/plain"))
    assert deliver_due("w1", 10) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED
    assert loopback.hits == {"/hook": 1}


def test_ipv6_loopback_receiver_follows_the_webhook_allowance(
    org: Organisation, loopback6: LoopbackServer, rop_config: Callable[..., None]
) -> None:
    url = loopback6.static("/hook6", b"ok", content_type="text/plain")
    assert url.startswith("http://[::1]:")
    rop_config(ROP_FETCH_ALLOW_LOOPBACK="1", ROP_WEBHOOK_ALLOW_LOOPBACK="0")
    refused = _enqueue(org, url)
    deliver_due("w1", 10)
    refused.refresh_from_db()
    assert refused.status == DeliveryStatus.FAILED and "::1" in refused.last_error
    rop_config(ROP_FETCH_ALLOW_LOOPBACK="0", ROP_WEBHOOK_ALLOW_LOOPBACK="1")
    allowed = _enqueue(org, url)
    deliver_due("w1", 10)
    allowed.refresh_from_db()
    assert allowed.status == DeliveryStatus.DELIVERED
    assert loopback6.hits == {"/hook6": 1}


def test_425_is_retried_like_429(org: Organisation, loopback: LoopbackServer) -> None:
    d = _enqueue(org, loopback.static("/early", b"too early", status=425, content_type="text/plain"))
    deliver_due("w1", 10)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING
    assert d.attempt_log.get().outcome == "retry"


def test_retry_delays_use_full_jitter(rop_config: Callable[..., None]) -> None:
    rop_config(ROP_WEBHOOK_RETRY_BASE_SECONDS="10", ROP_WEBHOOK_RETRY_MAX_SECONDS="3600")
    delays = [backoff(3, None) for _ in range(400)]
    assert all(0 <= d <= 40 for d in delays)
    assert min(delays) < 20  # below ceiling/2: full jitter, as documented
    assert backoff(1, 900.0) >= 900.0
