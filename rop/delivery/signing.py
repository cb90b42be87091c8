"""Standard Webhooks signing: ``webhook-signature: v1,<base64(HMAC-SHA256(secret, id.timestamp.body))>``.

The secret is used as given (UTF-8 bytes); a ``whsec_`` prefixed secret is base64-decoded
after the prefix, as the Standard Webhooks libraries do.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


def secret_bytes(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[6:], validate=True)
        except (binascii.Error, ValueError):
            pass
    return secret.encode("utf-8")


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    msg = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), msg, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(webhook_id: str, timestamp: int, body: bytes, secret: str = "") -> dict[str, str]:
    out = {
        "Content-Type": "application/json; charset=utf-8",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
    }
    if secret:
        out["webhook-signature"] = sign(secret, webhook_id, timestamp, body)
    return out
