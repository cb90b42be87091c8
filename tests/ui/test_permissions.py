"""Every role × every page: allowed (200), forbidden (403), or out of scope (404)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.ui.factories import Tenant

ROLES = ["admin", "rop", "leader", "manager"]
A, R, L, M = ROLES

# (page name, url builder, roles that get 200; every other role gets 403)
PAGES: list[tuple[str, Callable[[Tenant], str], set[str]]] = [
    ("calls", lambda t: "/calls/", {A, R, L, M}),
    ("dashboard", lambda t: "/dashboard/", {A, R, L, M}),
    ("checklists", lambda t: "/settings/checklists/", {A, R}),
    ("checklist_new", lambda t: "/settings/checklists/new", {A, R}),
    ("checklist_edit", lambda t: f"/settings/checklists/{t.checklist.pk}/", {A, R}),
    ("stage_row", lambda t: "/settings/checklists/stage-row", {A, R}),
    ("tables", lambda t: "/settings/tables/", {A, R}),
    ("table_new", lambda t: "/settings/tables/new", {A, R}),
    ("field_row", lambda t: "/settings/tables/field-row", {A, R}),
    ("keys", lambda t: "/settings/keys/", {A}),
    ("users", lambda t: "/settings/users/", {A}),
    ("org", lambda t: "/settings/org/", {A, R}),
    ("organisation", lambda t: "/settings/organisation/", {A}),
    ("deliveries", lambda t: "/settings/webhooks/", {A, R}),
]

# Calls: m1 and m2 are in the leader's office; m1 is the manager user's own; m3 is elsewhere.
CALL_SCOPE = {
    "m1": {A, R, L, M},
    "m2": {A, R, L},
    "m3": {A, R},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url,allowed", PAGES, ids=[p[0] for p in PAGES])
def test_role_gets_page_only_when_allowed(client: Client, tenant: Tenant, role: str, name: str,
                                          url: Callable[[Tenant], str], allowed: set[str]) -> None:
    client.force_login(tenant.users[role])
    resp = client.get(url(tenant))
    assert resp.status_code == (200 if role in allowed else 403), resp.content[:500]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("who", sorted(CALL_SCOPE))
@pytest.mark.parametrize("suffix", ["", "audio"])
def test_call_page_and_audio_follow_the_role_scope(client: Client, tenant: Tenant, role: str, who: str,
                                                   suffix: str) -> None:
    call = tenant.calls[who]
    client.force_login(tenant.users[role])
    resp = client.get(f"/calls/{call.pk}/{suffix}")
    if role not in CALL_SCOPE[who]:
        assert resp.status_code == 404
    elif suffix == "audio" and not call.audio_path:
        assert resp.status_code == 404  # in scope, but this call has no audio
    else:
        assert resp.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_calls_list_shows_only_calls_in_scope(client: Client, tenant: Tenant, role: str) -> None:
    client.force_login(tenant.users[role])
    body = client.get("/calls/").content.decode()
    for who, roles in CALL_SCOPE.items():
        assert (tenant.calls[who].call_id in body) == (role in roles), who


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_counts_only_calls_in_scope(client: Client, tenant: Tenant, role: str) -> None:
    client.force_login(tenant.users[role])
    resp = client.get("/dashboard/")
    expected = sum(1 for roles in CALL_SCOPE.values() if role in roles)
    assert f'<b id="kpi-calls">{expected}</b>' in resp.content.decode()


def test_manager_without_the_org_switch_gets_403(client: Client, tenant: Tenant) -> None:
    from rop.accounts.models import AccessSettings

    AccessSettings.objects.filter(org=tenant.org).update(managers_see_own_calls=False)
    client.force_login(tenant.users["manager"])
    assert client.get("/calls/").status_code == 403
    assert client.get(f"/calls/{tenant.calls['m1'].pk}/").status_code == 403
    assert client.get("/dashboard/").status_code == 403


def test_leader_without_a_linked_manager_sees_no_calls(client: Client, tenant: Tenant) -> None:
    profile = tenant.users["leader"].profile
    profile.manager = None
    profile.save()
    client.force_login(tenant.users["leader"])
    body = client.get("/calls/").content.decode()
    assert "Звонков не найдено" in body


@pytest.mark.parametrize("url", ["/calls/", "/dashboard/", "/settings/keys/", "/settings/checklists/"])
def test_anonymous_is_sent_to_login(client: Client, tenant: Tenant, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 302 and resp["Location"].startswith("/login/?next=")


def test_user_without_profile_gets_403(client: Client, tenant: Tenant, django_user_model: type[User]) -> None:
    user = django_user_model.objects.create_user("stray", password="x" * 10, is_superuser=True)
    client.force_login(user)
    assert client.get("/calls/").status_code == 403


@pytest.mark.parametrize("role", [R, L, M])
@pytest.mark.parametrize("path", ["/settings/keys/", "/settings/users/", "/settings/organisation/"])
def test_non_admin_cannot_post_admin_forms(client: Client, tenant: Tenant, role: str, path: str) -> None:
    client.force_login(tenant.users[role])
    resp = client.post(path, {"name": "x", "username": "intruder", "password": "p" * 12, "role": "admin"})
    assert resp.status_code == 403
    from django.contrib.auth.models import User

    from rop.tenants.models import ApiKey

    assert not User.objects.filter(username="intruder").exists()
    assert not ApiKey.objects.filter(org=tenant.org).exists()


@pytest.mark.parametrize("role", [L, M])
def test_leader_and_manager_cannot_reanalyse_or_resend(client: Client, tenant: Tenant, role: str) -> None:
    client.force_login(tenant.users[role])
    assert client.post(f"/calls/{tenant.calls['m1'].pk}/reanalyse").status_code == 403
    assert client.post("/calls/reanalyse").status_code == 403
    assert client.post("/settings/webhooks/1/resend").status_code == 403


def test_error_pages_are_russian_and_api_errors_stay_json(
    client: Client, tenant: Tenant, other: Tenant
) -> None:
    client.force_login(tenant.users["leader"])
    resp = client.get("/settings/keys/")
    assert resp.status_code == 403 and "Нет доступа" in resp.content.decode()
    resp = client.get(f"/calls/{other.calls['m1'].pk}/")
    assert resp.status_code == 404 and "Страница не найдена" in resp.content.decode()
    resp = client.get("/api/v1/no-such-endpoint")
    assert resp.status_code in (401, 404) and resp.json()["error"] is True
