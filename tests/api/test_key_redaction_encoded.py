"""Keys are redacted after URL decoding: a percent-encoded parameter name or key value
(``?api%4Bey=%72op_…``) authenticates like the plain one, so it must never reach the log either."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from rop.core.redact import redact


def test_percent_encoded_key_parameter_is_redacted_in_the_request_log(
    client: Client, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    encoded_key = "%72" + api_key[1:]  # 'r' escaped: the server decodes it back to the key
    with caplog.at_level(logging.INFO, logger="rop.api"):
        resp = client.get(f"/api/v1/calls/enc-1?api%4Bey={encoded_key}")
    assert resp.status_code == 404  # authenticated (the call is unknown), so the key is live
    lines = [r.getMessage() for r in caplog.records if '"api_request"' in r.getMessage()]
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert api_key not in lines[0] and api_key[4:] not in lines[0] and encoded_key not in lines[0]
    assert "***" in entry["path"] and entry["path"].startswith("/api/v1/calls/enc-1?")


@pytest.mark.parametrize(
    "text",
    [
        "/x?api%4Bey=rop_abcdefghijklmnopqrstuvwxyz01",
        "/x?%61%70%69%4B%65%79=plainsecretvalue987",
        "/x?t=1&api_%6Bey=plainsecretvalue987",
        "GET /x?q=%72op_abcdefghijklmnopqrstuvwxyz01 HTTP/1.1",
        "/x?api%254Bey=plainsecretvalue987",  # encoded twice
        "X-API-Key%3A%20plainsecretvalue987",
    ],
)
def test_encoded_secrets_are_masked_in_any_log_text(text: str) -> None:
    cleaned = redact(text)
    assert "plainsecretvalue987" not in cleaned
    assert "abcdefghijklmnopqrstuvwxyz01" not in cleaned
    assert "***" in cleaned


def test_text_without_secrets_keeps_its_encoding() -> None:
    path = "/api/v1/calls/%D0%B7%D0%B2%D0%BE%D0%BD%D0%BE%D0%BA?x=%20y"
    assert redact(path) == path
