"""`rop worker`: claims calls and runs their pipeline stages.

``--concurrency N`` runs N worker *processes* (this process supervises them): the heavy
stages (audio decoding, ASR, embedded analysis) are CPU-bound Python/native code, so threads
would contend for the GIL and one crashed or OOM-killed stage would take down every claimant;
separate processes scale over cores and a killed one loses only its own lease.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.pipeline.worker import Worker

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run pipeline workers (download, decode, transcribe, analyse, deliver)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=1, help="Worker processes (default 1)")
        parser.add_argument("--once", action="store_true", help="Process what is due, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        concurrency: int = options["concurrency"]
        if concurrency < 1:
            raise CommandError("--concurrency must be >= 1")
        if concurrency == 1:
            self._single(once=options["once"])
        else:
            self._supervise(concurrency, once=options["once"])

    def _single(self, once: bool) -> None:
        worker = Worker()
        signals = {"n": 0}

        def on_signal(signum: int, frame: object) -> None:
            signals["n"] += 1
            # First signal: finish the current stage within the grace period; second: release now.
            worker.request_stop(immediate=signals["n"] > 1)

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        log.info("worker %s started", worker.id)
        worker.run(once=once)
        log.info("worker %s stopped", worker.id)

    def _supervise(self, n: int, once: bool) -> None:
        cmd = [sys.executable, "-m", "rop", "worker", "--concurrency", "1"] + (["--once"] if once else [])
        children: list[subprocess.Popen[bytes]] = [subprocess.Popen(cmd) for _ in range(n)]
        stopping = {"flag": False}

        def forward(signum: int, frame: object) -> None:
            stopping["flag"] = True
            for proc in children:
                if proc.poll() is None:
                    proc.send_signal(signum)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        last_start = [time.monotonic()] * n
        exit_code = 0
        while True:
            if all(proc.poll() is not None for proc in children):
                break
            time.sleep(0.5)
            if once or stopping["flag"]:
                continue
            for i, proc in enumerate(children):
                if proc.poll() is not None and time.monotonic() - last_start[i] > 5:
                    # A crashed worker loses nothing (its lease expires); replace it, not too fast.
                    self.stderr.write(f"worker process exited with {proc.returncode}; restarting")
                    last_start[i] = time.monotonic()
                    children[i] = subprocess.Popen(cmd)
        for proc in children:
            if proc.returncode:
                exit_code = proc.returncode
        if exit_code and not stopping["flag"]:
            raise SystemExit(exit_code)
