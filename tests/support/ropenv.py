"""An isolated rop instance for black-box tests: its own data dir and database, real processes.

On PostgreSQL (ROP_DATABASE_URL=postgres://…) each instance gets a fresh database that is
dropped afterwards; on SQLite, a file in its data dir.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROP = [sys.executable, "-m", "rop"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_database_url() -> str | None:
    url = os.environ.get("ROP_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


class RopEnv:
    def __init__(self, root: Path, extra_env: dict[str, str] | None = None):
        self.root = root
        self.data_dir = root / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._pg_db: str | None = None
        base = base_database_url()
        if base:
            self._pg_db = f"rop_it_{uuid.uuid4().hex[:12]}"
            _pg_admin(base, f'CREATE DATABASE "{self._pg_db}"')
            self.database_url = urlunsplit(urlsplit(base)._replace(path=f"/{self._pg_db}"))
        else:
            self.database_url = f"sqlite:///{self.data_dir / 'rop.sqlite3'}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ROP_", "DJANGO_", "PYTEST_"))},
            "ROP_DATA_DIR": str(self.data_dir),
            "ROP_DATABASE_URL": self.database_url,
            "ROP_FETCH_ALLOW_LOOPBACK": "1",  # audio sources on 127.0.0.1
            "ROP_WEBHOOK_ALLOW_LOOPBACK": "1",  # webhook receivers on 127.0.0.1
            "ROP_SECRET_KEY": "test-secret",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.procs: list[subprocess.Popen[bytes]] = []

    def run(self, *args: str, check: bool = True, timeout: float = 120, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*ROP, *args],
            check=False,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"rop {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result

    def migrate(self) -> None:
        self.run("migrate", "--no-input")

    def createkey(self, org: str) -> str:
        return self.run("createkey", "--org", org).stdout.strip().splitlines()[-1]

    def spawn(
        self, *args: str, log_name: str = "proc", env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = open(self.root / f"{log_name}-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [*ROP, *args],
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def serve(self, workers: int = 0, env: dict[str, str] | None = None, web_workers: int = 2) -> LiveServer:
        port = free_port()
        proc = self.spawn("serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                          "--web-workers", str(web_workers), log_name="serve", env=env)
        server = LiveServer(f"http://127.0.0.1:{port}", proc, self)
        server.wait_ready()
        return server

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.root.glob("*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def close(self) -> None:
        self.stop_all()
        if self._pg_db:
            base = base_database_url()
            assert base
            with contextlib.suppress(Exception):
                _pg_admin(base, f'DROP DATABASE IF EXISTS "{self._pg_db}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)


class LiveServer:
    def __init__(self, base: str, proc: subprocess.Popen[bytes], env: RopEnv):
        self.base = base
        self.api = base + "/api/v1"
        self.proc = proc
        self.env = env

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"rop serve exited early:\n{self.env.logs()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.1)  # polling for readiness, not synchronising test logic
        raise AssertionError(f"rop serve not ready in {timeout}s:\n{self.env.logs()}")

    def request(self, method: str, path: str, *, key: str | None = None, json_body: object | None = None,
                data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 30
                ) -> tuple[int, dict[str, str], dict[str, Any]]:
        url = self.api + path
        if key is not None:
            url += ("&" if "?" in url else "?") + "apiKey=" + key
        hdrs = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, dict(resp.headers), json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            body = exc.read()
            return exc.code, dict(exc.headers), json.loads(body) if body else {}

    def wait_for(self, call_id: str, key: str, statuses: tuple[str, ...] = ("done", "failed"),
                 timeout: float = 300) -> dict[str, Any]:
        """Poll GET /calls/{id} until the status is one of `statuses` (progress is visible there)."""
        deadline = time.monotonic() + timeout
        last: dict[str, Any] = {}
        while time.monotonic() < deadline:
            status, _, body = self.request("GET", f"/calls/{call_id}", key=key)
            if status == 200:
                last = body["data"]
                if last["status"] in statuses:
                    return last
            time.sleep(0.25)
        raise AssertionError(
            f"call {call_id} did not reach {statuses} in {timeout}s; last: {last}\n{self.env.logs()[-5000:]}"
        )


@contextlib.contextmanager
def rop_env(tmp_path: Path, extra_env: dict[str, str] | None = None) -> Iterator[RopEnv]:
    env = RopEnv(tmp_path / f"rop-{uuid.uuid4().hex[:8]}", extra_env)
    try:
        env.migrate()
        yield env
    finally:
        env.close()
