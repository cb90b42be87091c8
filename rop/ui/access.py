"""The view decorator every UI page uses: login, organisation and role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from rop.accounts.permissions import Access, access_for


class UiRequest(HttpRequest):
    access: Access


View = Callable[..., HttpResponse]


def ui_view(capability: str | None = None) -> Callable[[View], View]:
    """Require a logged-in user with a profile, and optionally an `Access` capability."""

    def deco(fn: View) -> View:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = access_for(request.user)
            if access is None:
                raise PermissionDenied("У пользователя нет организации")
            if capability and not getattr(access, capability):
                raise PermissionDenied("Недостаточно прав для этой страницы")
            request.access = access  # type: ignore[attr-defined]
            return fn(request, *args, **kwargs)

        return wrapper

    return deco
