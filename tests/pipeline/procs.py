"""Helpers for worker-process tests: seed calls into an isolated rop instance, read its database."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from tests.support.ropenv import RopEnv

_SEED = """
import json
from rop.calls.models import Call, CallEvent
from rop.tenants.services import get_or_create_org
org = get_or_create_org("Организация воркеров")[0]
ids = []
for i in range({n}):
    call = Call.objects.create(org=org, call_id=f"c{{i}}", audio_path=f"{{org.pk}}/preloaded-{{i}}.wav")
    CallEvent.objects.create(call=call, kind="received", message="Звонок получен через API")
    ids.append(call.pk)
print(json.dumps(ids))
"""


def seed_calls(env: RopEnv, n: int) -> list[int]:
    out = env.run("shell", "-c", _SEED.format(n=n)).stdout.strip().splitlines()[-1]
    return list(json.loads(out))


def query(env: RopEnv, sql: str) -> list[tuple[Any, ...]]:
    if env.database_url.startswith("sqlite:///"):
        conn = sqlite3.connect(env.database_url.removeprefix("sqlite:///"), timeout=30)
        try:
            return list(conn.execute(sql).fetchall())
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(env.database_url, autocommit=True) as pg:
        return list(pg.execute(sql).fetchall())


def wait_until(condition: Callable[[], bool], timeout: float, what: str, env: RopEnv | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # polling an observable condition with a deadline
    logs = env.logs()[-4000:] if env is not None else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{logs}")
