"""`rop webhooks resend ID`: a failed delivery is queued again with the same webhook-id."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, DeliveryStatus
from rop.delivery.worker import deliver_due
from rop.tenants.models import Organisation
from tests.support.httpsrv import LoopbackServer, RequestCtx

pytestmark = pytest.mark.django_db


def test_resend_after_permanent_failure_delivers_with_the_same_id(
    org: Organisation, loopback: LoopbackServer
) -> None:
    def gone_then_ok(ctx: RequestCtx) -> None:
        ctx.send(410 if ctx.hits == 1 else 200, b"")

    d = outbox.enqueue(
        org=org,
        kind=DeliveryKind.CHECKLIST,
        url=loopback.route("/h", gone_then_ok),
        secret="",
        payload={"call_id": "c"},
    )
    deliver_due("w", 5)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED
    out = StringIO()
    call_command("webhooks", "resend", str(d.pk), stdout=out)
    assert d.webhook_id in out.getvalue()
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING
    assert deliver_due("w", 5) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DELIVERED and d.attempts == 2
    assert [r.headers["webhook-id"] for r in loopback.requests] == [d.webhook_id, d.webhook_id]


def test_resend_by_webhook_id_and_unknown_id(org: Organisation) -> None:
    d = outbox.enqueue(org=org, kind=DeliveryKind.TABLE, url="http://127.0.0.1:9/x", secret="", payload={})
    call_command("webhooks", "resend", d.webhook_id, stdout=StringIO())
    with pytest.raises(CommandError, match="не найдена"):
        call_command("webhooks", "resend", "msg_nope", stdout=StringIO())


def test_list_shows_deliveries(org: Organisation) -> None:
    d = outbox.enqueue(org=org, kind=DeliveryKind.TABLE, url="http://127.0.0.1:9/x", secret="", payload={})
    out = StringIO()
    call_command("webhooks", "list", "--org", org.name, stdout=out)
    assert d.webhook_id in out.getvalue()
