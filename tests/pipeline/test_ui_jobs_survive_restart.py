"""An export started in the web interface survives a restart of the web server: the web process
only queues the job; a pipeline worker (here: the one `rop serve` starts after the restart) runs it."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import urllib.parse
import urllib.request

from tests.pipeline.procs import query, wait_until
from tests.support.ropenv import LiveServer, RopEnv

_SEED = """
from rop.accounts.models import Role
from rop.accounts.services import create_user
from rop.calls.models import Call
from rop.tenants.services import get_or_create_org
org = get_or_create_org("Организация экспорта")[0]
create_user(org, "rop-user", "pass-12345", Role.ADMIN)
for i in range(30):
    Call.objects.create(org=org, call_id=f"exp-{i}", status="done", stage="done", next_attempt_at=None)
"""


class Browser:
    """A cookie-keeping HTTP client that logs in through the login form (CSRF included)."""

    def __init__(self, server: LiveServer) -> None:
        self.base = server.base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next(str(c.value) for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=30) as resp:
            return resp.status, resp.read()

    def post(self, path: str, data: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode({**(data or {}), "csrfmiddlewaretoken": self._csrf()}).encode()
        req = urllib.request.Request(self.base + path, data=body, method="POST",
                                     headers={"X-CSRFToken": self._csrf()})
        with self.opener.open(req, timeout=30) as resp:
            return resp.status, resp.read()

    def login(self, username: str, password: str) -> None:
        self.get("/login/")
        status, body = self.post("/login/", {"username": username, "password": password})
        assert status == 200 and "Звонки" in body.decode(), body[:500]


def _job(env: RopEnv) -> tuple[int, str, str, int]:
    rows = query(env, "SELECT id, status, result_name, done FROM ui_job ORDER BY id")
    assert len(rows) == 1, rows
    return rows[0]


def test_export_started_before_a_web_restart_completes_after_it(ropenv: RopEnv) -> None:
    env = {"ROP_WORKER_POLL_SECONDS": "0.1"}
    web = ropenv.serve(workers=0, web_workers=1, env=env)  # no pipeline worker yet
    ropenv.run("shell", "-c", _SEED)
    browser = Browser(web)
    browser.login("rop-user", "pass-12345")
    status, body = browser.post("/exports/start?list=calls&format=xlsx")
    assert status == 200
    job_id = int(re.search(rb'id="job-(\d+)"', body).group(1))  # type: ignore[union-attr]
    os.killpg(web.proc.pid, signal.SIGKILL)  # the web server dies
    web.proc.wait(timeout=20)
    assert _job(ropenv)[:2] == (job_id, "pending")

    restarted = ropenv.serve(workers=1, web_workers=1, env=env)
    wait_until(lambda: _job(ropenv)[1] == "done", 60, "the export job to finish", ropenv)
    _, _, result_name, done = _job(ropenv)
    assert done == 30 and result_name.endswith(".xlsx")
    browser.base = restarted.base
    browser.login("rop-user", "pass-12345")
    status, data = browser.get(f"/jobs/{job_id}/download")
    assert status == 200 and data[:2] == b"PK"  # an XLSX (zip) file
