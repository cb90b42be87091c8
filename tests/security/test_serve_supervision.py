"""`rop serve` supervises its web processes: one that dies is started again while the others keep
answering, and every web process is stopped with `rop serve`."""

from __future__ import annotations

import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.procs import descendants
from tests.support.ropenv import LiveServer, RopEnv


def _web_pids(server: LiveServer) -> set[int]:
    pids = set()
    for pid in descendants(server.proc.pid):
        try:
            if b"rop.webserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                pids.add(pid)
        except OSError:
            continue
    return pids


def _healthz(server: LiveServer) -> int:
    with urllib.request.urlopen(server.base + "/healthz", timeout=5) as resp:
        return int(resp.status)


def test_a_killed_web_process_is_restarted_and_the_server_keeps_answering(ropenv: RopEnv) -> None:
    server = ropenv.serve(web_workers=2)
    deadline = time.monotonic() + 30
    while len(before := _web_pids(server)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # polling for the second process to start
    assert len(before) == 2
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    assert _healthz(server) == 200  # the other process answers meanwhile
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = _web_pids(server)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.2)  # polling for the restart
    assert len(now) == 2 and victim not in now, now
    assert "exited with -9; restarting" in ropenv.logs()
    for _ in range(4):
        assert _healthz(server) == 200
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=40)
    assert not any(Path(f"/proc/{pid}").exists() for pid in now)


def test_serving_on_all_interfaces_accepts_the_machine_name_but_not_others(ropenv: RopEnv) -> None:
    """`HOST=0.0.0.0 scripts/serve` for a LAN: the machine's own name is an allowed Host (the
    request itself still goes to 127.0.0.1); an arbitrary name is refused."""
    import socket as pysocket

    from tests.support.ropenv import free_port

    port = free_port()
    proc = ropenv.spawn("serve", "--host", "0.0.0.0", "--port", str(port), "--workers", "0",
                        "--web-workers", "1", log_name="serve-lan")
    server = LiveServer(f"http://127.0.0.1:{port}", proc, ropenv)
    server.wait_ready()

    def status(host: str) -> int:
        req = urllib.request.Request(server.base + "/login/", headers={"Host": host})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    assert status(pysocket.gethostname()) == 200
    assert status(f"{pysocket.gethostname()}:{port}") == 200
    assert status("evil.example") == 400
