"""Prometheus collector: the pipeline's state computed from the database at scrape time."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeHistogramMetricFamily,
    GaugeMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from rop.calls.models import Call, CallEvent, CallStatus
from rop.pipeline.stages import ORDER

DURATION_WINDOW = timedelta(hours=1)
DURATION_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 1800.0, 3600.0)
MAX_EVENTS = 20000

# Failure reasons are free Russian text (URLs, numbers): reduced to a few stable classes.
_REASONS: tuple[tuple[str, str], ...] = (
    ("not_found", r"не найден"),
    ("forbidden", r"запрещ|доступ"),
    ("too_large", r"больше|превыша|слишком"),
    ("not_audio", r"не аудио|не является аудио|формат"),
    ("timeout", r"не завершился|тайм|timeout|не ответ"),
    ("unreachable", r"недоступ|не удалось"),
    ("internal", r"внутренн|прерывал|непредвиденн"),
)


def reason_class(reason: str) -> str:
    low = reason.lower()
    for name, pattern in _REASONS:
        if re.search(pattern, low):
            return name
    return "other"


def _calls() -> Metric:
    g = GaugeMetricFamily("rop_calls", "Calls by current stage and status", labels=["stage", "status"])
    rows = Call.objects.values("stage", "status").annotate(n=Count("id")).order_by()
    for row in rows:
        g.add_metric([row["stage"], row["status"]], row["n"])
    return g


def _oldest_due() -> Metric:
    now = timezone.now()
    g = GaugeMetricFamily("rop_queue_oldest_due_age_seconds",
                          "Age of the oldest call waiting for a worker (0: none due)", labels=["stage"])
    rows = (
        Call.objects.filter(next_attempt_at__lte=now, stage__in=ORDER)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .exclude(status=CallStatus.FAILED)
        .values("stage").annotate(oldest=Min("next_attempt_at")).order_by()
    )
    found = {row["stage"]: (now - row["oldest"]).total_seconds() for row in rows}
    for stage in ORDER:
        g.add_metric([stage], max(0.0, found.get(stage, 0.0)))
    return g


def _retries_failures() -> Iterator[Metric]:
    retries = CounterMetricFamily("rop_stage_retries", "Stage retries recorded (all time)", labels=["stage"])
    for row in CallEvent.objects.filter(kind="retry").values("stage").annotate(n=Count("id")).order_by():
        retries.add_metric([row["stage"]], row["n"])
    yield retries
    failures = CounterMetricFamily("rop_call_failures", "Failed calls by stage and reason class",
                                   labels=["stage", "reason"])
    counts: Counter[tuple[str, str]] = Counter()
    rows = (Call.objects.filter(status=CallStatus.FAILED).values("failed_stage", "failure_reason")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        counts[(row["failed_stage"], reason_class(row["failure_reason"]))] += row["n"]
    for (stage, reason), n in sorted(counts.items()):
        failures.add_metric([stage, reason], n)
    yield failures


def _durations() -> Metric:
    """Stage durations (claim -> finished) of the stages finished in the last hour."""
    since = timezone.now() - DURATION_WINDOW
    events = (
        CallEvent.objects.filter(at__gte=since - timedelta(hours=2), kind__in=("started", "finished"),
                                 stage__in=ORDER)
        .order_by("-id").values_list("call_id", "stage", "kind", "at")[:MAX_EVENTS]
    )
    started: dict[tuple[int, str], object] = {}
    samples: dict[str, list[float]] = {s: [] for s in ORDER}
    for call_id, stage, kind, at in reversed(list(events)):
        if kind == "started":
            started[(call_id, stage)] = at
        elif (call_id, stage) in started and at >= since:
            samples[stage].append((at - started.pop((call_id, stage))).total_seconds())  # type: ignore[operator]
    h = GaugeHistogramMetricFamily("rop_stage_duration_seconds",
                                   "Durations of the stages finished in the last hour", labels=["stage"])
    for stage, values in samples.items():
        buckets = [(str(b), sum(1 for v in values if v <= b)) for b in DURATION_BUCKETS]
        buckets.append(("+Inf", len(values)))
        h.add_metric([stage], buckets, gsum_value=sum(values))
    return h


def _webhooks() -> Iterator[Metric]:
    from rop.delivery.models import DeliveryStatus, WebhookDelivery

    pending = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
    backlog = GaugeMetricFamily("rop_webhook_backlog", "Webhook deliveries not yet delivered")
    backlog.add_metric([], pending.count())
    yield backlog
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    age = GaugeMetricFamily("rop_webhook_oldest_pending_age_seconds", "Age of the oldest undelivered webhook")
    age.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
    yield age


class PipelineCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        yield _calls()
        yield _oldest_due()
        yield from _retries_failures()
        yield _durations()
        yield from _webhooks()
