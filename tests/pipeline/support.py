"""Drive an in-process Worker until calls reach a terminal status (polling with a deadline)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from rop.calls.models import Call
from rop.pipeline.worker import Worker


def drive(worker: Worker, pks: Iterable[int], timeout: float = 30.0) -> dict[int, Call]:
    """Run worker.run_one() until every call is done or failed; return them."""
    wanted = set(pks)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not worker.run_one():
            calls = {c.pk: c for c in Call.objects.filter(pk__in=wanted)}
            if all(c.status in ("done", "failed") for c in calls.values()):
                return calls
            time.sleep(0.01)  # waiting for a scheduled retry to become due
    raise AssertionError(f"calls not finished in {timeout}s: "
                         f"{list(Call.objects.filter(pk__in=wanted).values('pk', 'stage', 'status'))}")
