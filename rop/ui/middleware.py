"""Per-request time zone: the logged-in user's organisation zone (Europe/Moscow otherwise)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rop.accounts.models import Profile
from rop.ui.format import DEFAULT_TZ, zone


class OrgTimezoneMiddleware:
    """Activates the organisation's zone for templates (``localtime``) and day boundaries."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = DEFAULT_TZ
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            found = Profile.objects.filter(user_id=user.pk).values_list("org__time_zone", flat=True).first()
            name = found or DEFAULT_TZ
        timezone.activate(zone(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
