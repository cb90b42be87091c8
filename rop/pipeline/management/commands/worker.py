"""`rop worker`: claims calls and runs their pipeline stages.

``--concurrency N`` runs N worker *processes* (this process supervises them): the heavy
stages (audio decoding, ASR, embedded analysis) are CPU-bound Python/native code, so threads
would contend for the GIL and one crashed or OOM-killed stage would take down every claimant;
separate processes scale over cores and a killed one loses only its own lease.

``--stages fetch,audio`` claims only calls whose current stage is in the list (split nodes:
download/decode workers near the store, speech workers on a GPU machine); webhook delivery
runs in every worker unless ``--no-deliveries``. The audio store is checked at start: a
missing bucket or bad credentials stop the process with a clear message.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.core import node
from rop.pipeline.stages import ORDER
from rop.pipeline.worker import Worker
from rop.store import StoreError, check_store

log = logging.getLogger(__name__)


def parse_stages(raw: str) -> frozenset[str]:
    """'fetch,audio' -> frozenset; ValueError (Russian message) on an unknown or empty list."""
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if n not in ORDER]
    if unknown:
        raise ValueError(f"неизвестные этапы: {', '.join(unknown)} (допустимы: {', '.join(ORDER)})")
    if not names:
        raise ValueError(f"список этапов пуст (допустимы: {', '.join(ORDER)})")
    return frozenset(names)


class Command(BaseCommand):
    help = "Run pipeline workers (download, decode, transcribe, analyse, deliver)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=1, help="Worker processes (default 1)")
        parser.add_argument("--once", action="store_true", help="Process what is due, then exit")
        parser.add_argument("--stages", default=",".join(ORDER),
                            help=f"Comma-separated stages this worker claims (default: {','.join(ORDER)})")
        parser.add_argument("--no-deliveries", action="store_true", help="Do not deliver webhooks here")

    def handle(self, *args: Any, **options: Any) -> None:
        concurrency: int = options["concurrency"]
        if concurrency < 1:
            raise CommandError("--concurrency must be >= 1")
        try:
            stages = parse_stages(options["stages"])
        except ValueError as exc:
            raise CommandError(f"--stages: {exc}") from None
        try:
            check_store()
        except StoreError as exc:
            raise CommandError(exc.message) from None
        deliveries = not options["no_deliveries"]
        if concurrency == 1:
            self._single(once=options["once"], stages=stages, deliveries=deliveries)
        else:
            extra = ["--stages", ",".join(s for s in ORDER if s in stages)]
            extra += [] if deliveries else ["--no-deliveries"]
            self._supervise(concurrency, once=options["once"], extra=extra)

    def _single(self, once: bool, stages: frozenset[str], deliveries: bool) -> None:
        node.set_local_stages(stages)
        worker = Worker(stages=stages, deliveries=deliveries)
        signals = {"n": 0}

        def on_signal(signum: int, frame: object) -> None:
            signals["n"] += 1
            # First signal: finish the current stage within the grace period; second: release now.
            worker.request_stop(immediate=signals["n"] > 1)

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        log.info("worker %s started (stages: %s)", worker.id, ",".join(worker.stages))
        worker.run(once=once)
        log.info("worker %s stopped", worker.id)

    def _supervise(self, n: int, once: bool, extra: list[str]) -> None:
        cmd = [sys.executable, "-m", "rop", "worker", "--concurrency", "1", *extra]
        cmd += ["--once"] if once else []
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
