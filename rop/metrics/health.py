"""Health checks and the Prometheus exposition (no HTTP here: rop.api.ops serves them)."""

from __future__ import annotations

import hmac
import ipaddress

from django.db import connection
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import CollectorRegistry

from rop import config
from rop.metrics.collect import PipelineCollector
from rop.store import StoreError, get_store

_registry = CollectorRegistry(auto_describe=False)
_registry.register(PipelineCollector())


def _database() -> str:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "unreachable" here
        return f"Ошибка базы данных ({type(exc).__name__})"
    return "ok"


def _store() -> str:
    try:
        get_store().check()
    except StoreError as exc:
        return exc.message
    except Exception as exc:  # noqa: BLE001
        return f"Ошибка хранилища аудио ({type(exc).__name__})"
    return "ok"


def check() -> dict[str, str]:
    """{"status", "database", "store"}: "ok" each, or the Russian reason of the failing check."""
    checks = {"database": _database(), "store": _store()}
    ok = all(v == "ok" for v in checks.values())
    return {"status": "ok" if ok else "error", **checks}


def metrics_allowed(authorization: str, remote_addr: str, proxied: bool) -> bool:
    """With ROP_METRICS_TOKEN: only ``Authorization: Bearer TOKEN``. Without: only direct
    requests from loopback (not through a proxy), e.g. a Prometheus on the same host."""
    token = config.get().metrics_token
    if token:
        sent = authorization.removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), token.encode())
    if proxied:
        return False
    try:
        return ipaddress.ip_address(remote_addr).is_loopback
    except ValueError:
        return False


def exposition() -> tuple[bytes, str]:
    """The current metrics in Prometheus text format, and its content type."""
    return generate_latest(_registry), CONTENT_TYPE_LATEST
