"""`rop serve`: migrate, then gunicorn (production WSGI server) plus the embedded worker(s)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop import config
from rop.store import StoreError, check_store


class Command(BaseCommand):
    help = "Run the web server (gunicorn) with the embedded pipeline worker; applies migrations first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=None, help="Pipeline workers (ROP_WORKERS)")
        parser.add_argument("--web-workers", type=int, default=None, help="Web processes (ROP_WEB_WORKERS)")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cfg = config.get()
        try:  # a missing bucket or bad credentials stop the server here, not at the first upload
            check_store()
        except StoreError as exc:
            raise CommandError(exc.message) from None
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("Migrations applied")
        workers = cfg.workers if options["workers"] is None else options["workers"]
        web_workers = options["web_workers"] or cfg.web_workers
        bind = f"{options['host']}:{options['port']}"
        web_cmd = [
            sys.executable, "-m", "gunicorn", "rop.wsgi:application",
            "--config", "python:rop.core.gunicorn_conf",
            "--bind", bind,
            "--workers", str(web_workers),
            "--threads", str(cfg.web_threads),
            "--worker-class", "gthread",
            "--timeout", "120",
            "--graceful-timeout", "20",
            "--keep-alive", "5",
            "--log-level", "warning",
            "--worker-tmp-dir", "/dev/shm" if os.path.isdir("/dev/shm") else str(cfg.tmp_dir),
        ]
        worker_cmd = [sys.executable, "-m", "rop", "worker"]
        env = dict(os.environ)
        children: dict[str, subprocess.Popen[bytes]] = {}
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True
            for proc in children.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        children["web"] = subprocess.Popen(web_cmd, env=env)
        for i in range(workers):
            children[f"worker-{i}"] = subprocess.Popen(worker_cmd, env=env)
        self.stdout.write(f"Serving on http://{bind} with {workers} pipeline worker(s)")
        self.stdout.flush()
        exit_code = 0
        restarts: dict[str, float] = {}
        while True:
            time.sleep(0.5)
            if stopping:
                break
            web = children["web"]
            if web.poll() is not None:
                exit_code = web.returncode or 1
                self.stderr.write(f"web server exited with {web.returncode}")
                stop(signal.SIGTERM, None)
                break
            for name, proc in list(children.items()):
                # A crashed worker loses nothing (leases expire); start a new one, not too fast.
                crashed = name.startswith("worker") and proc.poll() is not None
                if crashed and time.monotonic() - restarts.get(name, 0) > 5:
                    self.stderr.write(f"{name} exited with {proc.returncode}; restarting")
                    restarts[name] = time.monotonic()
                    children[name] = subprocess.Popen(worker_cmd, env=env)
        deadline = time.monotonic() + 30
        for proc in children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        raise SystemExit(exit_code)
