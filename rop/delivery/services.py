"""Delivery actions for the UI and CLI: resend by hand, send a test webhook."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from rop.delivery import outbox
from rop.delivery.models import DeliveryKind, DeliveryStatus, WebhookDelivery
from rop.delivery.worker import Outcome, record, send
from rop.net import http
from rop.tenants.models import Organisation


class DeliveryBusy(Exception):
    """The delivery is being sent right now (leased by a worker)."""


def resend(delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue the delivery again now, with the same webhook-id and body (a new 24 h window)."""
    now = timezone.now()
    with transaction.atomic():
        n = (
            WebhookDelivery.objects.filter(pk=delivery.pk)
            .exclude(lease_expires_at__gt=now)
            .update(status=DeliveryStatus.PENDING, next_attempt_at=now, first_attempt_at=None, last_error="",
                    lease_owner="", lease_expires_at=None, delivered_at=None)
        )
    if n != 1:
        raise DeliveryBusy("Вебхук сейчас отправляется, попробуйте позже")
    delivery.refresh_from_db()
    return delivery


def sample_checklist_payload() -> dict[str, Any]:
    return {
        "call_id": "test_call",
        "manager_id": "test_manager",
        "checklist_name": "Тестовый вебхук",
        "total_score": 1,
        "max_score": 1,
        "completion_percentage": 100,
        "stages": [{"stage_id": "URC_S_TEST", "stage_name": "Тестовый этап", "score": 1, "percentage": 100,
                    "status": "completed", "comment": "Проверка настройки вебхука", "quote": ""}],
        "timestamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "test": True,
    }


def sample_table_payload(table_id: str = "TBL_TEST", table_name: str = "Тестовый вебхук") -> dict[str, Any]:
    return {
        "call_id": "test_call",
        "table_id": table_id,
        "table_name": table_name,
        "extracted_data": {"field": "значение"},
        "processing_time": "00:00:00",
        "timestamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "test": True,
    }


def send_test(org: Organisation, url: str, secret: str = "", payload: dict[str, Any] | None = None
              ) -> tuple[WebhookDelivery, Outcome]:
    """Send one test webhook now (no retries); the attempt is recorded like any other."""
    http.validate_url(url)  # InvalidUrl (Russian message) for the form
    worker_id = "test-send"
    # Created already leased: no delivery worker picks it up meanwhile.
    delivery = outbox.enqueue(org=org, kind=DeliveryKind.TEST, url=url, secret=secret,
                              payload=payload or sample_checklist_payload(), lease_owner=worker_id,
                              lease_expires_at=timezone.now() + timedelta(minutes=5))
    result = send(delivery)
    final = result if result.outcome != "retry" else Outcome("failed", result.status_code, result.latency_ms,
                                                             result.excerpt, result.error)
    record(delivery, worker_id, final)
    delivery.refresh_from_db()
    return delivery, final


def send_test_for(obj: Any) -> tuple[WebhookDelivery, Outcome]:
    """Test the webhook configured on a Checklist or an AnalyticTable (a table has a table_id)."""
    if not obj.webhook_url:
        raise http.InvalidUrl("Не указан URL вебхука")
    if getattr(obj, "table_id", None):
        payload = sample_table_payload(obj.table_id, obj.name)
    else:
        payload = {**sample_checklist_payload(), "checklist_name": obj.name}
    return send_test(obj.org, obj.webhook_url, obj.webhook_secret, payload)
