"""Slow or idle clients cannot starve `rop serve`: with a thousand idle connections and a crowd
of clients that sent half a request and stopped, /healthz and POST /api/v1/calls still answer
within 3 s (the server buffers requests in its I/O loop; a thread runs only complete ones)."""

from __future__ import annotations

import resource
import socket
import time
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar
from urllib.parse import urlsplit

import pytest

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import LiveServer, RopEnv

T = TypeVar("T")
IDLE = 1000
TRICKLING = 64


@pytest.fixture
def many_fds() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < IDLE + TRICKLING + 200:
        pytest.skip(f"RLIMIT_NOFILE hard limit {hard} is too low for {IDLE} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _open_slow_clients(server: LiveServer) -> list[socket.socket]:
    url = urlsplit(server.base)
    socks = []
    for i in range(IDLE + TRICKLING):
        sock = socket.create_connection((url.hostname, url.port), timeout=10)
        if i >= IDLE:  # a request cut short in its headers, and one cut short in its body
            if i % 2:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            else:
                sock.sendall(b"POST /api/v1/calls HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"call_id\"")
        socks.append(sock)
    return socks


def _timed(func: Callable[[], T]) -> tuple[T, float]:
    started = time.monotonic()
    result = func()
    return result, time.monotonic() - started


@pytest.mark.slow
def test_thousand_idle_and_trickling_connections_do_not_starve_the_server(
    ropenv: RopEnv, loopback: LoopbackServer, mp3_bytes: bytes, many_fds: None
) -> None:
    server = ropenv.serve(web_workers=2)
    key = ropenv.createkey("Медленные клиенты")
    audio = loopback.static("/slow.mp3", mp3_bytes)
    socks = _open_slow_clients(server)
    try:
        for n in range(3):  # several times: every web process gets its share of the traffic
            with urllib.request.urlopen(server.base + "/healthz", timeout=3) as resp:
                assert resp.status == 200
            body = {"call_id": f"slow-{n}", "manager_id": "m1", "audio_url": audio}
            (status, _, answer), took = _timed(partial(server.request, "POST", "/calls", key=key,
                                                       json_body=body, timeout=3))
            assert status == 200, answer
            assert answer["data"] == f"slow-{n}"
            assert took < 3, f"POST /calls took {took:.1f}s"
        # The slow clients are still connected (not simply dropped to make room).
        alive = sum(1 for s in socks[:IDLE] if _still_open(s))
        assert alive == IDLE
    finally:
        for sock in socks:
            sock.close()


def _still_open(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
