"""Settings → API keys (shown once, revoke) and users (create, role, manager link, password reset)."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client

from rop.tenants.models import ApiKey
from rop.tenants.services import authenticate
from tests.ui.factories import Tenant


def test_key_is_shown_once_and_works_until_revoked(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    body = client.post("/settings/keys/", {"name": "CRM"}).content.decode()
    found = re.search(r'id="new-key-value">([^<]+)<', body)
    assert found, body
    raw = found.group(1)
    key = authenticate(raw)
    assert key is not None and key.org == tenant.org and key.name == "CRM"
    assert raw not in client.get("/settings/keys/").content.decode()
    assert client.post(f"/settings/keys/{key.pk}/revoke").status_code == 302
    assert authenticate(raw) is None
    assert "Отозван" in client.get("/settings/keys/").content.decode()


def test_admin_creates_a_leader_linked_to_a_manager(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    resp = client.post(
        "/settings/users/",
        {
            "username": "olga",
            "email": "o@example.ru",
            "password": "long-password-9",
            "role": "leader",
            "manager": str(tenant.managers["lead1"].pk),
        },
    )
    assert resp.status_code == 302
    user = User.objects.get(username="olga")
    assert user.profile.org == tenant.org and user.profile.role == "leader"
    assert user.profile.manager == tenant.managers["lead1"] and user.check_password("long-password-9")


def test_short_password_and_duplicate_username_are_refused_in_russian(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    body = client.post(
        "/settings/users/", {"username": "x1", "password": "short", "role": "rop"}, follow=True
    )
    assert "слишком короткий" in body.content.decode().lower() or "короткий" in body.content.decode()
    body = client.post(
        "/settings/users/", {"username": "org-rop", "password": "long-password-9", "role": "rop"}, follow=True
    )
    assert "уже существует" in body.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_admin_resets_another_users_password(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    rop = tenant.users["rop"]
    assert (
        client.post(f"/settings/users/{rop.pk}/password", {"password": "brand-new-pass-1"}).status_code == 302
    )
    rop.refresh_from_db()
    assert rop.check_password("brand-new-pass-1")


def test_admin_changes_role_and_cannot_demote_self(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    rop = tenant.users["rop"]
    client.post(f"/settings/users/{rop.pk}/", {"role": "manager", "manager": str(tenant.managers["m2"].pk),
                                               "is_active": "on"})
    rop.profile.refresh_from_db()
    assert rop.profile.role == "manager" and rop.profile.manager == tenant.managers["m2"]
    admin = tenant.users["admin"]
    body = client.post(f"/settings/users/{admin.pk}/", {"role": "rop"}, follow=True).content.decode()
    assert "Нельзя снять с себя роль администратора" in body
    admin.profile.refresh_from_db()
    assert admin.profile.role == "admin"


def test_manager_link_from_another_org_is_refused(client: Client, tenant: Tenant, other: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    body = client.post(
        "/settings/users/",
        {
            "username": "spy",
            "password": "long-password-9",
            "role": "manager",
            "manager": str(other.managers["m1"].pk),
        },
        follow=True,
    ).content.decode()
    assert "Менеджер не найден" in body and not User.objects.filter(username="spy").exists()


def test_org_page_shows_synced_offices_and_managers(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    body = client.get("/settings/org/").content.decode()
    assert "Офис Центр" in body and "Руководова Ольга" in body and "последняя синхронизация" in body
    assert ApiKey.objects.count() == 0


def test_admin_sets_channel_and_vocabulary(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    resp = client.post(
        "/settings/organisation/", {"manager_channel": "right", "vocabulary": "Приморский, ЖК Лето"}
    )
    assert resp.status_code == 302
    tenant.org.refresh_from_db()
    assert tenant.org.manager_channel == "right" and tenant.org.vocabulary == "Приморский, ЖК Лето"
    body = client.post("/settings/organisation/", {"manager_channel": "middle"}, follow=True).content.decode()
    assert "Выберите канал менеджера" in body
    tenant.org.refresh_from_db()
    assert tenant.org.manager_channel == "right"
