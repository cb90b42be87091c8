"""Web users: each belongs to one organisation with one role."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rop.org.models import Manager
from rop.tenants.models import Organisation, TenantOwned


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    ROP = "rop", "РОП"
    LEADER = "leader", "Руководитель офиса"
    MANAGER = "manager", "Менеджер"


class Profile(TenantOwned, related_name="profiles"):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ROP)
    # The CRM person this user is (office leader / manager scoping goes through it).
    manager = models.ForeignKey(Manager, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()}, {self.org.name})"


class AccessSettings(models.Model):
    """Per-organisation access switches for the web UI."""

    org = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="access_settings")
    managers_see_own_calls = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Доступ: {self.org.name}"


class LoginFailure(models.Model):
    """One wrong password (rop.accounts.throttle counts recent ones per account and per address)."""

    username = models.CharField(max_length=150, db_index=True)  # lower-cased as typed
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"
