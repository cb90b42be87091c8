"""Resend and test-webhook from the UI, through rop.delivery.services."""

from __future__ import annotations

from typing import Any

from rop.analysis.models import AnalyticTable, Checklist
from rop.delivery import services as ds
from rop.delivery.models import WebhookDelivery
from rop.net import http


class Unavailable(RuntimeError):
    """The action cannot be done now; the message (Russian) says why."""


def resend(delivery: WebhookDelivery) -> WebhookDelivery:
    try:
        return ds.resend(delivery)
    except ds.DeliveryBusy as exc:
        raise Unavailable(str(exc)) from None


def send_test(target: Checklist | AnalyticTable) -> WebhookDelivery:
    """Send a sample payload to the checklist's or table's webhook now; the attempt is recorded."""
    payload: dict[str, Any]
    if isinstance(target, AnalyticTable):
        payload = ds.sample_table_payload(target.table_id, target.name)
    else:
        payload = ds.sample_checklist_payload()
        payload["checklist_name"] = target.name
    try:
        delivery, _ = ds.send_test(target.org, target.webhook_url, target.webhook_secret, payload)
    except http.InvalidUrl as exc:
        raise Unavailable(exc.message) from None
    return delivery


def available() -> dict[str, bool]:
    return {"resend": True, "test": True}
