"""WSGI wrapper: give Django a usable length for `Transfer-Encoding: chunked` request bodies.

Django reads exactly CONTENT_LENGTH bytes, so a chunked body (no Content-Length) would look
empty. Multipart bodies keep streaming: the declared length is the audio cap plus slack, and
the capped upload handler stops the moment a file passes the cap. Other bodies are small
(JSON, urlencoded): they are read up to the in-memory limit plus one byte, so an oversized
one still fails Django's limit check with a clear 400 instead of being read whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from rop import config

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Slack over the audio cap for the other multipart fields and part headers.
MULTIPART_SLACK = 1024 * 1024


class ChunkedBodyMiddleware:
    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not environ.get("CONTENT_LENGTH") and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            ctype = environ.get("CONTENT_TYPE", "").lower()
            if ctype.startswith("multipart/"):
                environ["CONTENT_LENGTH"] = str(config.get().max_audio_bytes + MULTIPART_SLACK)
            else:
                from django.conf import settings

                limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 10 * 1024 * 1024) + 1
                stream = environ["wsgi.input"]
                parts: list[bytes] = []
                size = 0
                while size < limit:
                    chunk = stream.read(min(64 * 1024, limit - size))
                    if not chunk:
                        break
                    parts.append(chunk)
                    size += len(chunk)
                environ["wsgi.input"] = io.BytesIO(b"".join(parts))
                environ["CONTENT_LENGTH"] = str(size)
        return self.app(environ, start_response)
