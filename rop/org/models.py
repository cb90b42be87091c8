from __future__ import annotations

from django.db import models
from django.utils import timezone

from rop.tenants.models import TenantOwned


class Manager(TenantOwned, related_name="managers"):
    """A CRM user (manager or leader). A placeholder until managers-update names it."""

    manager_id = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True, default="")
    surname = models.CharField(max_length=255, blank=True, default="")
    middlename = models.CharField(max_length=255, blank=True, default="")
    is_placeholder = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "manager_id"], name="manager_org_id")]
        ordering = ["surname", "name", "manager_id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.surname, self.name, self.middlename]
        text = " ".join(p for p in parts if p)
        return text or self.manager_id


class Office(TenantOwned, related_name="offices"):
    office_id = models.CharField(max_length=255)
    title = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "office_id"], name="office_org_id")]
        ordering = ["title", "office_id"]

    def __str__(self) -> str:
        return self.title or self.office_id


class OfficeMembership(models.Model):
    ROLE_LEADER = "leader"
    ROLE_MANAGER = "manager"
    ROLES = [(ROLE_LEADER, "Руководитель"), (ROLE_MANAGER, "Менеджер")]

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    manager = models.ForeignKey(Manager, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=ROLES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "manager", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.manager} ({self.role})"
