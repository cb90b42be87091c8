"""rop.net.http.resolve: SSRF checks on every resolved address, and a DNS lookup that cannot hang."""

from __future__ import annotations

import socket
import threading
from typing import Any

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

    def hanging(*args: object, **kwargs: object) -> list[object]:
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


def test_ipv6_loopback_literal_follows_the_loopback_allowance() -> None:
    with pytest.raises(http.BlockedAddress, match="loopback"):
        http.resolve("[::1]", 80, http.Policy())
    assert http.resolve("[::1]", 80, http.Policy(allow_loopback=True)) == ["::1"]
    assert len(http.resolve("::ffff:127.0.0.1", 80, http.Policy(allow_loopback=True))) == 1


def test_unspecified_addresses_stay_blocked_with_loopback_allowed() -> None:
    for host in ("::", "0.0.0.0"):
        with pytest.raises(http.BlockedAddress):
            http.resolve(host, 80, http.Policy(allow_loopback=True, allow_private=True))


def test_localhost_resolving_to_ipv6_first_is_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def ipv6_first(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host != "localhost":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", ipv6_first)
    assert http.resolve("localhost", 80, http.Policy(allow_loopback=True)) == ["::1", "127.0.0.1"]
    with pytest.raises(http.BlockedAddress):
        http.resolve("localhost", 80, http.Policy())


def test_audio_and_webhook_allowances_are_separate(monkeypatch: pytest.MonkeyPatch) -> None:
    from rop import config

    monkeypatch.setenv("ROP_FETCH_ALLOW_LOOPBACK", "1")
    monkeypatch.setenv("ROP_FETCH_ALLOW_PRIVATE", "0")
    monkeypatch.setenv("ROP_WEBHOOK_ALLOW_LOOPBACK", "0")
    monkeypatch.setenv("ROP_WEBHOOK_ALLOW_PRIVATE", "1")
    config.reset()
    try:
        assert http.Policy.audio() == http.Policy(allow_loopback=True, allow_private=False)
        assert http.Policy.webhooks() == http.Policy(allow_loopback=False, allow_private=True)
    finally:
        monkeypatch.undo()
        config.reset()
