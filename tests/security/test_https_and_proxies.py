"""Secure cookies and HSTS only on https (directly, or said by a trusted proxy); X-Forwarded-*
from anyone else is ignored; the CSP header is on UI pages; unknown Host names are refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from rop import config
from rop.core import security
from tests.ui.factories import PASSWORD, Tenant


@pytest.fixture
def trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ROP_TRUSTED_PROXIES", "10.9.0.0/16, ::1")
    config.reset()
    security._trusted.cache_clear()
    yield
    monkeypatch.delenv("ROP_TRUSTED_PROXIES")
    config.reset()
    security._trusted.cache_clear()


def _login(client: Client, tenant: Tenant, **extra: Any) -> Any:
    return client.post("/login/", {"username": tenant.users["admin"].username, "password": PASSWORD}, **extra)


def test_plain_http_login_sets_no_secure_cookie_and_no_hsts(client: Client, tenant: Tenant) -> None:
    resp = _login(client, tenant)
    assert resp.status_code == 302
    assert not resp.cookies["sessionid"]["secure"]
    assert "Strict-Transport-Security" not in resp.headers


def test_https_login_sets_secure_cookie_and_hsts(client: Client, tenant: Tenant) -> None:
    resp = _login(client, tenant, secure=True)
    assert resp.status_code == 302
    assert resp.cookies["sessionid"]["secure"] and resp.cookies["sessionid"]["httponly"]
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_forwarded_proto_from_an_untrusted_peer_is_ignored(client: Client, tenant: Tenant) -> None:
    resp = _login(client, tenant, REMOTE_ADDR="10.9.1.1", HTTP_X_FORWARDED_PROTO="https")
    assert not resp.cookies["sessionid"]["secure"]
    assert "Strict-Transport-Security" not in resp.headers


def test_forwarded_proto_from_a_trusted_proxy_means_https(client: Client, tenant: Tenant,
                                                          trusted_proxy: None) -> None:
    resp = _login(client, tenant, REMOTE_ADDR="10.9.1.1", HTTP_X_FORWARDED_PROTO="https",
                  HTTP_X_FORWARDED_FOR="203.0.113.5", HTTP_ORIGIN="https://testserver")
    assert resp.status_code == 302
    assert resp.cookies["sessionid"]["secure"]
    assert "Strict-Transport-Security" in resp.headers


def test_client_address_comes_from_a_trusted_proxy_only(trusted_proxy: None) -> None:
    assert security.forwarded_client("10.9.1.1", "198.51.100.1, 203.0.113.5") == "203.0.113.5"
    assert security.forwarded_client("10.9.1.1", "203.0.113.5, 10.9.2.2") == "203.0.113.5"
    assert security.forwarded_client("192.0.2.1", "203.0.113.5") == "192.0.2.1"


def test_throttling_counts_the_forwarded_client_address(client: Client, tenant: Tenant,
                                                        trusted_proxy: None) -> None:
    for i in range(20):
        client.post("/login/", {"username": f"x{i}", "password": "bad-password"}, REMOTE_ADDR="10.9.1.1",
                    HTTP_X_FORWARDED_FOR="203.0.113.77")
    blocked = _login(client, tenant, REMOTE_ADDR="10.9.1.1", HTTP_X_FORWARDED_FOR="203.0.113.77")
    other = _login(client, tenant, REMOTE_ADDR="10.9.1.1", HTTP_X_FORWARDED_FOR="203.0.113.78")
    assert blocked.status_code == 429 and other.status_code == 302


def test_ui_pages_carry_the_csp(client: Client) -> None:
    csp = client.get("/login/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp and "frame-ancestors 'none'" in csp


def test_unknown_host_is_refused_by_default(client: Client) -> None:
    client.raise_request_exception = False
    assert client.get("/login/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/login/", HTTP_HOST="127.0.0.1").status_code == 200


def test_allowed_hosts_default_adds_the_served_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROP_ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv("ROP_HOST", "crm-box.lan,192.168.1.20")
    assert config.load().allowed_hosts == ["localhost", "127.0.0.1", "[::1]", "crm-box.lan", "192.168.1.20"]
    monkeypatch.setenv("ROP_ALLOWED_HOSTS", "rop.example.ru")
    assert config.load().allowed_hosts == ["rop.example.ru"]
