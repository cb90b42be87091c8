"""One web server process of `rop serve`: waitress on a listening socket inherited from `rop serve`.

Why waitress: its single I/O thread reads every request whole (headers, then the body; bodies
over 512 KB spill to an unlinked temp file) before a worker thread runs Django. A client that
connects and waits, or trickles a request byte by byte, costs one socket and a small buffer,
never a thread, so a thousand idle or slow connections do not starve the app (gunicorn's gthread
worker hands a connection to a thread as soon as the first bytes arrive, and the thread then
blocks until the request is complete).

Requests the server refuses itself (malformed HTTP, too large headers, a body over the upload
cap, too long a URL) are answered in the API's JSON envelope with Russian messages, as before.

Run by `rop serve` (see rop/core/management/commands/serve.py), not by hand:
    python -m rop.webserver --fd N --threads 8 --connection-limit 4000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import signal
import socket
import sys
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

# Longest request line (method, URL, version) the app accepts; beyond it: 414 in JSON.
MAX_REQUEST_LINE = 8190
# Longest header line; beyond it: 431 in JSON once the header block is read (no unread data
# left behind, so the client gets the answer rather than a connection reset).
MAX_HEADER_LINE = 8190
# Request line plus headers, read whole before the limits above are checked.
MAX_REQUEST_HEADER_BYTES = 65536

MESSAGES = {
    400: "Некорректный HTTP-запрос",
    403: "Доступ запрещён",
    414: "Слишком длинный адрес запроса",
    417: "Некорректный заголовок Expect",
    431: "Слишком большие заголовки запроса",
    500: "Внутренняя ошибка сервера",
    501: "Неподдерживаемое кодирование тела запроса",
}

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "te", "trailers", "transfer-encoding", "upgrade"})

log = logging.getLogger("rop.webserver")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def envelope(message: str) -> bytes:
    return json.dumps({"data": False, "error": True, "message": message}, ensure_ascii=False).encode()


def _too_large_message() -> str:
    from rop import config

    return f"Размер файла превышает {config.get().max_audio_bytes // (1024 * 1024)} МБ"


def error_response(code: int, reason: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """A server-level refusal in the API envelope. A body over the upload cap gets the API's own
    answer for it (400, "Размер файла превышает 100 МБ"), as when the app refuses it."""
    if code == 413:
        return "400 Bad Request", [("Content-Type", "application/json")], envelope(_too_large_message())
    message = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    return f"{code} {reason}", [("Content-Type", "application/json")], envelope(message)


def _install_json_errors() -> None:
    from waitress import utilities

    def to_response(self: Any, ident: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
        return error_response(int(self.code), str(self.reason))

    utilities.Error.to_response = to_response


def _install_request_line_limit() -> None:
    """Too long a request line (URL) or header line is refused by the server itself (414 or 431 in
    JSON, connection closed), as gunicorn did; long ids below the limit still reach the app."""
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.utilities import Error, RequestHeaderFieldsTooLarge

    class UriTooLong(Error):  # type: ignore[misc]
        code = 414
        reason = "Request-URI Too Long"

    class Parser(HTTPRequestParser):  # type: ignore[misc]
        def parse_header(self, header_plus: bytes) -> None:
            lines = header_plus.split(b"\r\n")
            error: Error | None = None
            if len(lines[0]) > MAX_REQUEST_LINE:
                error = UriTooLong("request line too long")
            elif any(len(line) > MAX_HEADER_LINE for line in lines[1:]):
                error = RequestHeaderFieldsTooLarge("header line too long")
            if error is not None:
                super().parse_header(b"GET / HTTP/1.0\r\n")
                self.error = error
                return
            super().parse_header(header_plus)

    HTTPChannel.parser_class = Parser


class HopByHopFilter:
    """The app may answer `Connection: close` (a refused upload); waitress has read the whole body
    already and forbids hop-by-hop headers from WSGI apps, so the header is dropped here."""

    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def filtered(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
            return start_response(status, kept, exc_info)

        return self.app(environ, filtered)


def _raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else 65536
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(fd: int, threads: int, connection_limit: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rop.settings")
    from waitress.server import create_server

    from rop import config
    from rop.core.chunked import MULTIPART_SLACK
    from rop.wsgi import application

    cfg = config.get()
    tempfile.tempdir = str(cfg.tmp_dir)  # waitress spills large bodies here (unlinked files)
    _install_json_errors()
    _install_request_line_limit()
    limit = min(connection_limit, max(64, _raise_fd_limit() - 64))
    sock = socket.socket(fileno=fd)
    server = create_server(
        HopByHopFilter(application),
        sockets=[sock],
        threads=threads,
        connection_limit=limit,
        backlog=2048,
        asyncore_use_poll=True,  # select() stops at 1024 descriptors
        channel_timeout=120,  # idle connections are closed after two minutes
        cleanup_interval=10,
        max_request_header_size=MAX_REQUEST_HEADER_BYTES,
        # The app refuses bodies over the cap itself; a declared length beyond cap + slack is
        # refused by the server before reading (answered like the app's own refusal).
        max_request_body_size=cfg.max_audio_bytes + MULTIPART_SLACK + 1,
        expose_tracebacks=False,
        clear_untrusted_proxy_headers=False,  # rop.core.proxy decides which proxies to trust
        ident="waitress",
    )
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    server.run()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="rop.webserver")
    parser.add_argument("--fd", type=int, required=True, help="listening socket inherited from `rop serve`")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--connection-limit", type=int, default=4000)
    args = parser.parse_args(argv)
    serve(args.fd, args.threads, args.connection_limit)


if __name__ == "__main__":
    main(sys.argv[1:])
