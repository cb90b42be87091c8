"""Claims and leases on the Call row (rop.pipeline.work), against the real database."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from rop.calls.models import Call, CallEvent
from rop.pipeline import work

pytestmark = pytest.mark.django_db(transaction=True)


def _expire(call: Call) -> None:
    """The holder stopped heartbeating: its lease is in the past (as after a crash)."""
    past = timezone.now() - timedelta(seconds=1)
    Call.objects.filter(pk=call.pk).update(lease_expires_at=past, next_attempt_at=past)


def test_claim_is_exclusive(make_call: Callable[..., Call]) -> None:
    call = make_call()
    first = work.claim("worker-a")
    assert first is not None and first.call.pk == call.pk
    assert work.claim("worker-b") is None
    row = Call.objects.get(pk=call.pk)
    assert row.lease_owner == "worker-a"
    assert row.lease_expires_at is not None and row.lease_expires_at > timezone.now()
    assert row.attempts == 1
    assert row.status == "downloading"
    assert row.started_at is not None


def test_concurrent_claims_take_each_call_once(make_call: Callable[..., Call]) -> None:
    calls = [make_call() for _ in range(12)]
    taken: list[int] = []
    lock = threading.Lock()

    def claimant(i: int) -> None:
        try:
            while (claimed := work.claim(f"w{i}")) is not None:
                with lock:
                    taken.append(claimed.call.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimant, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(taken) == Counter(c.pk for c in calls)


def test_expired_lease_is_taken_over_and_counted_as_crash(make_call: Callable[..., Call]) -> None:
    call = make_call()
    assert work.claim("worker-a") is not None
    _expire(call)
    second = work.claim("worker-b")
    assert second is not None and second.call.pk == call.pk
    assert second.crashed_before
    row = Call.objects.get(pk=call.pk)
    assert (row.lease_owner, row.attempts, row.stage_errors) == ("worker-b", 2, 1)
    assert CallEvent.objects.filter(call=call, kind="retry", message__contains="прервался").exists()


def test_worker_that_lost_its_lease_cannot_commit(make_call: Callable[..., Call]) -> None:
    call = make_call()
    assert work.claim("worker-a") is not None
    _expire(call)
    assert work.claim("worker-b") is not None
    assert not work.heartbeat(call.pk, "worker-a")
    assert not work.advance(call.pk, "worker-a", "fetch")
    assert not work.fail(call.pk, "worker-a", "fetch", "Ошибка")
    assert not work.retry(call.pk, "worker-a", "fetch", "Ошибка")
    assert not work.release(call.pk, "worker-a", "fetch")
    row = Call.objects.get(pk=call.pk)
    assert (row.stage, row.status, row.lease_owner) == ("fetch", "downloading", "worker-b")
    assert work.advance(call.pk, "worker-b", "fetch")
    assert Call.objects.get(pk=call.pk).stage == "audio"


def test_heartbeat_extends_the_lease(make_call: Callable[..., Call], rop_config: Callable[..., None]) -> None:
    rop_config(lease_seconds=5)
    call = make_call()
    assert work.claim("worker-a") is not None
    before = Call.objects.get(pk=call.pk).lease_expires_at
    rop_config(lease_seconds=600)
    assert work.heartbeat(call.pk, "worker-a")
    after = Call.objects.get(pk=call.pk)
    assert before is not None and after.lease_expires_at is not None
    assert after.lease_expires_at - before > timedelta(seconds=500)
    assert after.next_attempt_at == after.lease_expires_at  # leased calls stay out of the claim scan


def test_future_retry_is_not_claimed_early(make_call: Callable[..., Call]) -> None:
    call = make_call()
    Call.objects.filter(pk=call.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert work.claim("worker-a") is None


def test_failed_and_done_calls_are_never_claimed(make_call: Callable[..., Call]) -> None:
    done = make_call()
    failed = make_call()
    for _ in (done, failed):
        assert work.claim("w") is not None
    assert work.advance(done.pk, "w", "fetch")
    Call.objects.filter(pk=done.pk).update(stage="done", next_attempt_at=timezone.now(), lease_owner="")
    assert work.fail(failed.pk, "w", "fetch", "Файл не найден")
    assert work.claim("w2") is None


def test_release_makes_the_stage_due_again_without_counting_an_error(make_call: Callable[..., Call]) -> None:
    call = make_call()
    assert work.claim("worker-a") is not None
    assert work.release(call.pk, "worker-a", "fetch")
    again = work.claim("worker-b")
    assert again is not None and not again.crashed_before
    assert Call.objects.get(pk=call.pk).stage_errors == 0


def test_backoff_has_full_jitter_capped_and_honours_retry_after(rop_config: Callable[..., None]) -> None:
    rop_config(retry_base_seconds=2, retry_max_seconds=60, retry_window_seconds=3600)
    delays = [work.backoff_seconds(3) for _ in range(200)]
    assert all(0 <= d <= 8 for d in delays)
    assert max(delays) - min(delays) > 1  # jittered, not a fixed step
    assert all(0 <= work.backoff_seconds(30) <= 60 for _ in range(50))
    assert work.backoff_seconds(1, retry_after=120) >= 120
