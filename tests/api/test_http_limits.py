"""Requests the HTTP server itself refuses (too long a URL, too large headers, broken HTTP) are
answered in the JSON envelope too, never an HTML page of the server; long ids below the limit reach
the app and get its normal JSON answers."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import LiveServer, RopEnv


@pytest.fixture(scope="module")
def server(live_env: RopEnv) -> Iterator[LiveServer]:
    yield live_env.serve(web_workers=1)


def _raw(server: LiveServer, request: bytes) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(server.base)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _assert_envelope(headers: dict[str, str], body: bytes) -> str:
    assert headers["content-type"].startswith("application/json"), headers
    payload = json.loads(body)
    assert payload["data"] is False and payload["error"] is True
    return str(payload["message"])


def test_ten_thousand_character_url_is_414_json(server: LiveServer) -> None:
    status, headers, body = _raw(
        server, f"GET /api/v1/calls/{'x' * 10_000} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    )
    assert status == 414
    assert _assert_envelope(headers, body) == "Слишком длинный адрес запроса"


def test_long_id_below_the_limit_reaches_the_app(live_env: RopEnv, server: LiveServer) -> None:
    key = live_env.createkey("Длинные адреса")
    request = f"GET /api/v1/calls/{'x' * 7000}?apiKey={key} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    status, headers, body = _raw(server, request.encode())
    assert status == 404
    assert _assert_envelope(headers, body) == "Звонок не найден"


def test_oversized_header_is_431_json(server: LiveServer) -> None:
    request = f"GET /api/v1/calls/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {'k' * 20_000}\r\n\r\n"
    status, headers, body = _raw(server, request.encode())
    assert status == 431
    _assert_envelope(headers, body)


def test_malformed_http_is_400_json(server: LiveServer) -> None:
    status, headers, body = _raw(server, b"THIS IS NOT HTTP\r\n\r\n")
    assert status == 400
    assert _assert_envelope(headers, body) == "Некорректный HTTP-запрос"


def test_chunked_json_body_is_read(
    live_env: RopEnv, server: LiveServer, module_loopback: LoopbackServer, mp3_bytes: bytes
) -> None:
    """Clients that stream bodies (Transfer-Encoding: chunked, no Content-Length) are understood."""
    key = live_env.createkey("Chunked JSON")
    url = module_loopback.static("/chunked.mp3", mp3_bytes)
    payload = json.dumps({"call_id": "chunked-1", "manager_id": "m", "audio_url": url}).encode()
    half = len(payload) // 2
    body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (payload[:half], payload[half:])) + b"0\r\n\r\n"
    request = (f"POST /api/v1/calls?apiKey={key} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode() + body
    status, _headers, answer = _raw(server, request)
    assert status == 200, answer
    assert json.loads(answer)["data"] == "chunked-1"
