"""Administrative actions land in the audit log (who, what, which object, when), visible to the
organisation's administrators only, newest first and paged; secrets never appear in it."""

from __future__ import annotations

from django.test import Client

from rop.audit.models import Action, AuditEntry
from rop.audit.services import PAGE_SIZE, record
from tests.ui.factories import Tenant, login


def _actions(tenant: Tenant) -> list[str]:
    return list(AuditEntry.objects.filter(org=tenant.org).values_list("action", flat=True))


def test_key_and_user_actions_are_recorded_with_the_actor(client: Client, tenant: Tenant) -> None:
    admin = tenant.users["admin"]
    login(client, admin)
    body = client.post("/settings/keys/", {"name": "CRM"}).content.decode()
    client.post("/settings/users/", {"username": "olga", "password": "long-password-9", "role": "rop"})
    rop = tenant.users["rop"]
    client.post(f"/settings/users/{rop.pk}/password", {"password": "brand-new-pass-1"})
    client.post(f"/settings/users/{rop.pk}/", {"role": "leader", "is_active": "on"})
    client.post("/settings/users/access", {"managers_see_own_calls": "on"})
    client.post("/settings/organisation/", {"manager_channel": "right", "vocabulary": "ипотека"})
    actions = _actions(tenant)
    for action in (Action.KEY_CREATED, Action.USER_CREATED, Action.PASSWORD_CHANGED, Action.USER_UPDATED,
                   Action.ACCESS_UPDATED, Action.SETTINGS_UPDATED):
        assert action.value in actions, (action, actions)
    entry = AuditEntry.objects.get(org=tenant.org, action=Action.USER_CREATED)
    assert entry.actor == admin and entry.actor_name == admin.username and entry.object == "olga"
    # Neither the new key nor any password is stored in the log.
    everything = " ".join(f"{e.object} {e.details}" for e in AuditEntry.objects.all())
    assert "brand-new-pass-1" not in everything and "long-password-9" not in everything
    raw = body.split('id="new-key-value">', 1)[1].split("<", 1)[0]
    assert raw and raw not in everything


def test_key_revocation_is_recorded(client: Client, tenant: Tenant) -> None:
    from rop.tenants.services import create_key

    key, _ = create_key(tenant.org, "Старый")
    login(client, tenant.users["admin"])
    assert client.post(f"/settings/keys/{key.pk}/revoke").status_code == 302
    entry = AuditEntry.objects.get(org=tenant.org, action=Action.KEY_REVOKED)
    assert entry.object.startswith(key.prefix)


def test_audit_page_lists_entries_newest_first_and_pages(client: Client, tenant: Tenant,
                                                          other: Tenant) -> None:
    for i in range(PAGE_SIZE + 5):
        record(tenant.org, tenant.users["admin"], Action.CHECKLIST_SAVED, f"Чек-лист {i:03d}")
    record(other.org, other.users["admin"], Action.KEY_CREATED, "чужой-ключ")
    login(client, tenant.users["admin"])
    first = client.get("/settings/audit/").content.decode()
    assert first.index(f"Чек-лист {PAGE_SIZE + 4:03d}") < first.index(f"Чек-лист {PAGE_SIZE:03d}")
    assert "Чек-лист 000" not in first and "чужой-ключ" not in first
    second = client.get("/settings/audit/", {"page": "2"}).content.decode()
    assert "Чек-лист 000" in second
    assert client.get("/settings/audit/", {"page": "99999999999999999999"}).status_code == 200


def test_audit_page_is_for_admins_only(client: Client, tenant: Tenant) -> None:
    client.raise_request_exception = False
    for role in ("rop", "leader", "manager"):
        login(client, tenant.users[role])
        assert client.get("/settings/audit/").status_code == 403
