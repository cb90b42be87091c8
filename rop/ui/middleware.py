"""Per-request time zone: Europe/Moscow by default; ``ui_view`` switches to the user's organisation
zone once it has resolved the user's access (no extra query), and the zone is reset after the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rop.ui.format import DEFAULT_TZ, zone


class OrgTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(zone(DEFAULT_TZ))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
