"""rop.net.http.resolve: SSRF checks on every resolved address, and a DNS lookup that cannot hang."""

from __future__ import annotations

import socket
import threading

import pytest

from rop.net import http


def test_localhost_name_is_blocked_unless_loopback_is_allowed() -> None:
    with pytest.raises(http.BlockedAddress):
        http.resolve("localhost", 80, http.Policy())
    assert "127.0.0.1" in http.resolve("localhost", 80, http.Policy(allow_loopback=True))


def test_metadata_address_is_blocked_even_when_private_and_loopback_are_allowed() -> None:
    with pytest.raises(http.BlockedAddress):
        http.resolve("169.254.169.254", 80, http.Policy(allow_loopback=True, allow_private=True))


def test_a_hanging_dns_lookup_fails_after_the_timeout_as_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def hanging(*args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        release.wait(10)  # a resolver that does not answer
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        with pytest.raises(http.HttpError) as info:
            http.resolve("crm.example.invalid", 80, http.Policy(), timeout=0.2)
        assert info.value.transient is True
        assert "DNS не ответил вовремя" in info.value.message
    finally:
        release.set()
