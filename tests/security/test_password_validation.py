"""Weak passwords are refused wherever a password is set: `rop createadmin`, the users page
(new user, password change)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from rop.accounts.models import Profile
from tests.ui.factories import Tenant, login


@pytest.mark.parametrize("password", ["password", "12345678", "qwertyui", "87654321"])
def test_createadmin_refuses_common_and_numeric_passwords(db, password: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError) as exc:
        call_command("createadmin", "--org", "Гамма", "--username", "boss", "--password", password,
                     "--no-input")
    assert any(word in str(exc.value) for word in ("распространён", "цифр")), str(exc.value)
    assert not Profile.objects.filter(user__username="boss").exists()


def test_createadmin_refuses_a_password_like_the_username(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError):
        call_command("createadmin", "--org", "Гамма", "--username", "superboss1", "--password", "superboss1",
                     "--no-input")


def test_createadmin_generated_password_passes(db, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("createadmin", "--org", "Гамма", "--username", "first", "--generate-password", "--no-input")
    assert "Password (shown once)" in capsys.readouterr().out


def test_users_page_refuses_a_common_password(client: Client, tenant: Tenant) -> None:
    login(client, tenant.users["admin"])
    body = client.post("/settings/users/", {"username": "weak", "password": "password", "role": "rop"},
                       follow=True).content.decode()
    assert "распространён" in body
    assert not Profile.objects.filter(user__username="weak").exists()


def test_password_change_refuses_a_common_password(client: Client, tenant: Tenant) -> None:
    login(client, tenant.users["admin"])
    rop = tenant.users["rop"]
    client.post(f"/settings/users/{rop.pk}/password", {"password": "12345678"}, follow=True)
    rop.refresh_from_db()
    assert not rop.check_password("12345678")
