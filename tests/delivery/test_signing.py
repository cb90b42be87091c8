"""Standard Webhooks signature, checked with an independent implementation."""

from __future__ import annotations

import base64
import hashlib
import hmac

from rop.delivery import signing


def _independent_verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body.decode('utf-8')}"
    expected = base64.b64encode(hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()).decode()
    versions = [s.split(",", 1) for s in headers["webhook-signature"].split(" ")]
    return any(v == "v1" and hmac.compare_digest(sig, expected) for v, sig in versions)


def test_signature_verifies_with_an_independent_implementation() -> None:
    body = '{"call_id":"c","checklist_name":"Чек-лист"}'.encode()
    h = signing.headers("msg_1", 1755863272, body, "секрет-123")
    assert h["webhook-signature"].startswith("v1,")
    assert _independent_verify("секрет-123", h, body)
    assert not _independent_verify("другой", h, body)
    assert not _independent_verify("секрет-123", h, body + b" ")


def test_no_secret_no_signature_header() -> None:
    h = signing.headers("msg_1", 1, b"{}", "")
    assert "webhook-signature" not in h
    assert h["webhook-id"] == "msg_1" and h["webhook-timestamp"] == "1"


def test_whsec_prefixed_secret_is_base64_decoded() -> None:
    key = b"\x01\x02raw-key"
    secret = "whsec_" + base64.b64encode(key).decode()
    h = signing.headers("msg_2", 5, b"{}", secret)
    expected = base64.b64encode(hmac.new(key, b"msg_2.5.{}", hashlib.sha256).digest()).decode()
    assert h["webhook-signature"] == f"v1,{expected}"
