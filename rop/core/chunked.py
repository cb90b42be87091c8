"""WSGI wrapper: give Django a usable length for `Transfer-Encoding: chunked` request bodies.

Django reads exactly CONTENT_LENGTH bytes, so a chunked body (no Content-Length) would look
empty. Multipart bodies keep streaming: the declared length is the audio cap plus slack, and
the capped upload handler stops the moment a file passes the cap. Other bodies are small
(JSON, urlencoded): they are spooled (memory up to 1 MB, then a temporary file) up to the
in-memory limit plus one byte. An oversized one is not kept at all: Django sees a declared
length over its limit and refuses it with a clear 400 without reading, and the worker holds no
copy (a 10 MB buffer per refused body used to stay in the worker's heap).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

from rop import config

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Slack over the audio cap for the other multipart fields and part headers.
MULTIPART_SLACK = 1024 * 1024
SPOOL_IN_MEMORY = 1024 * 1024
READ_CHUNK = 64 * 1024


class ChunkedBodyMiddleware:
    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not environ.get("CONTENT_LENGTH") and chunked:
            ctype = environ.get("CONTENT_TYPE", "").lower()
            if ctype.startswith("multipart/"):
                environ["CONTENT_LENGTH"] = str(config.get().max_audio_bytes + MULTIPART_SLACK)
            else:
                _spool_small_body(environ)
        return self.app(environ, start_response)


def _spool_small_body(environ: dict[str, Any]) -> None:
    from django.conf import settings

    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 10 * 1024 * 1024)
    stream = environ["wsgi.input"]
    tmp_dir = config.get().tmp_dir
    spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - handed to Django as the request stream
        max_size=SPOOL_IN_MEMORY, dir=str(tmp_dir) if tmp_dir.is_dir() else None
    )
    size = 0
    while size <= limit:
        chunk = stream.read(min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        spool.write(chunk)
        size += len(chunk)
    if size > limit:
        spool.close()  # over the limit: keep nothing; Django refuses it by the declared length
        environ["wsgi.input"] = io.BytesIO(b"")
        environ["CONTENT_LENGTH"] = str(limit + 1)
        return
    spool.seek(0)
    environ["wsgi.input"] = spool
    environ["CONTENT_LENGTH"] = str(size)
