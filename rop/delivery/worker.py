"""Webhook delivery: claim due outbox rows under a lease, POST them, record every attempt.

At-least-once: a row is marked delivered only after a 2xx; a worker that dies mid-send
leaves a lease that expires, and another worker sends the row again (same webhook-id).

Claiming is one short transaction, serialised across processes (PostgreSQL: a transaction
advisory lock; SQLite: IMMEDIATE transactions already serialise writers), which counts the
rows in flight per endpoint host (unexpired leases) and takes due rows only while the host
has fewer than ROP_WEBHOOK_CONCURRENCY in flight. So the per-host limit holds across all
worker processes.

Outcomes: 2xx delivered; what rop.net.transport calls transient (network errors, 408, 425,
429, 5xx) retried with exponential backoff and full jitter (base ROP_WEBHOOK_RETRY_BASE_SECONDS,
cap ROP_WEBHOOK_RETRY_MAX_SECONDS, never sooner than Retry-After) until
ROP_WEBHOOK_RETRY_WINDOW_SECONDS (24 h) after the first attempt; any other status (other
4xx, 3xx) or a forbidden/invalid URL is a permanent failure shown in the UI. Receivers on
loopback or private addresses need ROP_WEBHOOK_ALLOW_LOOPBACK / ROP_WEBHOOK_ALLOW_PRIVATE.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from rop import config
from rop.delivery import signing
from rop.delivery.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from rop.net import http, transport

log = logging.getLogger(__name__)

EXCERPT_BYTES = 1024
# Attempt outcomes besides delivered / retry / failed: logged before the POST, and found so on takeover.
STARTED = "started"
INTERRUPTED = "interrupted"
INTERRUPTED_TEXT = "Попытка прервана: обработчик остановлен до получения ответа"
_CLAIM_LOCK = 0x524F505748  # "ROPWH": advisory lock id for claims on PostgreSQL


@dataclass(frozen=True)
class Outcome:
    outcome: str  # delivered | retry | failed
    status_code: int | None
    latency_ms: int
    excerpt: str
    error: str
    retry_after: float | None = None


def _lease_seconds() -> float:
    cfg = config.get()
    return cfg.webhook_connect_timeout + cfg.webhook_read_timeout + 10.0


def claim(worker_id: str, limit: int) -> list[int]:
    """Lease up to ``limit`` due rows, respecting the per-host in-flight limit."""
    cfg = config.get()
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CLAIM_LOCK])
        in_flight = {
            row["host"]: row["n"]
            for row in WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, lease_expires_at__gt=now)
            .values("host")
            .annotate(n=Count("id"))
        }
        candidates = (
            WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))
            .order_by("next_attempt_at", "id")
            .values("id", "host")[: max(1, limit) * 20]
        )
        picked: list[int] = []
        for row in candidates:
            if len(picked) >= limit:
                break
            if in_flight.get(row["host"], 0) >= cfg.webhook_concurrency:
                continue
            in_flight[row["host"]] = in_flight.get(row["host"], 0) + 1
            picked.append(row["id"])
        if picked:
            WebhookDelivery.objects.filter(pk__in=picked).update(
                lease_owner=worker_id, lease_expires_at=now + timedelta(seconds=_lease_seconds())
            )
    return picked


def send(delivery: WebhookDelivery) -> Outcome:
    """One POST of the stored body with Standard Webhooks headers."""
    cfg = config.get()
    body = delivery.body.encode("utf-8")
    headers = signing.headers(delivery.webhook_id, int(time.time()), body, delivery.secret)
    started = time.perf_counter()

    def ms() -> int:
        return int((time.perf_counter() - started) * 1000)

    try:
        with http.open_url(delivery.url, method="POST", headers=headers, body=body,
                           connect_timeout=cfg.webhook_connect_timeout, read_timeout=cfg.webhook_read_timeout,
                           max_redirects=0, policy=http.Policy.webhooks()) as resp:
            status = resp.status
            try:
                head = resp.read_head(EXCERPT_BYTES)
            except http.HttpError:
                head = b""
            excerpt = head.decode("utf-8", "replace")
            retry_after = resp.header("retry-after")
    except http.HttpError as exc:
        return Outcome("retry" if exc.transient else "failed", exc.status, ms(), "", exc.message)
    if 200 <= status < 300:
        return Outcome("delivered", status, ms(), excerpt, "")
    error = transport.status_error(status, f"Получатель ответил {status}", retry_after=retry_after)
    if error.transient:
        return Outcome("retry", status, ms(), excerpt, error.message, error.retry_after)
    return Outcome("failed", status, ms(), excerpt, f"{error.message}: доставка прекращена")


def backoff(attempt: int, retry_after: float | None) -> float:
    """Delay before the next attempt: rop.net.transport's full-jitter backoff, never before Retry-After."""
    cfg = config.get()
    return transport.backoff_seconds(attempt, base=cfg.webhook_retry_base_seconds,
                                     cap=cfg.webhook_retry_max_seconds, retry_after=retry_after)


def begin_attempt(delivery: WebhookDelivery, worker_id: str) -> WebhookAttempt | None:
    """Log the attempt as started before the POST (None when our lease was lost meanwhile).

    A worker killed mid-send leaves its attempt "started"; whoever takes the row over next
    marks it interrupted here, so the log shows every POST the receiver may have seen."""
    now = timezone.now()
    with transaction.atomic():
        n = WebhookDelivery.objects.filter(pk=delivery.pk, lease_owner=worker_id).update(
            attempts=F("attempts") + 1, first_attempt_at=Coalesce(F("first_attempt_at"), now)
        )
        if n != 1:
            return None
        WebhookAttempt.objects.filter(delivery_id=delivery.pk, outcome=STARTED).update(
            outcome=INTERRUPTED, error=INTERRUPTED_TEXT
        )
        delivery.refresh_from_db(fields=["attempts", "first_attempt_at"])
        return WebhookAttempt.objects.create(delivery_id=delivery.pk, number=delivery.attempts, at=now,
                                             outcome=STARTED, worker=worker_id[:100])


def _next_state(delivery: WebhookDelivery, number: int, result: Outcome, now: datetime
                ) -> tuple[str, datetime, str, str]:
    """(delivery status, next attempt time, attempt outcome, error) after this attempt."""
    cfg = config.get()
    first: datetime = delivery.first_attempt_at or now
    if result.outcome == "delivered":
        return DeliveryStatus.DELIVERED, now, result.outcome, result.error
    if result.outcome != "retry":
        return DeliveryStatus.FAILED, now, result.outcome, result.error
    delay = backoff(number, result.retry_after)
    elapsed = (now - first).total_seconds()
    if elapsed + delay > cfg.webhook_retry_window_seconds:
        error = f"{result.error}. Повторные попытки в течение {elapsed / 3600:.1f} ч не помогли".lstrip(". ")
        return DeliveryStatus.FAILED, now, "failed", error
    return DeliveryStatus.PENDING, now + timedelta(seconds=delay), result.outcome, result.error


def record(delivery: WebhookDelivery, worker_id: str, result: Outcome,
           attempt: WebhookAttempt | None = None) -> bool:
    """Store the attempt's result and the new state; False when our lease was lost meanwhile.

    With `attempt` (logged by begin_attempt) that row is completed, whatever happened to the
    lease: the POST was made. Without it (a test webhook) the attempt is counted and logged now."""
    now = timezone.now()
    number = attempt.number if attempt is not None else delivery.attempts + 1
    status, next_at, outcome, error = _next_state(delivery, number, result, now)
    completed = {"status_code": result.status_code, "latency_ms": result.latency_ms,
                 "response_excerpt": result.excerpt[:EXCERPT_BYTES], "error": error, "outcome": outcome}
    with transaction.atomic():
        extra = {} if attempt is not None else {"attempts": F("attempts") + 1,
                                                "first_attempt_at": Coalesce(F("first_attempt_at"), now)}
        n = WebhookDelivery.objects.filter(pk=delivery.pk, lease_owner=worker_id).update(
            status=status, next_attempt_at=next_at, lease_owner="", lease_expires_at=None,
            last_status_code=result.status_code, last_error=error,
            delivered_at=now if status == DeliveryStatus.DELIVERED else None, **extra,
        )
        if attempt is not None:
            WebhookAttempt.objects.filter(pk=attempt.pk).update(**completed)
        elif n == 1:
            WebhookAttempt.objects.create(delivery_id=delivery.pk, number=number, at=now,
                                          worker=worker_id[:100], **completed)
    return n == 1


def _deliver_one(pk: int, worker_id: str) -> bool:
    delivery = WebhookDelivery.objects.filter(pk=pk, lease_owner=worker_id).first()
    if delivery is None:
        return False
    attempt = begin_attempt(delivery, worker_id)
    if attempt is None:
        return False
    result = send(delivery)
    if not record(delivery, worker_id, result, attempt):
        log.warning("webhook %s: lease lost before the attempt was recorded", delivery.webhook_id)
        return False
    if result.outcome != "delivered":
        log.info("webhook %s -> %s: %s %s", delivery.webhook_id, delivery.host, result.outcome,
                 result.status_code or result.error)
    return True


def _deliver_in_thread(pk: int, worker_id: str) -> bool:
    try:
        return _deliver_one(pk, worker_id)
    except Exception:
        log.exception("webhook delivery %s failed unexpectedly; its lease will expire and it is retried", pk)
        return False
    finally:
        connection.close()  # this thread's own connection


def deliver_due(worker_id: str, limit: int) -> int:
    """Send up to ``limit`` due webhooks (in parallel threads); returns how many were attempted."""
    picked = claim(worker_id, limit)
    if not picked:
        return 0
    if len(picked) == 1:
        return int(_deliver_one(picked[0], worker_id))
    with ThreadPoolExecutor(max_workers=len(picked), thread_name_prefix="rop-webhook") as pool:
        results = list(pool.map(lambda pk: _deliver_in_thread(pk, worker_id), picked))
    return sum(1 for r in results if r)
