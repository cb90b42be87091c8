"""The view decorator every UI page uses: login, organisation and role checks.

Views under ``ui_view`` take an ``AccessRequest``: the request with the user's resolved access."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from rop.accounts.permissions import Access, Capability, access_for
from rop.core.errors import NotFound
from rop.ui.format import org_tz

View = Callable[..., HttpResponseBase]
M = TypeVar("M", bound=Model)


class AccessRequest(HttpRequest):
    """A request that passed ``ui_view``: ``access`` is the user's organisation, role and scope."""

    access: Access


def org_object(request: AccessRequest, model: type[M], pk: int, missing: str) -> M:
    """The row ``pk`` of ``model`` in the user's organisation; 404 with ``missing`` when there is none."""
    obj = model._default_manager.filter(pk=pk, org=request.access.org).first()
    if obj is None:
        raise Http404(missing)
    return obj

def ui_view(capability: Capability | str | None = None) -> Callable[[View], View]:
    """Require a logged-in user with a profile, and optionally an `Access` capability."""
    required = Capability(capability) if capability else None  # an unknown name fails at import

    def deco(fn: View) -> View:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = access_for(request.user)
            if access is None:
                raise PermissionDenied("У пользователя нет организации")
            if required is not None and not access.has(required):
                raise PermissionDenied("Недостаточно прав для этой страницы")
            typed = cast(AccessRequest, request)
            typed.access = access
            timezone.activate(org_tz(access.org))  # times and day boundaries in the org's zone
            try:
                return fn(typed, *args, **kwargs)
            except NotFound as exc:  # a domain "not found" (or outside the user's scope) is a 404 page
                raise Http404(exc.message) from None

        return wrapper

    return deco
