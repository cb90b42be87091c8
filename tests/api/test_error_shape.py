"""Every error under /api/ is JSON in the envelope (never an HTML page), whoever produced it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import envelope_error


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-endpoint", "/api/v2/calls", "/api/", "/api/v1/calls/a/b/c"]
)
def test_unknown_api_path_is_404_json(client: Client, api_key: str, path: str) -> None:
    resp = client.get(path, {"apiKey": api_key})
    assert resp.status_code == 404
    envelope_error(resp)


@pytest.mark.parametrize("method,path", [("GET", "/api/v1/calls/audio-upload"), ("DELETE", "/api/v1/calls"),
                                         ("PUT", "/api/v1/settings/offices-update"),
                                         ("POST", "/api/v1/tables/call-ready")])
def test_wrong_method_is_405_json(client: Client, api_key: str, method: str, path: str) -> None:
    resp = client.generic(method, f"{path}?apiKey={api_key}")
    assert resp.status_code == 405
    assert envelope_error(resp) == "Метод не поддерживается"


def test_unexpected_exception_is_500_json_without_details(
    client: Client, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rop.calls import services

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services, "find_call", boom)
    client.raise_request_exception = False
    resp = client.get(f"/api/v1/calls/x?apiKey={api_key}")
    assert resp.status_code == 500
    assert envelope_error(resp) == "Внутренняя ошибка сервера"
    assert b"secret internals" not in resp.content
