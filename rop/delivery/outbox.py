"""Writing outbox rows (call inside the transaction that stores the result).

rop.analysis enqueues its results here with payloads built by rop.delivery.payloads;
delivery never imports analysis.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlsplit

from rop.delivery.models import WebhookDelivery


def host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"[:300]


def new_webhook_id() -> str:
    return "msg_" + uuid.uuid4().hex


def encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def enqueue(*, org: Any, kind: str, url: str, secret: str, payload: dict[str, Any], **links: Any) -> WebhookDelivery:
    """One outbox row with a new webhook id. ``links``: what the row reports (call=,
    checklist_result= / table_result=) and any other column to set (e.g. status=)."""
    return WebhookDelivery.objects.create(
        org=org,
        kind=kind,
        url=url,
        host=host_key(url),
        secret=secret,
        webhook_id=new_webhook_id(),
        body=encode(payload),
        **links,
    )
