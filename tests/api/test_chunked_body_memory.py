"""Oversize chunked bodies that are not multipart (JSON, urlencoded) are refused with a 400 and leave
nothing behind in the server's memory: 25 of them grow the serving processes by less than 40 MB
(each used to leave its ~10 MB buffer in a web worker's heap). Under waitress the server spools
bodies itself; the WSGI wrapper (rop.core.chunked) must still keep no copy for servers that pass
chunked bodies through, which the last test checks directly."""

from __future__ import annotations

import json
import select
import socket
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.procs import descendants
from tests.support.ropenv import LiveServer, RopEnv

MB = 1024 * 1024


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def _post_chunked(server: LiveServer, key: str, size: int) -> tuple[int, dict[str, object]]:
    """Stream a JSON body of `size` bytes in chunks; stop sending once the server answers."""
    url = urlsplit(server.api)
    head = (f"POST {url.path}/settings/managers-update?apiKey={key} HTTP/1.1\r\nHost: {url.netloc}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    block = b'{"managers": [' + b" " * (256 * 1024 - 14)
    sock = socket.create_connection((url.hostname, url.port), timeout=60)
    try:
        sock.sendall(head.encode())
        sent = 0
        while sent < size:
            if select.select([sock], [], [], 0)[0]:
                break
            piece = block if sent == 0 else b" " * len(block)
            try:
                sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
        else:
            sock.sendall(b"0\r\n\r\n")
        raw = b""
        try:
            while chunk := sock.recv(65536):
                raw += chunk
        except ConnectionResetError:
            pass
    finally:
        sock.close()
    status_line, rest = raw.split(b"\r\n", 1)
    return int(status_line.split()[1]), json.loads(rest.split(b"\r\n\r\n", 1)[1])


def test_25_oversize_chunked_json_bodies_grow_server_memory_by_less_than_40_mb(ropenv: RopEnv) -> None:
    key = ropenv.createkey("Большие тела")
    server = ropenv.serve(web_workers=1, env={"ROP_RATE_LIMIT_PER_MINUTE": "0"})
    pids = [server.proc.pid, *descendants(server.proc.pid)]
    for _ in range(2):  # warm up: imports, first database connection, first refusal
        assert _post_chunked(server, key, 11 * MB)[0] == 400
    before = _rss_mb(pids)
    answers = [_post_chunked(server, key, 11 * MB) for _ in range(25)]
    growth = _rss_mb(pids) - before
    assert {status for status, _ in answers} == {400}
    assert all(body["error"] is True and body["data"] is False for _, body in answers)
    assert growth < 40, f"server memory grew by {growth:.0f} MB"
    assert list((ropenv.data_dir / "tmp").iterdir()) == []  # no spooled body left on disk
    small = server.request("POST", "/settings/managers-update", key=key,
                           json_body={"managers": [{"manager_id": "m1"}]})
    assert small[0] == 200, small  # the worker still serves normal bodies


class _Chunks:
    """A wsgi.input that yields `total` bytes in small reads (a de-chunked request body)."""

    def __init__(self, total: int) -> None:
        self.left = total

    def read(self, n: int = -1) -> bytes:
        size = min(self.left, 64 * 1024 if n < 0 else n)
        self.left -= size
        return b" " * size


def _through_middleware(total: int) -> dict[str, object]:
    from rop.core.chunked import ChunkedBodyMiddleware

    seen: dict[str, object] = {}

    def app(environ: dict[str, object], start_response: object) -> list[bytes]:
        stream = environ["wsgi.input"]
        seen["length"] = environ["CONTENT_LENGTH"]
        seen["held"] = len(stream.getvalue()) if hasattr(stream, "getvalue") else None
        seen["body_size"] = len(stream.read())  # type: ignore[attr-defined]
        return []

    ChunkedBodyMiddleware(app)({"HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_TYPE": "application/json",
                                "wsgi.input": _Chunks(total)}, lambda *a: None)
    return seen


def test_middleware_keeps_no_copy_of_an_oversize_chunked_body() -> None:
    limit = 10 * 1024 * 1024
    over = _through_middleware(limit + 5 * 1024 * 1024)
    assert over == {"length": str(limit + 1), "held": 0, "body_size": 0}  # Django refuses by the length
    small = _through_middleware(3000)
    assert small["length"] == "3000" and small["body_size"] == 3000
