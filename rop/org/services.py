"""Offices and managers as synced from the CRM: upsert by id, never delete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from rop.org.models import Manager, Office, OfficeMembership
from rop.tenants.models import Organisation


@dataclass(frozen=True)
class OfficeIn:
    office_id: str
    office_title: str
    leader_ids: list[str]
    managers_ids: list[str]


@dataclass(frozen=True)
class ManagerIn:
    manager_id: str
    name: str
    surname: str
    middlename: str


def ensure_manager(org: Organisation, manager_id: str) -> Manager:
    """Return the manager, creating a placeholder when the id is new."""
    manager = Manager.objects.filter(org=org, manager_id=manager_id).first()
    if manager:
        return manager
    try:
        with transaction.atomic():
            return Manager.objects.create(org=org, manager_id=manager_id)
    except IntegrityError:  # created concurrently
        return Manager.objects.get(org=org, manager_id=manager_id)


def _ensure_managers(org: Organisation, ids: Iterable[str]) -> dict[str, Manager]:
    wanted = set(ids)
    found = {m.manager_id: m for m in Manager.objects.filter(org=org, manager_id__in=wanted)}
    missing = [Manager(org=org, manager_id=i) for i in wanted - found.keys()]
    if missing:
        Manager.objects.bulk_create(missing, ignore_conflicts=True)
        found = {m.manager_id: m for m in Manager.objects.filter(org=org, manager_id__in=wanted)}
    return found


def update_offices(org: Organisation, offices: list[OfficeIn]) -> dict[str, int]:
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for item in offices:
            office, was_created = Office.objects.get_or_create(
                org=org, office_id=item.office_id, defaults={"title": item.office_title, "synced_at": now}
            )
            created += int(was_created)
            if not was_created:
                office.title = item.office_title
                office.synced_at = now
                office.save(update_fields=["title", "synced_at"])
            people = _ensure_managers(org, [*item.leader_ids, *item.managers_ids])
            office.memberships.all().delete()
            rows = [
                OfficeMembership(office=office, manager=people[i], role=OfficeMembership.ROLE_LEADER)
                for i in dict.fromkeys(item.leader_ids)
            ] + [
                OfficeMembership(office=office, manager=people[i], role=OfficeMembership.ROLE_MANAGER)
                for i in dict.fromkeys(item.managers_ids)
            ]
            OfficeMembership.objects.bulk_create(rows)
    return {"offices": len(offices), "created": created, "updated": len(offices) - created}


def update_managers(org: Organisation, managers: list[ManagerIn]) -> dict[str, int]:
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for item in managers:
            fields = {
                "name": item.name,
                "surname": item.surname,
                "middlename": item.middlename,
                "is_placeholder": False,
                "synced_at": now,
            }
            _, was_created = Manager.objects.update_or_create(org=org, manager_id=item.manager_id, defaults=fields)
            created += int(was_created)
    return {"managers": len(managers), "created": created, "updated": len(managers) - created}
