"""Webhook outbox: one row per (result, endpoint), every attempt recorded.

Rows are written in the same transaction as the analysis results, so a result is never
lost between "analysed" and "sent". Workers claim due rows with a lease (like calls).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rop.calls.models import Call
from rop.tenants.models import TenantOwned


class DeliveryKind(models.TextChoices):
    CHECKLIST = "checklist", "Чек-лист"
    TABLE = "table", "Таблица"
    TEST = "test", "Тестовый"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Ожидает отправки"
    DELIVERED = "delivered", "Доставлен"
    FAILED = "failed", "Ошибка доставки"  # permanent 4xx, or gave up after the retry window


# Attempt outcomes (written by rop.delivery.worker) as the UI names them.
ATTEMPT_OUTCOME_LABELS = {
    "started": "Отправляется",
    "delivered": "Доставлен",
    "retry": "Будет повтор",
    "failed": "Ошибка",
    "interrupted": "Прервана",
}


class WebhookDelivery(TenantOwned, related_name="webhook_deliveries"):
    kind = models.CharField(max_length=16, choices=DeliveryKind.choices)
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    checklist_result = models.ForeignKey(
        "analysis.ChecklistResult", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    table_result = models.ForeignKey(
        "analysis.TableResult", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    url = models.CharField(max_length=2048)
    host = models.CharField(max_length=300, db_index=True)  # host:port, the concurrency key
    secret = models.CharField(max_length=255, blank=True, default="")
    webhook_id = models.CharField(max_length=64, unique=True)  # stable across retries
    body = models.TextField()  # exact JSON bytes (UTF-8) sent on every attempt

    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.IntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_owner = models.CharField(max_length=100, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="whd_due_idx"),
            models.Index(fields=["host", "lease_expires_at"], name="whd_host_lease_idx"),
            models.Index(fields=["org", "-created_at"], name="whd_org_created_idx"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.webhook_id} -> {self.host}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.IntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.IntegerField(null=True, blank=True)
    latency_ms = models.IntegerField(default=0)
    response_excerpt = models.TextField(blank=True, default="")  # at most 1 KB
    error = models.TextField(blank=True, default="")
    outcome = models.CharField(max_length=16)  # started, delivered, retry, failed, interrupted
    worker = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.outcome}"

    @property
    def outcome_label(self) -> str:
        """The outcome in Russian, as the deliveries page shows it."""
        return ATTEMPT_OUTCOME_LABELS.get(self.outcome, self.outcome)
