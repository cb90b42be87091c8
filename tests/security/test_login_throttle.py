"""Logins are throttled per account and per client address: after 20 wrong passwords the right one
does not log in (a clear Russian message, 429), no password is even checked meanwhile, and
every login, failure and refusal is logged."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import Client

from rop.accounts.models import LoginFailure
from tests.ui.factories import PASSWORD, Tenant

LOCKED = "Слишком много неудачных попыток входа"


def _login(client: Client, username: str, password: str, address: str = "127.0.0.1") -> tuple[int, str]:
    resp = client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)
    return resp.status_code, resp.content.decode()


def _logged_in(client: Client) -> bool:
    return client.get("/calls/").status_code == 200


def test_after_twenty_wrong_passwords_the_right_one_does_not_log_in(client: Client, tenant: Tenant,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    user = tenant.users["admin"].username
    caplog.set_level(logging.INFO, logger="rop.auth")
    for _ in range(20):
        status, _ = _login(client, user, "wrong-password")
        assert status in (200, 429)
    status, body = _login(client, user, PASSWORD)
    assert status == 429
    assert LOCKED in body
    assert not _logged_in(client)
    assert "login failed: user=" + user in caplog.text
    assert "login refused (locked)" in caplog.text
    assert PASSWORD not in caplog.text and "wrong-password" not in caplog.text


def test_the_lock_is_per_account_even_from_other_addresses(client: Client, tenant: Tenant) -> None:
    user = tenant.users["rop"].username
    for i in range(5):
        _login(client, user, "wrong-password", address=f"192.0.2.{i}")
    status, body = _login(client, user, PASSWORD, address="198.51.100.7")
    assert status == 429 and LOCKED in body
    # Another account is not affected.
    status, _ = _login(client, tenant.users["leader"].username, PASSWORD, address="198.51.100.7")
    assert status == 302


def test_one_address_trying_many_accounts_is_locked(client: Client, tenant: Tenant) -> None:
    for i in range(20):
        _login(client, f"nobody-{i}", "wrong-password", address="203.0.113.9")
    status, body = _login(client, tenant.users["manager"].username, PASSWORD, address="203.0.113.9")
    assert status == 429 and LOCKED in body
    status, _ = _login(client, tenant.users["manager"].username, PASSWORD, address="203.0.113.10")
    assert status == 302


def test_the_lock_ends_after_the_lockout_period(client: Client, tenant: Tenant) -> None:
    user = tenant.users["admin"].username
    for _ in range(6):
        _login(client, user, "wrong-password")
    assert _login(client, user, PASSWORD)[0] == 429
    LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(minutes=16))  # type: ignore[union-attr]
    assert _login(client, user, PASSWORD)[0] == 302
    assert _logged_in(client)
    assert not LoginFailure.objects.filter(username=user.lower()).exists()  # success clears the count


def test_a_few_typos_do_not_lock(client: Client, tenant: Tenant, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rop.auth")
    user = tenant.users["admin"].username
    for _ in range(3):
        status, body = _login(client, user, "typo")
        assert status == 200 and "Неверное имя пользователя или пароль" in body
    assert _login(client, user, PASSWORD)[0] == 302
    assert f"login: user={user}" in caplog.text
