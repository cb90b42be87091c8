#!/usr/bin/env python3
"""Intake benchmark: N concurrent CRM clients post calls to a live `rop serve` on loopback.

Each client has its own API key and posts JSON to POST /api/v1/calls with an audio_url on a
loopback audio server (a separate process serving a small real MP3, Range requests honoured),
so every request pays the real first-bytes probe. SQLite (the default database) unless
ROP_DATABASE_URL is set. The pipeline worker is not started: this measures intake only.

Modes:
  paced (default)  every client sends --rate requests/s (the API allows 60 a minute per key),
                   open loop: latency is measured from the scheduled send time, so a server
                   that falls behind shows it in the figures (no coordinated omission).
  --burst          closed loop, the rate limit switched off: the server's capacity.

Prints requests/s, p50/p90/p99/max latency and the error count (anything but 200).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.procs import descendants  # the one /proc process-tree reader


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_mp3(path: Path) -> bytes:
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(path), "synth", "3", "sine", "440"], check=True)
    return path.read_bytes()


def audio_server(port: int, body: bytes) -> None:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            rng = self.headers.get("Range", "")
            if rng.startswith("bytes=0-"):
                end = min(int(rng.split("-", 1)[1] or len(body) - 1), len(body) - 1)
                part = body[: end + 1]
                self.send_response(206)
                self.send_header("Content-Range", f"bytes 0-{end}/{len(body)}")
            else:
                part = body
                self.send_response(200)
            self.send_header("Content-Type", "audio/mpeg")
            self.send_header("Content-Length", str(len(part)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(part)

    class S(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

        def handle_error(self, request: object, client_address: object) -> None:
            pass

    S(("127.0.0.1", port), H).serve_forever()


def create_keys(env: dict[str, str], n: int) -> list[str]:
    code = (
        "import django; django.setup()\n"
        "from rop.tenants.services import get_or_create_org, create_key\n"
        f"for i in range({n}):\n"
        "    org = get_or_create_org(f'Bench {i}')[0]\n"
        "    print(create_key(org, 'bench')[1])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=REPO
    )
    keys = out.stdout.split()
    assert len(keys) == n
    return keys


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("rop serve exited early")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("rop serve did not become ready")


class Client(threading.Thread):
    def __init__(
        self, idx: int, port: int, key: str, audio_url: str, start_at: float, args: argparse.Namespace
    ):
        super().__init__(daemon=True)
        self.idx, self.port, self.key, self.audio_url = idx, port, key, audio_url
        self.start_at, self.args = start_at, args
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _post(self, n: int) -> int:
        body = json.dumps(
            {
                "call_id": f"bench-{self.idx}-{n}-{uuid.uuid4().hex[:6]}",
                "manager_id": f"mgr_{self.idx % 7}",
                "audio_url": self.audio_url,
                "deal_id": "deal_1",
                "duration": 300,
            }
        ).encode()
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request("POST", f"/api/v1/calls?apiKey={self.key}", body,
                                  {"Content-Type": "application/json"})
                resp = self.conn.getresponse()
                resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        return 0

    def run(self) -> None:
        a = self.args
        interval = 1.0 / a.rate
        # Spread the clients' phases evenly over one interval.
        t0 = self.start_at + (self.idx / a.clients) * interval
        n = 0
        end = self.start_at + a.seconds
        while True:
            scheduled = time.monotonic() if a.burst else t0 + n * interval
            if scheduled >= end:
                break
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                status = self._post(n)
            except Exception as exc:  # noqa: BLE001 - counted as an error
                status = -1
                self.errors[type(exc).__name__] = self.errors.get(type(exc).__name__, 0) + 1
            self.latencies.append(time.monotonic() - scheduled)
            if status != 200:
                self.errors[str(status)] = self.errors.get(str(status), 0) + 1
            n += 1
        if self.conn is not None:
            self.conn.close()


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_pressure() -> str:
    """Share of the last minute in which runnable tasks waited for a CPU (other processes' load)."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return "n/a"
    fields = dict(f.split("=", 1) for f in some.split()[1:])
    return f"{fields.get('avg60', '?')}%"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument(
        "--rate", type=float, default=0.9, help="requests/s per client in paced mode (<= 1 for 60/min)"
    )
    ap.add_argument("--burst", action="store_true", help="closed loop, rate limit off: capacity")
    ap.add_argument(
        "--web-workers", type=int, default=None, help="ROP_WEB_WORKERS (default: serve's default)"
    )
    ap.add_argument("--web-threads", type=int, default=None, help="ROP_WEB_THREADS")
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring starts")
    args = ap.parse_args()

    root = Path(tempfile.mkdtemp(prefix="rop-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROP_")}
    env.update({
        "ROP_DATA_DIR": str(root / "data"),
        "ROP_FETCH_ALLOW_LOOPBACK": "1",
        "DJANGO_SETTINGS_MODULE": "rop.settings",
    })
    if os.environ.get("ROP_DATABASE_URL"):
        env["ROP_DATABASE_URL"] = os.environ["ROP_DATABASE_URL"]
    if args.burst:
        env["ROP_RATE_LIMIT_PER_MINUTE"] = "0"
    if args.web_workers:
        env["ROP_WEB_WORKERS"] = str(args.web_workers)
    if args.web_threads:
        env["ROP_WEB_THREADS"] = str(args.web_threads)

    audio_port = free_port()
    mp3 = make_mp3(root / "tone.mp3")
    audio = multiprocessing.Process(target=audio_server, args=(audio_port, mp3), daemon=True)
    audio.start()
    serve: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(
            [sys.executable, "-m", "rop", "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=REPO
        )
        keys = create_keys(env, args.clients)
        port = free_port()
        log = open(root / "serve.log", "wb")  # noqa: SIM115 - the request log is part of the cost
        serve = subprocess.Popen(
            [sys.executable, "-m", "rop", "serve", "--port", str(port), "--workers", "0"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, serve)
        audio_url = f"http://127.0.0.1:{audio_port}/files/call.mp3"

        if args.warmup > 0:  # warm every worker process and thread (imports, DB connections)
            warm_args = argparse.Namespace(
                **{**vars(args), "seconds": args.warmup, "burst": False, "rate": 1.0}
            )
            warm = [
                Client(i, port, keys[i], audio_url, time.monotonic() + 0.2, warm_args)
                for i in range(args.clients)
            ]
            for c in warm:
                c.start()
            for c in warm:
                c.join()
            if not args.burst:
                # Paced runs stay within 60 requests/min per key: fresh minute budget for the run.
                keys = create_keys(env, args.clients)

        server_pids = [*descendants(serve.pid), serve.pid]
        cpu_before = sum(cpu_seconds(p) for p in server_pids)
        load_before = os.getloadavg()[0]
        start_at = time.monotonic() + 0.5
        clients = [Client(i, port, keys[i], audio_url, start_at, args) for i in range(args.clients)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        elapsed = max(time.monotonic() - start_at, 1e-9)
        cpu_used = sum(cpu_seconds(p) for p in server_pids) - cpu_before
        load_after = os.getloadavg()[0]
        log_text = (root / "serve.log").read_text(errors="replace")
        server_ms = [float(m) for m in re.findall(r'"event": "api_request".*?"ms": ([0-9.]+)', log_text)]
        lines = len(server_ms)
        server_ms = server_ms[-len([x for c in clients for x in c.latencies]):]  # the measured phase
    finally:
        if serve is not None:
            os.killpg(serve.pid, 15)
            serve.wait(timeout=30)
        audio.terminate()
        shutil.rmtree(root, ignore_errors=True)

    lat = [x for c in clients for x in c.latencies]
    errors: dict[str, int] = {}
    for c in clients:
        for k, v in c.errors.items():
            errors[k] = errors.get(k, 0) + v
    n_err = sum(errors.values())
    mode = "burst (closed loop, no rate limit)" if args.burst else f"paced {args.rate:g} req/s per client"
    print(f"intake benchmark: {args.clients} clients, {mode}, {args.seconds:g} s, "
          f"db={'postgresql' if env.get('ROP_DATABASE_URL') else 'sqlite'}, cpus={os.cpu_count()}")
    print(f"requests:   {len(lat)}")
    print(f"requests/s: {len(lat) / elapsed:.1f}")
    print(
        f"latency ms: p50 {pct(lat, 50) * 1000:.1f}  p90 {pct(lat, 90) * 1000:.1f}  "
        f"p99 {pct(lat, 99) * 1000:.1f}  max {max(lat) * 1000:.1f}  mean {statistics.fmean(lat) * 1000:.1f}"
    )
    print(f"errors:     {n_err}" + (f" {errors}" if errors else ""))
    if server_ms:
        print(
            f"in-app ms:  p50 {pct(server_ms, 50):.1f}  p99 {pct(server_ms, 99):.1f}  "
            f"max {max(server_ms):.1f}"
            "  (Django time per request, from the request log)"
        )
    print(f"server CPU: {cpu_used / max(len(lat), 1) * 1000:.1f} ms per request (all server processes)")
    print(f"machine load average: {load_before:.1f} at start, {load_after:.1f} at end; "
          f"CPU pressure (PSI some avg60): {cpu_pressure()}; request log lines: {lines}")


if __name__ == "__main__":
    main()
