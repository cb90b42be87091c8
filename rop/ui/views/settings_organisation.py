"""Settings → organisation (admin): stereo channel convention, ASR vocabulary, the time zone and how long
call data is kept (retention, run by the workers)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect

from rop.accounts.permissions import Capability
from rop.audit.services import Action, record
from rop.calls.models import RetentionPolicy
from rop.calls.retention import set_policy
from rop.tenants.models import Organisation
from rop.ui.access import AccessRequest, ui_view
from rop.ui.format import is_zone, zone_names
from rop.ui.render import page

MAX_VOCABULARY = 5000
MAX_DAYS = 36_500
RETENTION_FIELDS = {"audio_days": "аудио", "results_days": "звонков"}


class BadDays(ValueError):
    pass


def _days(raw: str, what: str) -> int | None:
    """An empty field keeps data forever; otherwise a whole number of days from 1 to MAX_DAYS."""
    raw = raw.strip()
    if not raw or raw == "0":
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_DAYS:
        raise BadDays(f"Срок хранения {what}: целое число дней от 1 до {MAX_DAYS} или пусто (хранить всегда)")
    return int(raw)


def _retention(form: QueryDict) -> tuple[int | None, int | None] | None:
    """The retention the form asks for (None: the form does not carry it, as older scripts' forms)."""
    if not any(name in form for name in RETENTION_FIELDS):
        return None
    audio, results = (_days(form.get(name, ""), what) for name, what in RETENTION_FIELDS.items())
    return audio, results


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
        try:
            retention = _retention(request.POST)
        except BadDays as exc:
            error, retention = error or str(exc), None
        if error:
            messages.error(request, error)
        else:
            org.manager_channel = channel
            org.vocabulary = vocabulary
            org.time_zone = time_zone
            org.save(update_fields=["manager_channel", "vocabulary", "time_zone"])
            record(org, request.user, Action.SETTINGS_UPDATED, org.name, manager_channel=channel,
                   vocabulary_chars=len(vocabulary), time_zone=time_zone)
            if retention is not None:
                set_policy(org, *retention)
                record(org, request.user, Action.SETTINGS_UPDATED, org.name, audio_days=retention[0],
                       results_days=retention[1])
            messages.success(request, "Настройки организации сохранены")
            return redirect("ui:organisation")
    policy = RetentionPolicy.objects.filter(org=org).first()
    return page(request, "ui/organisation.html", "organisation", org=org, zones=zone_names(), policy=policy,
                max_days=MAX_DAYS)
