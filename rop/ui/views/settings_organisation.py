"""Settings → organisation (admin): stereo channel convention, ASR vocabulary and the time zone."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from rop.accounts.permissions import Capability
from rop.audit.services import Action, record
from rop.tenants.models import Organisation
from rop.ui.access import AccessRequest, ui_view
from rop.ui.format import is_zone, zone_names
from rop.ui.render import page

MAX_VOCABULARY = 5000


def _error(channel: str, vocabulary: str, time_zone: str) -> str | None:
    if channel not in ("left", "right"):
        return "Выберите канал менеджера: левый или правый"
    if len(vocabulary) > MAX_VOCABULARY:
        return f"Словарь слишком длинный (не более {MAX_VOCABULARY} символов)"
    if not is_zone(time_zone):
        return "Неизвестный часовой пояс: выберите из списка, например Europe/Moscow"
    return None


@ui_view(Capability.MANAGE_USERS)
def organisation(request: AccessRequest) -> HttpResponse:
    org: Organisation = request.access.org
    if request.method == "POST":
        channel = request.POST.get("manager_channel", "")
        vocabulary = request.POST.get("vocabulary", "").strip()
        time_zone = request.POST.get("time_zone", org.time_zone).strip()
        error = _error(channel, vocabulary, time_zone)
        if error:
            messages.error(request, error)
        else:
            org.manager_channel = channel
            org.vocabulary = vocabulary
            org.time_zone = time_zone
            org.save(update_fields=["manager_channel", "vocabulary", "time_zone"])
            record(org, request.user, Action.SETTINGS_UPDATED, org.name, manager_channel=channel,
                   vocabulary_chars=len(vocabulary), time_zone=time_zone)
            messages.success(request, "Настройки организации сохранены")
            return redirect("ui:organisation")
    return page(request, "ui/organisation.html", "organisation", org=org, zones=zone_names())
