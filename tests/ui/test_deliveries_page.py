"""The webhook deliveries page names every attempt outcome in Russian."""

from __future__ import annotations

from django.test import Client

from rop.delivery.models import ATTEMPT_OUTCOME_LABELS, DeliveryKind, WebhookAttempt, WebhookDelivery
from tests.ui.factories import Tenant


def test_attempt_outcomes_are_shown_in_russian(client: Client, tenant: Tenant) -> None:
    delivery = WebhookDelivery.objects.create(
        org=tenant.org, kind=DeliveryKind.values[0], url="http://127.0.0.1:9/hook", host="127.0.0.1:9",
        webhook_id="wh-outcomes", body="{}")
    for number, outcome in enumerate(ATTEMPT_OUTCOME_LABELS, start=1):
        WebhookAttempt.objects.create(delivery=delivery, number=number, outcome=outcome)
    client.force_login(tenant.users["admin"])
    html = client.get("/settings/webhooks/").content.decode()
    for outcome, label in ATTEMPT_OUTCOME_LABELS.items():
        assert f"· {label} ·" in html
        assert f"· {outcome} ·" not in html
