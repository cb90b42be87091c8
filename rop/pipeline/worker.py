"""The worker loop: claim a call, run its stage under a heartbeated lease, record the outcome.

One Worker is one claimant. The stage runs in a helper thread while the main thread renews
the lease every ROP_HEARTBEAT_SECONDS and watches for a stop request: on SIGTERM the current
stage may finish within ROP_WORKER_GRACE_SECONDS; past that the lease is released (the call
becomes due again at once) and the process exits without committing anything.
A stage stuck past ROP_STAGE_TIMEOUT_SECONDS (a thread cannot be killed) is recorded as an
error (retried, then failed) and the process exits; `rop serve` / the supervisor restart it.
Webhook deliveries (rop.delivery.worker.deliver_due) run in their own thread.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.db import close_old_connections, connections

from rop import config
from rop.calls import retention
from rop.calls.models import Call
from rop.core.redact import redact
from rop.delivery.worker import deliver_due
from rop.pipeline import background, stages, work
from rop.pipeline import stages as stages_mod
from rop.pipeline.errors import PermanentError, TransientError

log = logging.getLogger(__name__)

DeliverFn = Callable[[str, int], int]


def make_worker_id() -> str:
    host = socket.gethostname()[:60]
    return f"{host}:{os.getpid()}:{secrets.token_hex(3)}"


def _run_stage(fn: stages.StageFn, call: Call) -> None:
    close_old_connections()
    try:
        fn(call)
    finally:
        close_old_connections()


class Worker:
    def __init__(self, worker_id: str | None = None, *, deliveries: bool = True,
                 hard_exit: Callable[[int], None] | None = None, stages: Collection[str] | None = None):
        self.id = worker_id or make_worker_id()
        self.stages: tuple[str, ...] = tuple(s for s in stages_mod.ORDER if stages is None or s in stages)
        self.stop_event = threading.Event()
        self._stop_at: float | None = None
        self._deliveries = deliveries
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rop-stage")
        self._hard_exit = hard_exit or os._exit
        self._delivery_thread: threading.Thread | None = None
        self._background_thread: threading.Thread | None = None

    # -- control -----------------------------------------------------------------------------
    def request_stop(self, immediate: bool = False) -> None:
        """Stop after the current stage (or, past the grace period / when immediate, release it)."""
        now = time.monotonic()
        grace = 0.0 if immediate else config.get().worker_grace_seconds
        deadline = now + grace
        self._stop_at = deadline if self._stop_at is None else min(self._stop_at, deadline)
        self.stop_event.set()

    def close(self) -> None:
        self.stop_event.set()
        try:  # the stage thread's own database connection
            self._executor.submit(connections.close_all).result(timeout=5)
        except Exception:  # noqa: BLE001 - a stage still stuck in that thread (its lease was lost)
            log.warning("stage thread still busy at shutdown")
        self._executor.shutdown(wait=False, cancel_futures=True)
        for thread in (self._delivery_thread, self._background_thread):
            if thread is not None:
                thread.join(timeout=30)
        connections.close_all()

    # -- one unit of work --------------------------------------------------------------------
    def run_one(self) -> bool:
        """Claim and process one stage of one due call. False when nothing was due."""
        claimed = work.claim(self.id, self.stages)
        if claimed is None:
            return False
        call, stage = claimed.call, claimed.stage
        if claimed.crashed_before and call.stage_errors >= config.get().max_stage_attempts:
            work.fail_crashed(claimed, self.id)
            return True
        try:
            fn = stages.with_after(stage, stages.get_stage(stage))
        except Exception as exc:  # the stage module cannot be imported (a missing dependency)
            log.exception("stage %s cannot be loaded", stage)
            work.retry(call.pk, self.id, stage, f"Модуль этапа не загружается ({type(exc).__name__})",
                       unexpected=True)
            return True
        self._execute(fn, call, stage)
        return True

    def _execute(self, fn: stages.StageFn, call: Call, stage: str) -> None:
        cfg = config.get()
        log.info("worker %s: call %s stage %s attempt %d", self.id, call.pk, stage, call.attempts)
        future = self._executor.submit(_run_stage, fn, call)
        give_up_at = time.monotonic() + cfg.stage_timeout_seconds
        next_beat = time.monotonic() + cfg.heartbeat_seconds
        lost = False
        error: BaseException | None = None
        while True:
            now = time.monotonic()
            timeout = max(0.01, next_beat - now)
            if self._stop_at is not None:
                timeout = max(0.01, min(timeout, self._stop_at - now))
            try:
                future.result(timeout=timeout)
                break
            except FutureTimeout:
                pass
            except BaseException as exc:  # noqa: BLE001 - every stage outcome is recorded
                error = exc
                break
            now = time.monotonic()
            if now >= next_beat:
                if not lost and not self._beat(call.pk):
                    lost = True
                    log.warning("call %s: lease lost during stage %s; its result will be discarded", call.pk, stage)
                next_beat = now + cfg.heartbeat_seconds
            if self._stop_at is not None and now >= self._stop_at:
                if not lost:
                    work.release(call.pk, self.id, stage)
                log.warning("stopping: stage %s of call %s released unfinished", stage, call.pk)
                connections.close_all()
                self._hard_exit(0)
                return
            if now >= give_up_at:
                minutes = cfg.stage_timeout_seconds / 60
                if not lost:
                    work.retry(call.pk, self.id, stage,
                               f"Этап «{work.stage_label(stage)}» не завершился за {minutes:.0f} мин",
                               unexpected=True)
                log.error("call %s: stage %s stuck past %.0f s; exiting the worker process", call.pk, stage,
                          cfg.stage_timeout_seconds)
                connections.close_all()
                self._hard_exit(3)
                return
        if lost:
            return
        self._record(call, stage, error)

    def _beat(self, call_pk: int) -> bool:
        try:
            return work.heartbeat(call_pk, self.id)
        except Exception:  # database hiccup: try again next beat; the lease is still ours until it expires
            log.exception("heartbeat failed")
            connections["default"].close()
            return True

    def _record(self, call: Call, stage: str, error: BaseException | None) -> None:
        ok: bool
        if error is None:
            ok = work.advance(call.pk, self.id, stage)
        elif isinstance(error, PermanentError):
            ok = work.fail(call.pk, self.id, stage, error.message)
        elif isinstance(error, TransientError):
            ok = work.retry(call.pk, self.id, stage, error.message, retry_after=error.retry_after)
        else:
            log.error("call %s: unexpected error in stage %s: %s", call.pk, stage, redact(repr(error)),
                      exc_info=error)
            label = work.stage_label(stage)
            ok = work.retry(call.pk, self.id, stage,
                            f"Непредвиденная ошибка на этапе «{label}» ({type(error).__name__})", unexpected=True)
        if not ok:
            log.warning("call %s: lease lost before the result of stage %s was recorded; discarded", call.pk, stage)

    # -- loops -------------------------------------------------------------------------------
    def run(self, once: bool = False) -> None:
        """Work until stopped (or, with once, until nothing is due)."""
        cfg = config.get()
        deliver: DeliverFn | None = deliver_due if self._deliveries else None
        if deliver is not None and not once:
            self._delivery_thread = threading.Thread(target=self._delivery_loop, args=(deliver,),
                                                     name="rop-delivery", daemon=True)
            self._delivery_thread.start()
        if not once:
            self._background_thread = threading.Thread(target=self._background_loop, name="rop-background",
                                                        daemon=True)
            self._background_thread.start()
        try:
            while not self.stop_event.is_set():
                try:
                    worked = self.run_one()
                except Exception:
                    log.exception("worker loop error (database unavailable?)")
                    connections.close_all()
                    self.stop_event.wait(1 + random.random())
                    continue
                if worked:
                    continue
                retention.run_if_due()  # housekeeping while idle (rop.calls.retention)
                if once:
                    break
                self.stop_event.wait(cfg.poll_seconds * random.uniform(0.7, 1.3))
            if once and deliver is not None and not self.stop_event.is_set():
                self._deliver_all(deliver)
            while once and not self.stop_event.is_set() and background.run_due(self.id):
                pass
        finally:
            self.close()

    def _deliver_all(self, deliver: DeliverFn) -> None:
        while not self.stop_event.is_set():
            try:
                if deliver(self.id, 20) == 0:
                    return
            except Exception:
                log.exception("webhook delivery failed")
                return

    def _background_loop(self) -> None:
        """Exports and bulk jobs (rop.pipeline.background), in their own thread."""
        cfg = config.get()
        try:
            while not self.stop_event.is_set():
                close_old_connections()
                if not background.run_due(self.id):
                    self.stop_event.wait(cfg.poll_seconds * random.uniform(0.7, 1.3))
        finally:
            connections.close_all()

    def _delivery_loop(self, deliver: DeliverFn) -> None:
        cfg = config.get()
        try:
            while not self.stop_event.is_set():
                sent = 0
                try:
                    close_old_connections()
                    sent = deliver(self.id, 20)
                except Exception:
                    log.exception("webhook delivery failed")
                    connections.close_all()
                    self.stop_event.wait(1 + random.random())
                if not sent:
                    self.stop_event.wait(cfg.poll_seconds * random.uniform(0.7, 1.3))
        finally:
            connections.close_all()
