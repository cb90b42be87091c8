"""Fake pipeline stages for worker tests (they stand in for real stages; nothing is mocked).

Loaded in worker subprocesses through the test hook ``ROP_TEST_STAGES=tests.pipeline.fake_stages``.
Each execution appends "start"/"end" lines to ``$FAKE_STAGE_LOG`` (one O_APPEND write per line,
so concurrent processes never interleave):  ``<event> <call_pk> <stage> <time> <pid>``.
``FAKE_SLOW_STAGE`` / ``FAKE_SLOW_SECONDS`` make one stage take that long;
``FAKE_STAGE_SECONDS`` is how long every other stage takes (default 0).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rop.calls.models import Call

ORDER = ("fetch", "audio", "asr", "analysis")


def _log(event: str, call: Call, stage: str) -> None:
    path = os.environ.get("FAKE_STAGE_LOG")
    if not path:
        return
    line = f"{event} {call.pk} {stage} {time.time():.6f} {os.getpid()}\n".encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def make(stage: str) -> Callable[[Call], None]:
    def run(call: Call) -> None:
        _log("start", call, stage)
        seconds = float(os.environ.get("FAKE_STAGE_SECONDS", "0") or 0)
        if os.environ.get("FAKE_SLOW_STAGE") == stage:
            seconds = float(os.environ.get("FAKE_SLOW_SECONDS", "0") or 0)
        if seconds:
            time.sleep(seconds)  # the stage's own work time, not synchronisation
        _log("end", call, stage)

    return run


STAGES: dict[str, Callable[[Call], None]] = {name: make(name) for name in ORDER}


@dataclass(frozen=True)
class Execution:
    event: str
    call: int
    stage: str
    at: float
    pid: int


def read_log(path: Path) -> list[Execution]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        event, call, stage, at, pid = line.split()
        out.append(Execution(event, int(call), stage, float(at), int(pid)))
    return out
