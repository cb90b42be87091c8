"""Settings → users (admin): create, role, link to a CRM manager, reset password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.models import Profile, Role
from rop.accounts.permissions import Capability
from rop.accounts.services import AccountError, access_settings, create_user, set_password, update_profile
from rop.audit.services import Action, record
from rop.org.models import Manager
from rop.ui.access import AccessRequest, ui_view
from rop.ui.render import page


def _manager(request: AccessRequest, raw: str | None) -> Manager | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise AccountError("Неверный менеджер")
    manager = Manager.objects.filter(pk=int(raw), org=request.access.org).first()
    if manager is None:
        raise AccountError("Менеджер не найден")
    return manager


def _profile(request: AccessRequest, pk: int) -> Profile:
    profile = Profile.objects.select_related("user").filter(user_id=pk, org=request.access.org).first()
    if profile is None:
        raise Http404("Пользователь не найден")
    return profile


@ui_view(Capability.MANAGE_USERS)
def users(request: AccessRequest) -> HttpResponse:
    access = request.access
    form: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("username", "email", "role", "manager")}
        try:
            user = create_user(access.org, form["username"], request.POST.get("password", ""), form["role"],
                               email=form["email"], manager=_manager(request, form["manager"]))
        except AccountError as exc:
            messages.error(request, str(exc))
        else:
            record(access.org, request.user, Action.USER_CREATED, user.username, role=form["role"])
            messages.success(request, f"Пользователь {user.username} создан")
            return redirect("ui:users")
    profiles = Profile.objects.filter(org=access.org).select_related("user", "manager").order_by("user__username")
    return page(request, "ui/users.html", "users", profiles=profiles, roles=Role.choices, form=form,
                managers=Manager.objects.filter(org=access.org), settings_obj=access_settings(access.org))


@require_POST
@ui_view(Capability.MANAGE_USERS)
def user_update(request: AccessRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    try:
        if profile.user_id == request.user.pk and request.POST.get("role") != Role.ADMIN:
            raise AccountError("Нельзя снять с себя роль администратора")
        active = request.POST.get("is_active") == "on" or profile.user_id == request.user.pk
        update_profile(profile, request.POST.get("role", ""), _manager(request, request.POST.get("manager")), active)
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        record(profile.org, request.user, Action.USER_UPDATED, profile.user.username, role=profile.role,
               manager=str(profile.manager or "—"), active=profile.user.is_active)
        messages.success(request, f"Пользователь {profile.user.username} сохранён")
    return redirect("ui:users")


@require_POST
@ui_view(Capability.MANAGE_USERS)
def user_password(request: AccessRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    try:
        set_password(profile.user, request.POST.get("password", ""))
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        record(profile.org, request.user, Action.PASSWORD_CHANGED, profile.user.username)
        messages.success(request, f"Пароль пользователя {profile.user.username} изменён")
    return redirect("ui:users")


@require_POST
@ui_view(Capability.MANAGE_USERS)
def access_update(request: AccessRequest) -> HttpResponse:
    obj = access_settings(request.access.org)
    obj.managers_see_own_calls = request.POST.get("managers_see_own_calls") == "on"
    obj.save(update_fields=["managers_see_own_calls"])
    record(obj.org, request.user, Action.ACCESS_UPDATED, "Доступ менеджеров",
           managers_see_own_calls=obj.managers_see_own_calls)
    messages.success(request, "Настройки доступа сохранены")
    return redirect("ui:users")


__all__ = ["User", "access_update", "user_password", "user_update", "users"]
