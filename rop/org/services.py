"""Offices and managers as synced from the CRM: upsert by id, never delete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from rop import config
from rop.core.db import batches
from rop.core.errors import InvalidInput
from rop.org.models import Manager, Office, OfficeMembership
from rop.tenants.models import Organisation

# Rows written per transaction: short enough that other writers (intake) wait milliseconds.
BATCH_ROWS = 500
# Office syncs may name up to this many people per office entry allowed (leaders and managers).
PEOPLE_PER_ITEM = 10


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


def check_sync_size(entries: int, people: int = 0) -> None:
    """Refuse a sync request larger than the documented limit (the CRM sends big lists in parts).

    Bounded requests keep every write transaction short, so one organisation's sync cannot hold
    SQLite's single write lock long enough to stall other organisations' intake."""
    limit = config.get().sync_max_items
    if entries > limit:
        raise InvalidInput(f"Слишком много записей в одном запросе: {entries}. Не более {limit} за запрос — "
                           "отправьте список частями")
    if people > limit * PEOPLE_PER_ITEM:
        raise InvalidInput(f"Слишком много сотрудников в одном запросе: {people}. Не более "
                           f"{limit * PEOPLE_PER_ITEM} за запрос — отправьте офисы частями")


def _office_batches(offices: list[OfficeIn]) -> list[list[OfficeIn]]:
    """Offices grouped so that each transaction touches at most about BATCH_ROWS people."""
    groups: list[list[OfficeIn]] = [[]]
    rows = 0
    for item in offices:
        size = 1 + len(item.leader_ids) + len(item.managers_ids)
        if groups[-1] and rows + size > BATCH_ROWS:
            groups.append([])
            rows = 0
        groups[-1].append(item)
        rows += size
    return [g for g in groups if g]


def update_offices(org: Organisation, offices: list[OfficeIn]) -> dict[str, int]:
    now = timezone.now()
    created = 0
    for group in _office_batches(offices):
        with transaction.atomic():
            created += sum(_upsert_office(org, item, now) for item in group)
    return {"offices": len(offices), "created": created, "updated": len(offices) - created}


def _upsert_office(org: Organisation, item: OfficeIn, now: datetime) -> bool:
    office, was_created = Office.objects.get_or_create(
        org=org, office_id=item.office_id, defaults={"title": item.office_title, "synced_at": now}
    )
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
    return was_created


def update_managers(org: Organisation, managers: list[ManagerIn]) -> dict[str, int]:
    """Upsert by manager_id in batches of BATCH_ROWS, each its own short transaction (the last
    entry wins when an id repeats)."""
    now = timezone.now()
    latest = {item.manager_id: item for item in managers}
    ids = list(latest)
    created = 0
    for batch in batches(ids, BATCH_ROWS):
        known = Manager.objects.filter(org=org, manager_id__in=batch).count()
        created += len(batch) - known
        rows = [
            Manager(org=org, manager_id=i, name=latest[i].name, surname=latest[i].surname,
                    middlename=latest[i].middlename, is_placeholder=False, synced_at=now)
            for i in batch
        ]
        with transaction.atomic():
            Manager.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["org", "manager_id"],
                update_fields=["name", "surname", "middlename", "is_placeholder", "synced_at"],
            )
    return {"managers": len(managers), "created": created, "updated": len(managers) - created}
