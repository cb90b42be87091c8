"""`rop serve`: applies migrations itself, then runs the production server (waitress processes it
supervises, never Django's runserver)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.procs import descendants
from tests.support.ropenv import RopEnv


def _cmdlines(pid: int) -> list[str]:
    out = []
    for p in descendants(pid):
        try:
            out.append(Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # exited meanwhile
    return out


def test_serve_applies_migrations_and_runs_the_production_server(tmp_path: Path) -> None:
    env = RopEnv(tmp_path / "fresh")  # no `rop migrate` beforehand: an empty database
    try:
        server = env.serve(web_workers=2)
        plan = env.run("showmigrations", "--plan").stdout
        assert "[X]" in plan and "[ ]" not in plan
        assert "Migrations applied" in env.logs()
        deadline = time.monotonic() + 30
        while True:  # the second worker may still be booting when the first answers
            cmdlines = _cmdlines(server.proc.pid)
            web = [c for c in cmdlines if "rop.webserver" in c]
            if len(web) >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert len(web) == 2, cmdlines  # two web processes on the shared socket
        assert not any("runserver" in c for c in cmdlines)
        key = env.createkey("Свежая база")
        status, headers, _ = server.request("GET", "/calls/none", key=key)
        assert status == 404
        assert headers.get("Server", "").startswith("waitress")
    finally:
        env.close()


def test_serve_starts_the_embedded_pipeline_worker(ropenv: RopEnv) -> None:
    server = ropenv.serve(workers=1, web_workers=1)
    cmdlines = [c.split() for c in _cmdlines(server.proc.pid)]
    assert any("worker" in parts and "rop" in parts for parts in cmdlines), cmdlines
