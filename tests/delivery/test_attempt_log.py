"""Every webhook POST is in the attempt log: the attempt is logged as started before the request and
completed after it, so a worker killed mid-send leaves a started attempt, which the worker taking the
row over shows as interrupted. (Before, a killed worker's POST left no trace: a receiver that got 7
POSTs next to a log showing 1.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, DeliveryStatus, WebhookAttempt, WebhookDelivery
from rop.delivery.worker import INTERRUPTED_TEXT, begin_attempt, claim, deliver_due, send
from rop.tenants.models import Organisation
from tests.support.httpsrv import LoopbackServer, RequestCtx

pytestmark = pytest.mark.django_db
PAYLOAD = {"call_id": "c1", "checklist_name": "Чек-лист", "total_score": 1}


def _log(d: WebhookDelivery) -> list[tuple[int, str]]:
    return list(WebhookAttempt.objects.filter(delivery=d).order_by("number").values_list("number", "outcome"))


def _lease_expires(d: WebhookDelivery) -> None:
    """The killed worker's lease runs out."""
    WebhookDelivery.objects.filter(pk=d.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db(transaction=True)  # the receiver's thread reads the log through its own connection
def test_attempt_is_logged_as_started_while_the_post_is_open(
    org: Organisation, loopback: LoopbackServer
) -> None:
    seen: list[list[tuple[int, str]]] = []
    holder: list[WebhookDelivery] = []

    def hook(ctx: RequestCtx) -> None:
        try:
            seen.append(_log(holder[0]))  # what the log says while the receiver holds the request
        finally:
            connection.close()  # this server thread's own connection
        ctx.send(200, b"ok")

    d = outbox.enqueue(org=org, kind=DeliveryKind.CHECKLIST, url=loopback.route("/hook", hook), secret="",
                       payload=PAYLOAD)
    holder.append(d)
    assert deliver_due("w1", 1) == 1
    assert seen == [[(1, "started")]]
    assert _log(d) == [(1, "delivered")]


def test_post_of_a_killed_worker_is_shown_interrupted_after_takeover(
    org: Organisation, loopback: LoopbackServer
) -> None:
    url = loopback.static("/hook", b"ok", content_type="text/plain")
    d = outbox.enqueue(org=org, kind=DeliveryKind.CHECKLIST, url=url, secret="", payload=PAYLOAD)
    for _ in range(3):  # three workers in a row die after their POST, before recording its answer
        assert claim("doomed", 1) == [d.pk]
        assert begin_attempt(WebhookDelivery.objects.get(pk=d.pk), "doomed") is not None
        send(WebhookDelivery.objects.get(pk=d.pk))
        _lease_expires(d)
    assert deliver_due("survivor", 1) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED and d.attempts == 4
    assert len(loopback.requests) == 4
    assert _log(d) == [(1, "interrupted"), (2, "interrupted"), (3, "interrupted"), (4, "delivered")]
    interrupted = WebhookAttempt.objects.filter(delivery=d, outcome="interrupted")
    assert {a.error for a in interrupted} == {INTERRUPTED_TEXT}
    assert {a.worker for a in interrupted} == {"doomed"}


def test_attempt_of_a_worker_that_lost_its_lease_is_still_completed(
    org: Organisation, loopback: LoopbackServer
) -> None:
    url = loopback.static("/hook", b"ok", content_type="text/plain")
    d = outbox.enqueue(org=org, kind=DeliveryKind.CHECKLIST, url=url, secret="", payload=PAYLOAD)
    assert claim("slow", 1) == [d.pk]
    attempt = begin_attempt(WebhookDelivery.objects.get(pk=d.pk), "slow")
    assert attempt is not None
    WebhookDelivery.objects.filter(pk=d.pk).update(lease_owner="other")  # taken over meanwhile
    from rop.delivery.worker import record

    result = send(WebhookDelivery.objects.get(pk=d.pk))
    assert record(WebhookDelivery.objects.get(pk=d.pk), "slow", result, attempt) is False
    assert _log(d) == [(1, "delivered")]  # the POST happened and got its answer: logged as such
