"""60 requests a minute per key (the document's limit), counted in the database and so shared by
every server process: the 61st in the same minute gets 429 with Retry-After, in the envelope."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from rop.tenants.models import Organisation
from tests.api import seeddoc
from tests.support.ropenv import LiveServer, RopEnv


def _burst(servers: list[LiveServer], key: str, n: int) -> list[tuple[int, dict[str, str], dict[str, Any]]]:
    return [servers[i % len(servers)].request("GET", f"/calls/none-{i}", key=key) for i in range(n)]


def test_61st_request_across_two_server_processes_is_429_with_retry_after(ropenv: RopEnv) -> None:
    limit = seeddoc.max_requests_per_minute()
    assert limit == 60
    a = ropenv.serve(web_workers=1)
    b = ropenv.serve(web_workers=1)
    assert a.proc.pid != b.proc.pid and a.base != b.base
    for _attempt in range(2):  # the window is a calendar minute: redo if the burst straddled its edge
        key = ropenv.createkey(f"Лимит {_attempt}")
        started = time.time()
        answers = _burst([a, b], key, limit + 1)
        if int(started // 60) == int(time.time() // 60):
            break
    else:
        raise AssertionError("two bursts in a row straddled a minute boundary")
    assert [s for s, _, _ in answers[:limit]] == [404] * limit  # authenticated and counted, on both servers
    status, headers, body = answers[limit]
    assert status == 429
    assert body["data"] is False and body["error"] is True and "лимит" in body["message"].lower()
    retry_after = int(headers["Retry-After"])
    assert 1 <= retry_after <= 60
    # Another key of the same server is not affected.
    other = ropenv.createkey("Лимит другой ключ")
    assert a.request("GET", "/calls/x", key=other)[0] == 404


def test_limit_is_configurable_with_rop_rate_limit_per_minute(ropenv: RopEnv) -> None:
    server = ropenv.serve(web_workers=1, env={"ROP_RATE_LIMIT_PER_MINUTE": "3"})
    for _attempt in range(2):
        key = ropenv.createkey(f"Лимит 3 {_attempt}")
        started = time.time()
        statuses = [s for s, _, _ in _burst([server], key, 4)]
        if int(started // 60) == int(time.time() // 60):
            break
    assert statuses == [404, 404, 404, 429]


def test_rejected_request_is_not_processed(
    client: Client, api_key: str, org: Organisation, audio_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rop import config
    from rop.calls.models import Call

    monkeypatch.setenv("ROP_RATE_LIMIT_PER_MINUTE", "1")
    config.reset()
    try:
        for _attempt in range(2):
            Call.objects.filter(org=org).delete()
            started = time.time()
            body = {"call_id": f"c{_attempt}", "manager_id": "m", "audio_url": audio_url}
            first = client.post(f"/api/v1/calls?apiKey={api_key}", body, content_type="application/json")
            second = client.post(f"/api/v1/calls?apiKey={api_key}", {**body, "call_id": "late"},
                                 content_type="application/json")
            if int(started // 60) == int(time.time() // 60):
                break
        assert first.status_code == 200
        assert second.status_code == 429 and second.has_header("Retry-After")
        assert not Call.objects.filter(org=org, call_id="late").exists()
    finally:
        monkeypatch.undo()
        config.reset()
