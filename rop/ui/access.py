"""The view decorator every UI page uses: login, organisation and role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from rop.accounts.permissions import access_for

View = Callable[..., HttpResponseBase]


def ui_view(capability: str | None = None) -> Callable[[View], View]:
    """Require a logged-in user with a profile, and optionally an `Access` capability."""

    def deco(fn: View) -> View:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
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
