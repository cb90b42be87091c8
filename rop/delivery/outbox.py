"""Writing outbox rows (call inside the transaction that stores the result)."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlsplit

from rop.delivery.models import DeliveryKind, WebhookDelivery
from rop.delivery.payloads import checklist_payload, table_payload


def host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"[:300]


def new_webhook_id() -> str:
    return "msg_" + uuid.uuid4().hex


def encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def enqueue(*, org: Any, kind: str, url: str, secret: str, payload: dict[str, Any], call: Any = None,
            checklist_result: Any = None, table_result: Any = None, **extra: Any) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        org=org,
        kind=kind,
        call=call,
        checklist_result=checklist_result,
        table_result=table_result,
        url=url,
        host=host_key(url),
        secret=secret,
        webhook_id=new_webhook_id(),
        body=encode(payload),
        **extra,
    )


def enqueue_checklist_result(result: Any) -> WebhookDelivery | None:
    """One row per (result, endpoint); None when the checklist has no webhook URL."""
    checklist = result.checklist
    if not checklist.webhook_url:
        return None
    return enqueue(org=result.org, kind=DeliveryKind.CHECKLIST, url=checklist.webhook_url,
                   secret=checklist.webhook_secret, payload=checklist_payload(result), call=result.call,
                   checklist_result=result)


def enqueue_table_result(result: Any) -> WebhookDelivery | None:
    table = result.table
    if not table.webhook_url:
        return None
    return enqueue(org=result.org, kind=DeliveryKind.TABLE, url=table.webhook_url, secret=table.webhook_secret,
                   payload=table_payload(result), call=result.call, table_result=result)
