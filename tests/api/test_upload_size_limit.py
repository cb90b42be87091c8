"""Direct uploads over 100 MB are refused while streaming, never read into memory: a live server
gets a generated body (chunked, or with a Content-Length) and its processes' peak RSS stays flat."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import MSG_TOO_LARGE
from tests.support.procs import descendants
from tests.support.ropenv import LiveServer, RopEnv

MB = 1024 * 1024
BOUNDARY = "----ropboundary7MA4YWxkTrZu0gW"


def _web_pids(server: LiveServer) -> list[int]:
    pids = [p for p in descendants(server.proc.pid)
            if b"rop.webserver" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(pids) >= 1, "expected a web server process"
    return [server.proc.pid, *pids]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _multipart_parts(file_size: int) -> tuple[bytes, Iterator[bytes], bytes]:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"call_id\"\r\n\r\nbig-1\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"manager_id\"\r\n\r\nm1\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp3\"\r\n"
            f"Content-Type: audio/mpeg\r\n\r\n").encode() + b"ID3\x03\x00\x00\x00\x00\x00\x00"
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    block = b"\0" * (256 * 1024)

    def body() -> Iterator[bytes]:
        left = file_size
        while left > 0:
            piece = block[: min(len(block), left)]
            left -= len(piece)
            yield piece

    return head, body(), tail


def _stream(server: LiveServer, key: str, *, file_size: int, chunked: bool, declared: int | None = None
            ) -> tuple[int, dict[str, Any], int]:
    """POST a generated multipart body; stop sending once the server answers.

    Returns (status, json, bytes sent)."""
    url = urlsplit(server.api)
    head, body, tail = _multipart_parts(file_size)
    total = len(head) + file_size + len(tail)
    lines = [f"POST {url.path}/calls/audio-upload?apiKey={key} HTTP/1.1", f"Host: {url.netloc}",
             f"Content-Type: multipart/form-data; boundary={BOUNDARY}"]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {declared or total}")
    sock = socket.create_connection((url.hostname, url.port), timeout=60)
    sent = 0
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())

        def frames() -> Iterator[bytes]:
            for part in [head, *body, tail]:
                yield (b"%x\r\n" % len(part) + part + b"\r\n") if chunked else part
            if chunked:
                yield b"0\r\n\r\n"

        for frame in frames():
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered: stop sending, as a real client would
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(frame)
        raw = b""
        try:
            while b"\r\n\r\n" not in raw or len(raw.split(b"\r\n\r\n", 1)[1]) < _length(raw):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                raw += chunk
        except ConnectionResetError:
            pass
    finally:
        sock.close()
    assert raw, f"no response (sent {sent} bytes)"
    status_line, rest = raw.split(b"\r\n", 1)
    return int(status_line.split()[1]), json.loads(rest.split(b"\r\n\r\n", 1)[1]), sent


def _length(raw: bytes) -> int:
    for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 1 << 62


@pytest.fixture(scope="module")
def server(live_env: RopEnv) -> LiveServer:
    return live_env.serve(web_workers=1)


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length-within-slack"])
def test_file_over_100_mb_is_refused_while_streaming_without_memory_growth(
    live_env: RopEnv, server: LiveServer, chunked: bool
) -> None:
    key = live_env.createkey(f"Большие файлы {chunked}")
    pids = _web_pids(server)
    # Warm the worker up (imports, first DB connection) before taking the baseline.
    assert server.request("GET", "/calls/warm", key=key)[0] == 404
    before = {p: _peak_rss_mb(p) for p in pids}
    size = 100 * MB + 512 * 1024  # over the cap; with its fields still inside the declared-length slack
    status, body, sent = _stream(server, key, file_size=size, chunked=chunked)
    after = {p: _peak_rss_mb(p) for p in pids}
    assert status == 400, body
    assert body == {"data": False, "error": True, "message": MSG_TOO_LARGE}
    assert sent > 100 * MB  # the server really read past the cap before refusing
    growth = max(after[p] - before[p] for p in pids)
    assert growth < 40, f"peak RSS grew by {growth:.0f} MB"
    assert list((live_env.data_dir / "tmp").glob("upload-*")) == []
    assert server.request("GET", "/calls/big-1", key=key)[0] == 404  # nothing was stored


def test_declared_length_over_the_cap_is_refused_before_reading(live_env: RopEnv, server: LiveServer) -> None:
    key = live_env.createkey("Большие файлы 2")
    status, body, sent = _stream(server, key, file_size=150 * MB, chunked=False)
    assert status == 400 and body["message"] == MSG_TOO_LARGE
    assert sent < 50 * MB  # answered long before the body was sent


def test_file_just_under_the_cap_is_accepted(live_env: RopEnv, server: LiveServer) -> None:
    key = live_env.createkey("Большие файлы 3")
    status, body, _ = _stream(server, key, file_size=100 * MB - 4096, chunked=True)
    assert status == 200, body
    status, _, detail = server.request("GET", "/calls/big-1", key=key)
    assert status == 200 and detail["data"]["status"] == "queued"
