"""A refused intake changes nothing: when two requests race with one call_id (different managers),
the one answered 409 leaves no placeholder manager behind."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support.httpsrv import LoopbackServer, RequestCtx
from tests.support.ropenv import RopEnv

_COUNT_MANAGERS = (
    "from rop.org.models import Manager; "
    "print(sorted(Manager.objects.values_list('manager_id', flat=True)))"
)


def test_concurrent_duplicate_refused_with_409_creates_no_placeholder_manager(
    ropenv: RopEnv, loopback: LoopbackServer, mp3_bytes: bytes
) -> None:
    both_probing = threading.Barrier(2, timeout=20)

    def audio(ctx: RequestCtx) -> None:
        both_probing.wait()  # both requests have passed the duplicate check before either stores
        ctx.send(206, mp3_bytes[:64], {"Content-Type": "audio/mpeg",
                                       "Content-Range": f"bytes 0-63/{len(mp3_bytes)}"})

    url = loopback.route("/race.mp3", audio)
    key = ropenv.createkey("Гонка")
    server = ropenv.serve(web_workers=1)

    def post(manager: str) -> int:
        body: dict[str, Any] = {"call_id": "race-1", "manager_id": manager, "audio_url": url}
        return server.request("POST", "/calls", key=key, json_body=body)[0]

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(post, ["mgr-first", "mgr-second"]))
    assert statuses == [200, 409]
    managers = ropenv.run("shell", "-c", _COUNT_MANAGERS).stdout.strip().splitlines()[-1]
    assert managers in ("['mgr-first']", "['mgr-second']"), managers
