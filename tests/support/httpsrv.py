"""A real HTTP server on 127.0.0.1 (or ``host="::1"``: IPv6 loopback) whose routes the test defines
(audio sources, webhook receivers)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[["RequestCtx"], None]


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RequestCtx:
    handler: BaseHTTPRequestHandler
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    hits: int  # how many times this route was hit, this one included

    def send(self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        h = self.handler
        h.send_response(status)
        hdrs = {"Content-Length": str(len(body)), **(headers or {})}
        for k, v in hdrs.items():
            h.send_header(k, v)
        h.end_headers()
        if self.method != "HEAD" and body:
            h.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    address_family = socket.AF_INET

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client hung up early (a probe that read only the first bytes)
        super().handle_error(request, client_address)


@dataclass
class LoopbackServer:
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    host: str = "127.0.0.1"

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def static(self, path: str, body: bytes, status: int = 200, content_type: str = "audio/mpeg",
               headers: dict[str, str] | None = None) -> str:
        def handle(ctx: RequestCtx) -> None:
            ctx.send(status, body, {"Content-Type": content_type, **(headers or {})})

        return self.route(path, handle)

    def start(self) -> LoopbackServer:
        outer = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                headers = {k.lower(): v for k, v in self.headers.items()}
                with outer._lock:
                    outer.hits[path] = outer.hits.get(path, 0) + 1
                    n = outer.hits[path]
                    outer.requests.append(Recorded(self.command, self.path, headers, body))
                handler = outer.routes.get(path)
                ctx = RequestCtx(self, self.command, self.path, headers, body, n)
                if handler is None:
                    ctx.send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    handler(ctx)

            do_GET = do_POST = do_PUT = do_HEAD = _any

        server_cls: type[_QuietServer] = _QuietServer
        if ":" in self.host:
            server_cls = type("_QuietServer6", (_QuietServer,), {"address_family": socket.AF_INET6})
        self._server = server_cls((self.host, 0), H)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
