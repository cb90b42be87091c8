"""A worker process killed after the analysis committed (results + outbox) but before its
webhook was delivered: another `rop worker` process delivers it (same webhook-id), and the attempt
log shows every POST, the killed worker's one as interrupted."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

from tests.pipeline.procs import query, wait_until
from tests.support.httpsrv import LoopbackServer, RequestCtx
from tests.support.ropenv import rop_env

_SEED = """
from rop.analysis import services
from rop.asr.models import Segment
from rop.calls.models import Call
from rop.org.services import ensure_manager
from rop.tenants.services import get_or_create_org
org = get_or_create_org("Организация вебхуков")[0]
services.CHECKLISTS.create(org, {{"name": "Скрипт", "webhook_url": "{url}", "webhook_secret": "sekret",
    "stages": [{{"id": "URC_S_1", "name": "Приветствие", "hints": ["здравствуйте"]}}]}})
call = Call.objects.create(org=org, call_id="crash_1", manager=ensure_manager(org, "m1"),
                           stage="analysis", status="analyzing")
Segment.objects.create(call=call, start=0, end=3, speaker="manager", text="Здравствуйте, компания Север.")
Segment.objects.create(call=call, start=3, end=6, speaker="client", text="Добрый день.")
print(call.pk)
"""


def test_killed_worker_delivery_is_completed_by_another_worker(
    tmp_path: Path, loopback: LoopbackServer
) -> None:
    release = threading.Event()
    bodies: list[tuple[str, bytes]] = []

    def hook(ctx: RequestCtx) -> None:
        bodies.append((ctx.headers["webhook-id"], ctx.body))
        if ctx.hits == 1:
            release.wait(30)  # the first worker dies while this request is open
            return
        ctx.send(200, b"ok")

    url = loopback.route("/hook", hook)
    extra = {"ROP_WEBHOOK_CONNECT_TIMEOUT": "1", "ROP_WEBHOOK_READ_TIMEOUT": "3",
             "ROP_WORKER_POLL_SECONDS": "0.1", "ROP_WEBHOOK_RETRY_BASE_SECONDS": "0.2"}
    try:
        with rop_env(tmp_path, extra) as env:
            env.run("shell", "-c", _SEED.format(url=url))
            first = env.spawn("worker", log_name="worker-a")
            wait_until(lambda: len(bodies) >= 1, 60, "the first delivery attempt", env)
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
            # results and the outbox row were committed together before the send
            assert query(env, "SELECT count(*) FROM analysis_checklistresult")[0][0] == 1
            assert query(env, "SELECT status FROM delivery_webhookdelivery") == [("pending",)]
            env.spawn("worker", log_name="worker-b")
            wait_until(lambda: query(env, "SELECT status FROM delivery_webhookdelivery") == [("delivered",)],
                       60, "delivery by the second worker", env)
            attempt_log = query(env, "SELECT number, outcome FROM delivery_webhookattempt ORDER BY number")
    finally:
        release.set()
    assert len(bodies) >= 2
    # Every POST the receiver got is in the log; the killed worker's one shows as interrupted.
    assert len(attempt_log) == len(bodies)
    assert attempt_log[0] == (1, "interrupted") and attempt_log[-1] == (len(bodies), "delivered")
    assert len({wid for wid, _ in bodies}) == 1  # same webhook-id on the retry
    payload = json.loads(bodies[-1][1])
    assert payload["call_id"] == "crash_1" and payload["checklist_name"] == "Скрипт"
