"""Structured request log: one JSON line per API request, secrets redacted."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from rop.core.redact import redact

log = logging.getLogger("rop.api")


class RedactFilter(logging.Filter):
    """Last line of defence: scrub keys from every log record's final message."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record must still be logged
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        if record.exc_info and not record.exc_text:
            # Exception messages may quote URLs with keys; formatters reuse exc_text as is.
            record.exc_text = redact(self._formatter.formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        ms = round((time.perf_counter() - started) * 1000, 1)
        org = getattr(request, "rop_org", None)
        entry: dict[str, Any] = {
            "event": "api_request",
            "method": request.method,
            "path": redact(request.get_full_path()),
            "status": response.status_code,
            "ms": ms,
            "org": org.slug if org is not None else None,
            "call_id": getattr(request, "rop_call_id", None),
        }
        log.info(json.dumps(entry, ensure_ascii=False))
        return response
