"""Per-endpoint concurrency (ROP_WEBHOOK_CONCURRENCY, default 2 in flight per host) holds
across independent claimants: several threads with their own database connections, each
acting like a separate worker process."""

from __future__ import annotations

import threading
import time

import pytest

from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, DeliveryStatus, WebhookDelivery
from rop.delivery.worker import deliver_due
from rop.tenants.models import Organisation
from tests.support.httpsrv import LoopbackServer, RequestCtx

pytestmark = pytest.mark.django_db(transaction=True)


def test_at_most_two_in_flight_per_host_across_workers(org: Organisation, loopback: LoopbackServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    pause = threading.Event()

    def slow(ctx: RequestCtx) -> None:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        pause.wait(0.4)  # a slow receiver keeps requests in flight
        with lock:
            state["now"] -= 1
        ctx.send(200, b"ok")

    url = loopback.route("/slow", slow)
    for i in range(6):
        outbox.enqueue(org=org, kind=DeliveryKind.TABLE, url=url, secret="", payload={"n": i})
    other = loopback.static("/other-host-path", b"ok")  # same host:port, so it shares the limit
    outbox.enqueue(org=org, kind=DeliveryKind.TABLE, url=other, secret="", payload={"n": 99})

    def worker(name: str) -> None:
        from django.db import connection

        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                if not WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).exists():
                    return
                if deliver_due(name, 5) == 0:
                    pause.wait(0.05)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 7
    assert state["max"] == 2
