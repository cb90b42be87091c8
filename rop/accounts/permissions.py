"""Who may see and do what: the single place for tenant and role rules.

Every UI view and export gets its querysets from here, so a page can never show another
organisation's rows or calls outside the user's scope. Objects outside the scope are 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from rop.accounts.models import AccessSettings, Profile, Role
from rop.calls.models import Call
from rop.calls.services import MSG_CALL_NOT_FOUND
from rop.core.errors import NotFound
from rop.org.models import Manager, Office, OfficeMembership
from rop.tenants.models import Organisation

AnyUser = AbstractBaseUser | AnonymousUser


class Capability(StrEnum):
    """A page or action a role may be allowed; the value names the Access property that decides."""

    VIEW_CALLS = "can_view_calls"
    EDIT_SCRIPTS = "can_edit_scripts"
    VIEW_ORG_STRUCTURE = "can_view_org_structure"
    VIEW_DELIVERIES = "can_view_deliveries"
    RESEND = "can_resend"
    MANAGE_KEYS = "can_manage_keys"
    MANAGE_USERS = "can_manage_users"
    REANALYSE = "can_reanalyse"
    VIEW_SETTINGS = "can_view_settings"
    REVIEW = "can_review"


@dataclass(frozen=True)
class Access:
    """A user's resolved access: organisation, role and (for scoped roles) the CRM person."""

    profile: Profile
    org: Organisation
    role: Role
    manager_id: int | None  # Manager.pk linked to the user
    managers_see_own_calls: bool

    def has(self, capability: Capability | str) -> bool:
        """Whether the role has the capability (a Capability or its value)."""
        return bool(getattr(self, Capability(capability).value))

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.ADMIN, Role.ROP)

    # Capabilities (pages and actions).
    @property
    def can_view_calls(self) -> bool:
        if self.role == Role.MANAGER:
            return self.managers_see_own_calls and self.manager_id is not None
        return True

    @property
    def can_edit_scripts(self) -> bool:
        return self.role in (Role.ADMIN, Role.ROP)

    @property
    def can_view_org_structure(self) -> bool:
        return self.role in (Role.ADMIN, Role.ROP)

    @property
    def can_view_deliveries(self) -> bool:
        return self.role in (Role.ADMIN, Role.ROP)

    @property
    def can_resend(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_manage_keys(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_manage_users(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_reanalyse(self) -> bool:
        return self.role in (Role.ADMIN, Role.ROP)

    @property
    def can_view_settings(self) -> bool:
        return self.role in (Role.ADMIN, Role.ROP)

    @property
    def can_review(self) -> bool:
        """Set a verdict or a value by hand: РОП org-wide, an office leader for the own office's calls."""
        return self.role in (Role.ADMIN, Role.ROP, Role.LEADER)


def access_for(user: AnyUser) -> Access | None:
    if not user.is_authenticated or not user.is_active:
        return None
    profile = Profile.objects.select_related("org").filter(user_id=user.pk).first()
    if profile is None:
        return None
    own = AccessSettings.objects.filter(org=profile.org).values_list("managers_see_own_calls", flat=True).first()
    return Access(profile=profile, org=profile.org, role=Role(profile.role), manager_id=profile.manager_id,
                  managers_see_own_calls=bool(own))


def require(access: Access | None, capability: Capability | str) -> Access:
    """The access, or PermissionDenied (403) when the role lacks the capability."""
    if access is None:
        raise PermissionDenied("Нет доступа")
    if not access.has(capability):
        raise PermissionDenied("Недостаточно прав для этой страницы")
    return access


def led_office_ids(access: Access) -> list[int]:
    if access.manager_id is None:
        return []
    return list(
        OfficeMembership.objects.filter(
            manager_id=access.manager_id, role=OfficeMembership.ROLE_LEADER, office__org=access.org
        ).values_list("office_id", flat=True)
    )


def offices_for(access: Access) -> QuerySet[Office]:
    qs = Office.objects.filter(org=access.org)
    if access.sees_everything:
        return qs
    if access.role == Role.LEADER:
        return qs.filter(pk__in=led_office_ids(access))
    if access.role == Role.MANAGER and access.can_view_calls and access.manager_id is not None:
        return qs.filter(memberships__manager_id=access.manager_id).distinct()
    return qs.none()


def managers_for(access: Access) -> QuerySet[Manager]:
    qs = Manager.objects.filter(org=access.org)
    if access.sees_everything:
        return qs
    if access.role == Role.LEADER:
        offices = led_office_ids(access)
        return qs.filter(memberships__office_id__in=offices).distinct()
    if access.role == Role.MANAGER and access.can_view_calls and access.manager_id is not None:
        return qs.filter(pk=access.manager_id)
    return qs.none()


def calls_for(access: Access) -> QuerySet[Call]:
    qs = Call.objects.filter(org=access.org)
    if access.sees_everything:
        return qs
    if access.role == Role.LEADER:
        ids = list(managers_for(access).values_list("pk", flat=True))
        return qs.filter(manager_id__in=ids)
    if access.role == Role.MANAGER and access.can_view_calls and access.manager_id is not None:
        return qs.filter(manager_id=access.manager_id)
    return qs.none()


def get_call(access: Access, pk: int) -> Call:
    """A call in the user's scope, or NotFound (another tenant's id looks like a missing one)."""
    call = calls_for(access).select_related("manager").filter(pk=pk).first()
    if call is None:
        raise NotFound(MSG_CALL_NOT_FOUND)
    return call


def org_scoped(qs: QuerySet[Any], access: Access, field: str = "org") -> QuerySet[Any]:
    """Any organisation-owned queryset narrowed to the user's organisation."""
    return qs.filter(**{field: access.org})
