"""rop.net.transport: the one policy for what is transient, Retry-After and backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from rop.net import transport


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504, 599])
def test_timeouts_rate_limits_and_server_errors_are_transient(status: int) -> None:
    assert transport.is_transient_status(status)
    assert transport.status_error(status, "x").transient


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 410, 413, 422, 301, 302])
def test_other_answers_are_permanent(status: int) -> None:
    assert not transport.is_transient_status(status)
    error = transport.status_error(status, "x", retry_after="30")
    assert error.transient is False and error.status == status and error.retry_after is None


@pytest.mark.parametrize("status", [401, 403, 404])
def test_auth_and_not_found_are_transient_only_for_operator_configured_endpoints(status: int) -> None:
    assert transport.is_transient_status(status, configured_endpoint=True)
    assert not transport.is_transient_status(400, configured_endpoint=True)


def test_status_error_carries_the_parsed_retry_after() -> None:
    error = transport.status_error(429, "Слишком часто", retry_after="120")
    assert (error.message, error.status, error.retry_after, error.transient) == (
        "Слишком часто",
        429,
        120.0,
        True,
    )


def test_retry_after_as_seconds_as_a_date_in_the_past_and_garbage() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert transport.retry_after_seconds("7") == 7.0
    assert transport.retry_after_seconds(" 7 ") == 7.0
    date = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert transport.retry_after_seconds(date, now=now.timestamp()) == pytest.approx(90.0)
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert transport.retry_after_seconds(past, now=now.timestamp()) == 0.0
    for bad in ("", None, "soon", "-5", "1.5", "Mon, 99 Foo 2026 00:00:00 GMT"):
        assert transport.retry_after_seconds(bad) is None, bad


def test_retry_after_is_capped_at_a_day() -> None:
    assert transport.retry_after_seconds("999999999") == 24 * 3600.0


def test_backoff_is_full_jitter_below_an_exponential_ceiling() -> None:
    delays = [transport.backoff_seconds(4, base=10.0, cap=3600.0) for _ in range(400)]
    assert all(0.0 <= d <= 80.0 for d in delays)
    assert min(delays) < 20.0  # full jitter draws from [0, ceiling], not from [ceiling/2, ceiling]
    assert max(delays) > 60.0
    assert all(transport.backoff_seconds(40, base=10.0, cap=50.0) <= 50.0 for _ in range(100))


def test_backoff_is_never_sooner_than_retry_after_and_that_floor_has_a_cap() -> None:
    assert transport.backoff_seconds(1, base=1.0, cap=2.0, retry_after=300.0) >= 300.0
    assert (
        transport.backoff_seconds(1, base=1.0, cap=2.0, retry_after=10_000.0, retry_after_cap=600.0) <= 600.0
    )
