"""GET /calls/<id>/audio: the stored audio, with HTTP Range so the player can seek."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from tests.ui.factories import Tenant


def _body(resp: Any) -> bytes:
    return b"".join(resp.streaming_content)


def test_whole_file_without_range(client: Client, tenant: Tenant, wav_file: Path) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.get(f"/calls/{tenant.calls['m1'].pk}/audio")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "audio/wav" and resp["Accept-Ranges"] == "bytes"
    assert _body(resp) == wav_file.read_bytes()


def test_range_returns_206_with_the_exact_bytes(client: Client, tenant: Tenant, wav_file: Path) -> None:
    data = wav_file.read_bytes()
    client.force_login(tenant.users["rop"])
    url = f"/calls/{tenant.calls['m1'].pk}/audio"
    resp = client.get(url, HTTP_RANGE="bytes=100-199")
    assert resp.status_code == 206
    assert resp["Content-Range"] == f"bytes 100-199/{len(data)}" and resp["Content-Length"] == "100"
    assert _body(resp) == data[100:200]
    resp = client.get(url, HTTP_RANGE="bytes=-10")
    assert resp.status_code == 206 and _body(resp) == data[-10:]
    resp = client.get(url, HTTP_RANGE=f"bytes={len(data) - 5}-")
    assert resp.status_code == 206 and _body(resp) == data[-5:]


def test_range_past_the_end_is_416(client: Client, tenant: Tenant, wav_file: Path) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.get(f"/calls/{tenant.calls['m1'].pk}/audio", HTTP_RANGE=f"bytes={wav_file.stat().st_size}-")
    assert resp.status_code == 416
    assert resp["Content-Range"] == f"bytes */{wav_file.stat().st_size}"


def test_malformed_range_sends_the_whole_file(client: Client, tenant: Tenant, wav_file: Path) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.get(f"/calls/{tenant.calls['m1'].pk}/audio", HTTP_RANGE="bytes=abc")
    assert resp.status_code == 200 and len(_body(resp)) == wav_file.stat().st_size


def test_call_without_stored_audio_is_404(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    assert client.get(f"/calls/{tenant.calls['m2'].pk}/audio").status_code == 404
