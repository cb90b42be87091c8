"""One structured log line per API request; the key never appears in the server's logs, whichever
way it was sent (query, X-API-Key, Bearer), valid, wrong or revoked."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import LiveServer, RopEnv


def _api_lines(env: RopEnv) -> list[dict[str, Any]]:
    lines = []
    for line in env.logs().splitlines():
        m = re.search(r"(\{\"event\": \"api_request\".*\})\s*$", line)
        if m:
            lines.append(json.loads(m.group(1)))
    return lines


def _wait_lines(env: RopEnv, n: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        lines = _api_lines(env)
        if len(lines) >= n:
            return lines
        time.sleep(0.05)
    raise AssertionError(f"expected {n} api_request lines, got:\n{env.logs()[-3000:]}")


def test_key_never_appears_in_server_logs(ropenv: RopEnv, loopback: LoopbackServer) -> None:
    key = ropenv.createkey("Логи")
    revoked = ropenv.createkey("Логи отозванный")
    prefix = revoked[:10]
    ropenv.run("revokekey", prefix)
    wrong = "rop_wrongWrongWrongWrongWrong12345"
    plain_wrong = "plainsecretvalue987"
    server: LiveServer = ropenv.serve(web_workers=1)
    url = loopback.static("/a.mp3", b"ID3" + b"\0" * 100)
    sent = [
        server.request(
            "POST", "/calls", key=key, json_body={"call_id": "log-1", "manager_id": "m", "audio_url": url}
        ),
        server.request("GET", "/calls/log-1", headers={"X-API-Key": key}),
        server.request("GET", "/calls/log-1", headers={"Authorization": f"Bearer {key}"}),
        server.request("GET", "/calls/log-1", key=wrong),
        server.request("GET", "/calls/log-1", key=plain_wrong),
        server.request("GET", "/calls/log-1", headers={"X-API-Key": plain_wrong}),
        server.request("GET", "/calls/log-1", headers={"Authorization": f"Bearer {plain_wrong}"}),
        server.request("GET", "/calls/log-1", key=revoked),
        server.request("GET", f"/tables/call-ready?tab=T&call=log-1&apiKey={key}"),
    ]
    assert [s for s, _, _ in sent] == [200, 200, 200, 401, 401, 401, 401, 401, 404]
    lines = _wait_lines(ropenv, len(sent))
    assert len(lines) == len(sent)  # exactly one line per request
    assert [entry["status"] for entry in lines] == [s for s, _, _ in sent]
    assert lines[0]["call_id"] == "log-1" and lines[0]["method"] == "POST" and lines[0]["org"]
    assert "apiKey=***" in lines[0]["path"]
    ropenv.stop_all()  # flush and close everything before reading the whole log
    logs = ropenv.logs()
    for secret in (key, revoked, wrong, plain_wrong, key[4:], revoked[4:]):
        assert secret not in logs
