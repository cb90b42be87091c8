"""`record(...)`: write one audit entry. Call it after the action succeeded; pass no secrets."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator

from rop.audit.models import Action, AuditEntry
from rop.tenants.models import Organisation

log = logging.getLogger("rop.audit")

PAGE_SIZE = 50

__all__ = ["PAGE_SIZE", "Action", "AuditEntry", "entries", "record"]


def record(org: Organisation, actor: AbstractBaseUser | AnonymousUser | None, action: Action | str,
           obj: str = "", **details: Any) -> AuditEntry:
    """Record an administrative action of `actor` (None: the system or the command line)."""
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    name = user.get_username() if user is not None else "система"
    entry = AuditEntry.objects.create(org=org, actor=user, actor_name=name, action=Action(action).value,
                                      object=str(obj)[:300], details=details)
    log.info("audit: org=%s actor=%s action=%s object=%s", org.pk, name, entry.action, entry.object)
    return entry


def entries(org: Organisation, page: str | int | None) -> Page[AuditEntry]:
    """One page of the organisation's entries, newest first (a bad page number: the nearest page)."""
    qs = AuditEntry.objects.filter(org=org).order_by("-at", "-id")
    return Paginator(qs, PAGE_SIZE).get_page(page)
