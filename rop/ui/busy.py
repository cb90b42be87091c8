"""A page request that could not get the database's write lock in time is "busy, try again" (503 with
Retry-After and a Russian page), never a server error. The API maps the same condition itself."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string

from rop.core.db import BUSY_RETRY_AFTER, is_lock_timeout

log = logging.getLogger(__name__)


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if request.path.startswith("/api/") or not is_lock_timeout(exception):
            return None
        log.warning("database busy on %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response
