"""Creating users and resetting passwords (CLI and admin UI share these)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from rop.accounts.models import AccessSettings, Profile, Role
from rop.org.models import Manager
from rop.tenants.models import Organisation


class AccountError(ValueError):
    """A user-facing (Russian) reason why the account operation was refused."""


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from None


def create_user(org: Organisation, username: str, password: str, role: str, email: str = "",
                manager: Manager | None = None) -> User:
    username = username.strip()
    if not username:
        raise AccountError("Имя пользователя не может быть пустым")
    if role not in Role.values:
        raise AccountError("Неизвестная роль")
    if manager is not None and manager.org_id != org.pk:
        raise AccountError("Менеджер принадлежит другой организации")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"Пользователь «{username}» уже существует")
    _check_password(password, User(username=username, email=email))
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email.strip(), password=password)
        Profile.objects.create(user=user, org=org, role=role, manager=manager)
    return user


def set_password(user: User, password: str) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])


def update_profile(profile: Profile, role: str, manager: Manager | None, is_active: bool) -> None:
    if role not in Role.values:
        raise AccountError("Неизвестная роль")
    if manager is not None and manager.org_id != profile.org_id:
        raise AccountError("Менеджер принадлежит другой организации")
    profile.role = role
    profile.manager = manager
    profile.save(update_fields=["role", "manager"])
    if profile.user.is_active != is_active:
        profile.user.is_active = is_active
        profile.user.save(update_fields=["is_active"])


def access_settings(org: Organisation) -> AccessSettings:
    obj, _ = AccessSettings.objects.get_or_create(org=org)
    return obj
