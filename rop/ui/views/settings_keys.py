"""Settings → API keys: create (the key is shown once), revoke, last used."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability
from rop.audit.services import Action, record
from rop.tenants.models import ApiKey
from rop.tenants.services import create_key, revoke_key
from rop.ui.access import AccessRequest, org_object, ui_view
from rop.ui.render import page


@ui_view(Capability.MANAGE_KEYS)
def keys(request: AccessRequest) -> HttpResponse:
    access = request.access
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()[:200]
        key, raw = create_key(access.org, name)
        record(access.org, request.user, Action.KEY_CREATED, f"{key.prefix}…", name=key.name)
        # Rendered directly (not stored in the session or a message): shown exactly once.
        return page(request, "ui/keys.html", "keys", keys=ApiKey.objects.filter(org=access.org), new_raw=raw,
                    new_key=key)
    return page(request, "ui/keys.html", "keys", keys=ApiKey.objects.filter(org=access.org))


@require_POST
@ui_view(Capability.MANAGE_KEYS)
def key_revoke(request: AccessRequest, pk: int) -> HttpResponse:
    key = org_object(request, ApiKey, pk, "Ключ не найден")
    revoke_key(key)
    record(key.org, request.user, Action.KEY_REVOKED, f"{key.prefix}…", name=key.name)
    messages.success(request, f"Ключ {key.prefix}… отозван")
    return redirect("ui:keys")
