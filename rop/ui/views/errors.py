"""Error pages for people (400/403/404/500 and CSRF failures): styled, in Russian, with a way back.

Paths under /api/ never reach these as pages: ``ApiErrorShapeMiddleware`` turns every API error
into the JSON envelope. The 500 page is rendered without the database (it may be what failed).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone

from rop.accounts.permissions import access_for
from rop.ui.format import org_tz

log = logging.getLogger(__name__)


def _access(request: HttpRequest) -> Any:
    try:
        user = getattr(request, "user", None)
        return access_for(user) if user is not None else None
    except Exception:  # an error page must render whatever broke
        log.exception("error page: access lookup failed")
        return None


def _message(exception: Exception | None, default: str) -> str:
    """The exception's text when it is a Russian message meant for people, else the default."""
    text = str(exception or "").strip()
    if exception is None or not text or not any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text):
        return default
    return text[:300]


def _page(request: HttpRequest, status: int, template: str, message: str) -> HttpResponse:
    access = _access(request)
    if access is not None:
        timezone.activate(org_tz(access.org))
    ctx = {
        "access": access,
        "message": message,
        "nav": "",
        "back": request.META.get("HTTP_REFERER", ""),
    }
    body = loader.render_to_string(template, ctx, request=request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 400, "400.html", "Запрос не удалось разобрать. Проверьте адрес или значения фильтров."
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, "403.html", _message(exception, "Недостаточно прав для этой страницы."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, "404.html", _message(exception, "Такой страницы нет, или у вас нет к ней доступа.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.render_to_string("500.html", {})
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        "403.html",
        "Форма устарела или открыта в другой вкладке. Обновите страницу и повторите действие.",
    )
