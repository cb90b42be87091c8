"""`rop serve`: applies migrations itself, then runs gunicorn (never Django's runserver)."""

from __future__ import annotations

from pathlib import Path

from tests.api.test_upload_size_limit import _descendants
from tests.support.ropenv import RopEnv


def test_serve_applies_migrations_and_runs_gunicorn(tmp_path: Path) -> None:
    env = RopEnv(tmp_path / "fresh")  # no `rop migrate` beforehand: an empty database
    try:
        server = env.serve(web_workers=2)
        plan = env.run("showmigrations", "--plan").stdout
        assert "[X]" in plan and "[ ]" not in plan
        assert "Migrations applied" in env.logs()
        cmdlines = [Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                    for p in _descendants(server.proc.pid)]
        gunicorn = [c for c in cmdlines if "gunicorn" in c and "rop.wsgi:application" in c]
        assert len(gunicorn) == 3, cmdlines  # the master and its two workers
        assert not any("runserver" in c for c in cmdlines)
        key = env.createkey("Свежая база")
        status, headers, _ = server.request("GET", "/calls/none", key=key)
        assert status == 404
        assert headers.get("Server", "").startswith("gunicorn")
    finally:
        env.close()


def test_serve_starts_the_embedded_pipeline_worker(ropenv: RopEnv) -> None:
    server = ropenv.serve(workers=1, web_workers=1)
    cmdlines = [Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0") for p in _descendants(server.proc.pid)]
    assert any(b"worker" in parts and b"rop" in parts for parts in cmdlines), cmdlines
