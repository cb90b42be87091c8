"""Settings → API keys: create (the key is shown once), revoke, last used."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.tenants.models import ApiKey
from rop.tenants.services import create_key, revoke_key
from rop.ui.access import ui_view
from rop.ui.render import page


@ui_view("can_manage_keys")
def keys(request: HttpRequest) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()[:200]
        key, raw = create_key(access.org, name)
        # Rendered directly (not stored in the session or a message): shown exactly once.
        return page(request, "ui/keys.html", "keys", keys=ApiKey.objects.filter(org=access.org), new_raw=raw,
                    new_key=key)
    return page(request, "ui/keys.html", "keys", keys=ApiKey.objects.filter(org=access.org))


@require_POST
@ui_view("can_manage_keys")
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = ApiKey.objects.filter(pk=pk, org=request.access.org).first()  # type: ignore[attr-defined]
    if key is None:
        raise Http404("Ключ не найден")
    revoke_key(key)
    messages.success(request, f"Ключ {key.prefix}… отозван")
    return redirect("ui:keys")
