"""Settings → organisation (admin): stereo channel convention and the domain vocabulary for ASR."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from rop.accounts.permissions import Capability
from rop.audit.services import Action, record
from rop.tenants.models import Organisation
from rop.ui.access import AccessRequest, ui_view
from rop.ui.render import page

MAX_VOCABULARY = 5000


@ui_view(Capability.MANAGE_USERS)
def organisation(request: AccessRequest) -> HttpResponse:
    org: Organisation = request.access.org
    if request.method == "POST":
        channel = request.POST.get("manager_channel", "")
        vocabulary = request.POST.get("vocabulary", "").strip()
        if channel not in ("left", "right"):
            messages.error(request, "Выберите канал менеджера: левый или правый")
        elif len(vocabulary) > MAX_VOCABULARY:
            messages.error(request, f"Словарь слишком длинный (не более {MAX_VOCABULARY} символов)")
        else:
            org.manager_channel = channel
            org.vocabulary = vocabulary
            org.save(update_fields=["manager_channel", "vocabulary"])
            record(org, request.user, Action.SETTINGS_UPDATED, org.name, manager_channel=channel,
                   vocabulary_chars=len(vocabulary))
            messages.success(request, "Настройки организации сохранены")
            return redirect("ui:organisation")
    return page(request, "ui/organisation.html", "organisation", org=org)
