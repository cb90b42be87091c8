"""Settings syncs are bounded: at most ROP_SYNC_MAX_ITEMS entries per request (400 above, in Russian,
nothing written), written in short batches, so one organisation's 100,000-manager sync (sent in parts
as fast as the client can) leaves other organisations' intake working: no 5xx, and at least 18 of 20
calls accepted within 5 s each. A request that cannot get SQLite's write lock in time is a 503 with
Retry-After, never a 500."""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from rop.org.models import Manager, Office
from rop.tenants.models import Organisation
from tests.api.conftest import envelope_error
from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import RopEnv

BATCH = 1000


def _managers(start: int, n: int) -> list[dict[str, str]]:
    return [{"manager_id": f"m{i:06d}", "name": "Имя", "surname": f"Фамилия {i}"}
            for i in range(start, start + n)]


def test_managers_list_over_the_limit_is_400_and_writes_nothing(client: Client, api_key: str,
                                                                 org: Organisation) -> None:
    resp = client.post(f"/api/v1/settings/managers-update?apiKey={api_key}",
                       {"managers": _managers(0, BATCH + 1)}, content_type="application/json")
    assert resp.status_code == 400
    assert envelope_error(resp) == ("Слишком много записей в одном запросе: 1001. Не более 1000 за запрос — "
                                    "отправьте список частями")
    assert not Manager.objects.filter(org=org).exists()


def test_offices_over_the_limits_are_400(client: Client, api_key: str, org: Organisation) -> None:
    many = [{"office_id": f"o{i}"} for i in range(BATCH + 1)]
    crowded = [{"office_id": "big", "managers_ids": [f"m{i}" for i in range(10 * BATCH + 1)]}]
    for offices in (many, crowded):
        resp = client.post(f"/api/v1/settings/offices-update?apiKey={api_key}", {"offices": offices},
                           content_type="application/json")
        assert resp.status_code == 400 and "отправьте" in envelope_error(resp)
    assert not Office.objects.filter(org=org).exists() and not Manager.objects.filter(org=org).exists()


def test_a_full_batch_upserts_every_manager_and_counts_created_and_updated(
    client: Client, api_key: str, org: Organisation
) -> None:
    url = f"/api/v1/settings/managers-update?apiKey={api_key}"
    first = client.post(url, {"managers": _managers(0, BATCH)}, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["data"] == {"managers": 1000, "created": 1000, "updated": 0}
    again = _managers(500, BATCH)
    again[0]["name"] = "Новое имя"
    second = client.post(url, {"managers": again}, content_type="application/json")
    assert second.json()["data"] == {"managers": 1000, "created": 500, "updated": 500}
    assert Manager.objects.filter(org=org).count() == 1500
    assert Manager.objects.get(org=org, manager_id="m000500").name == "Новое имя"
    assert not Manager.objects.filter(org=org, is_placeholder=True).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
def test_write_lock_not_granted_in_time_is_503_with_retry_after(ropenv: RopEnv, audio_url: str) -> None:
    key = ropenv.createkey("Занято")
    server = ropenv.serve(web_workers=1, env={"ROP_DB_LOCK_TIMEOUT": "1"})
    body: dict[str, Any] = {"call_id": "busy-1", "manager_id": "m", "audio_url": audio_url}
    holder = sqlite3.connect(ropenv.data_dir / "rop.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        status, headers, answer = server.request("POST", "/calls", key=key, json_body=body)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 503, answer
    assert answer == {"data": False, "error": True,
                      "message": "Сервер занят обработкой других запросов, повторите запрос позже"}
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert server.request("POST", "/calls", key=key, json_body=body)[0] == 200


@pytest.mark.slow  # 100 requests of 1,000 managers: about 45 s on the 2-core machine
def test_another_tenants_100000_manager_sync_leaves_intake_working(ropenv: RopEnv, loopback: LoopbackServer,
                                                                  mp3_bytes: bytes) -> None:
    sync_key = ropenv.createkey("Большая синхронизация")
    calls_key = ropenv.createkey("Соседняя организация")
    server = ropenv.serve(env={"ROP_RATE_LIMIT_PER_MINUTE": "0"})
    url = loopback.static("/n.mp3", mp3_bytes)
    sync_statuses: list[int] = []
    started = threading.Event()

    def sync() -> None:
        for part in range(100):
            status, _, _ = server.request("POST", "/settings/managers-update", key=sync_key,
                                          json_body={"managers": _managers(part * BATCH, BATCH)}, timeout=120)
            sync_statuses.append(status)
            started.set()

    syncer = threading.Thread(target=sync)
    syncer.start()
    assert started.wait(60)
    calls: list[tuple[int, float]] = []
    for i in range(20):
        t0 = time.monotonic()
        status, _, _ = server.request("POST", "/calls", key=calls_key, timeout=60,
                                      json_body={"call_id": f"n-{i}", "manager_id": "m1", "audio_url": url})
        calls.append((status, time.monotonic() - t0))
    still_syncing = syncer.is_alive()
    syncer.join(timeout=600)
    assert still_syncing, "the sync ended before the calls: the test measured nothing"
    assert all(status < 500 for status, _ in calls), calls
    assert all(status < 500 for status in sync_statuses), sync_statuses
    assert sum(1 for status, seconds in calls if status == 200 and seconds < 5) >= 18, calls
    assert sync_statuses == [200] * 100
