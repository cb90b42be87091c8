"""/healthz and /metrics views."""

from __future__ import annotations

import hmac
import ipaddress

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry

from rop import config
from rop.metrics.collect import PipelineCollector
from rop.store import StoreError, get_store

_registry = CollectorRegistry(auto_describe=False)
_registry.register(PipelineCollector())


def _database_ok() -> str:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "unreachable" here
        return f"Ошибка базы данных ({type(exc).__name__})"
    return "ok"


def _store_ok() -> str:
    try:
        get_store().check()
    except StoreError as exc:
        return exc.message
    except Exception as exc:  # noqa: BLE001
        return f"Ошибка хранилища аудио ({type(exc).__name__})"
    return "ok"


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database and the audio store answer; 503 (with the reason) otherwise."""
    checks = {"database": _database_ok(), "store": _store_ok()}
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", **checks}, status=200 if ok else 503)


def _allowed(request: HttpRequest) -> bool:
    """With ROP_METRICS_TOKEN: only ``Authorization: Bearer TOKEN``. Without: only direct
    requests from loopback (not through a proxy), e.g. a Prometheus on the same host."""
    token = config.get().metrics_token
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), token.encode())
    if "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("Доступ к метрикам запрещён", status=403,
                            content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(_registry), content_type=CONTENT_TYPE_LATEST)
