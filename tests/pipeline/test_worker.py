"""The in-process worker: stage order, statuses, events, retries, failures, lost leases."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from rop.calls.models import Call, CallEvent
from rop.pipeline import stages, work
from rop.pipeline.errors import PermanentError, TransientError
from rop.pipeline.stages import override_stages
from rop.pipeline.worker import Worker
from tests.pipeline.support import drive

pytestmark = pytest.mark.django_db(transaction=True)


def _recording(seen: list[tuple[int, str, str]]) -> dict[str, Callable[[Call], None]]:
    def make(name: str) -> Callable[[Call], None]:
        def run(call: Call) -> None:
            status = Call.objects.values_list("status", flat=True).get(pk=call.pk)
            seen.append((call.pk, name, status))

        return run

    return {name: make(name) for name in stages.ORDER}


def test_call_goes_through_every_stage_in_order_to_done(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    call = make_call()
    seen: list[tuple[int, str, str]] = []
    with override_stages(_recording(seen)):
        done = drive(worker, [call.pk])[call.pk]
    assert seen == [
        (call.pk, "fetch", "downloading"),
        (call.pk, "audio", "transcribing"),
        (call.pk, "asr", "transcribing"),
        (call.pk, "analysis", "analyzing"),
    ]
    assert (done.status, done.stage, done.lease_owner, done.next_attempt_at) == ("done", "done", "", None)
    assert (
        done.started_at is not None and done.finished_at is not None and done.finished_at >= done.started_at
    )
    kinds = list(CallEvent.objects.filter(call=call).values_list("stage", "kind"))
    assert kinds == [("", "received")] + [
        (s, k) for s in stages.ORDER for k in ("started", "finished")
    ] + [("done", "finished")]


def test_transient_error_is_retried_then_call_completes(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    call = make_call()
    tries = {"n": 0}

    def flaky(c: Call) -> None:
        tries["n"] += 1
        if tries["n"] <= 2:
            raise TransientError("Сервер с аудио временно недоступен (HTTP 503)")

    with override_stages({**_recording([]), "fetch": flaky}):
        done = drive(worker, [call.pk])[call.pk]
    assert done.status == "done"
    assert tries["n"] == 3
    retries = CallEvent.objects.filter(call=call, kind="retry")
    assert retries.count() == 2
    first = retries.first()
    assert first is not None
    assert "HTTP 503" in first.message and "Повторная попытка через" in first.message


def test_transient_error_fails_the_call_after_the_retry_window(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(retry_window_seconds=0.3)
    call = make_call()
    tries = {"n": 0}

    def down(c: Call) -> None:
        tries["n"] += 1
        raise TransientError("Сервер отклонил соединение")

    with override_stages({**_recording([]), "fetch": down}):
        failed = drive(worker, [call.pk])[call.pk]
    assert failed.status == "failed"
    assert failed.failed_stage == "fetch"
    assert failed.failure_reason.startswith("Сервер отклонил соединение. Повторные попытки в течение")
    assert tries["n"] >= 2
    assert failed.finished_at is not None and failed.lease_owner == ""
    assert CallEvent.objects.filter(call=call, kind="failed").get().message == failed.failure_reason


def test_permanent_error_fails_at_once_with_its_reason(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    call = make_call()

    def missing(c: Call) -> None:
        raise PermanentError("Файл не найден по ссылке audio_url (HTTP 404)")

    with override_stages({**_recording([]), "audio": missing}):
        failed = drive(worker, [call.pk])[call.pk]
    assert (failed.status, failed.failed_stage, failed.stage) == ("failed", "audio", "audio")
    assert failed.failure_reason == "Файл не найден по ссылке audio_url (HTTP 404)"
    assert failed.attempts == 1


def test_unexpected_exception_is_retried_a_few_times_then_fails_in_russian(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(max_stage_attempts=3)
    call = make_call()
    tries = {"n": 0}

    def buggy(c: Call) -> None:
        tries["n"] += 1
        raise ZeroDivisionError("division by zero")

    with override_stages({**_recording([]), "asr": buggy}):
        failed = drive(worker, [call.pk])[call.pk]
    assert tries["n"] == 3
    assert failed.status == "failed" and failed.failed_stage == "asr"
    assert "Внутренняя ошибка на этапе «Распознавание речи»" in failed.failure_reason
    assert "ZeroDivisionError" in failed.failure_reason


def test_unexpected_exception_then_success_completes(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    call = make_call()
    tries = {"n": 0}

    def once_buggy(c: Call) -> None:
        tries["n"] += 1
        if tries["n"] == 1:
            raise KeyError("x")

    with override_stages({**_recording([]), "analysis": once_buggy}):
        done = drive(worker, [call.pk])[call.pk]
    assert done.status == "done" and tries["n"] == 2


def test_retry_after_from_the_source_is_honoured(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    call = make_call()

    def limited(c: Call) -> None:
        raise TransientError("Сервер с аудио ограничил частоту запросов (HTTP 429)", retry_after=120)

    with override_stages({**_recording([]), "fetch": limited}):
        assert worker.run_one()
    row = Call.objects.get(pk=call.pk)
    assert row.status == "downloading" and row.lease_owner == ""
    assert row.next_attempt_at is not None and row.next_attempt_at >= timezone.now() + timedelta(seconds=110)
    assert row.first_failure_at is not None


def test_a_missing_stage_module_is_a_start_up_error_not_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(stages.DEFAULT_MODULES, "audio", "rop.audio.no_such_stage_module")
    with pytest.raises(stages.StageNotInstalled, match=r"rop\.audio\.no_such_stage_module"):
        apps.get_app_config("pipeline").ready()
    with pytest.raises(stages.StageNotInstalled, match="audio"):
        stages.get_stage("audio")


def test_rop_worker_with_a_missing_stage_exits_at_start_with_a_russian_message() -> None:
    code = ("import sys; from rop.pipeline import stages; "
            "stages.DEFAULT_MODULES['asr'] = 'rop.asr.no_such_stage_module'; "
            "from rop.cli import main; main(['rop', 'worker', '--once'])")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert "Не установлены этапы конвейера" in result.stderr
    assert "rop.asr.no_such_stage_module" in result.stderr


def test_stage_module_with_a_broken_import_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(stages.DEFAULT_MODULES, "audio", "tests.pipeline.broken_stage")
    with pytest.raises(ModuleNotFoundError):
        stages.get_stage("audio")


def test_env_hook_accepts_only_test_modules(rop_config: Callable[..., None]) -> None:
    rop_config(test_stages="rop.fetch.stage")
    with pytest.raises(RuntimeError, match="tests"):
        stages.get_stage("fetch")
    rop_config(test_stages="tests.pipeline.fake_stages")
    from tests.pipeline import fake_stages

    assert stages.get_stage("asr") is fake_stages.STAGES["asr"]


def test_long_stage_keeps_its_lease_by_heartbeat(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(lease_seconds=0.6, heartbeat_seconds=0.1)
    call = make_call()
    stolen: list[object] = []
    runs = {"n": 0}

    def long_asr(c: Call) -> None:
        runs["n"] += 1
        end = time.monotonic() + 2.0  # several lease lengths
        try:
            while time.monotonic() < end:
                stolen.append(work.claim("intruder"))
                time.sleep(0.05)
        finally:
            connections.close_all()

    with override_stages({**_recording([]), "asr": long_asr}):
        done = drive(worker, [call.pk])[call.pk]
    assert done.status == "done" and runs["n"] == 1
    assert len(stolen) > 10 and all(s is None for s in stolen)


def test_result_of_a_stage_that_lost_its_lease_is_discarded(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(heartbeat_seconds=0.05)
    call = make_call()
    taken = threading.Event()

    def slow_fetch(c: Call) -> None:
        # Meanwhile the lease is taken over by another worker (as after a long stall).
        Call.objects.filter(pk=c.pk).update(lease_owner="other-worker")
        deadline = time.monotonic() + 10
        while (
            time.monotonic() < deadline
            and not Call.objects.filter(pk=c.pk, lease_owner="other-worker").exists()
        ):
            time.sleep(0.01)
        taken.set()
        time.sleep(0.3)  # keep running past a few heartbeats
        connections.close_all()

    with override_stages({**_recording([]), "fetch": slow_fetch}):
        assert worker.run_one()
    assert taken.is_set()
    row = Call.objects.get(pk=call.pk)
    assert (row.stage, row.lease_owner) == ("fetch", "other-worker")
    assert not CallEvent.objects.filter(call=call, kind="finished").exists()


def test_worker_once_processes_everything_due_then_exits(
    make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(test_stages="tests.pipeline.fake_stages")
    calls = [make_call() for _ in range(3)]
    call_command("worker", "--once")
    assert set(Call.objects.filter(pk__in=[c.pk for c in calls]).values_list("status", flat=True)) == {"done"}


def test_call_that_keeps_crashing_its_worker_ends_failed(
    worker: Worker, make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(max_stage_attempts=2)
    call = make_call()
    past = timezone.now() - timedelta(seconds=1)
    for owner in ("dead-1", "dead-2"):
        assert work.claim(owner) is not None
        Call.objects.filter(pk=call.pk).update(lease_expires_at=past, next_attempt_at=past)
    with override_stages(_recording([])):
        failed = drive(worker, [call.pk])[call.pk]
    assert failed.status == "failed" and failed.failed_stage == "fetch"
    assert "прерывалась 2 раз" in failed.failure_reason


def test_stage_stuck_past_the_timeout_is_recorded_and_the_process_exits(
    make_call: Callable[..., Call], fast_retries: Callable[..., None]
) -> None:
    fast_retries(stage_timeout_seconds=1, heartbeat_seconds=0.1)
    call = make_call()
    exits: list[int] = []

    def stuck(c: Call) -> None:
        time.sleep(1.6)  # longer than the stage timeout

    stuck_worker = Worker(deliveries=False, hard_exit=exits.append)
    try:
        with override_stages({**_recording([]), "fetch": stuck}):
            assert stuck_worker.run_one()
    finally:
        stuck_worker.close()
    assert exits == [3]
    row = Call.objects.get(pk=call.pk)
    assert (row.stage, row.status, row.lease_owner, row.stage_errors) == ("fetch", "downloading", "", 1)
    assert CallEvent.objects.filter(call=call, kind="retry", message__contains="не завершился за").exists()
