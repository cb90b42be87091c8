"""The per-key limit is a sliding minute shared across processes (in the database): a burst that
straddles a calendar-minute boundary gets no second allowance (the old fixed window let 120 through
in 4 s). The clock is passed in, so the boundary needs no waiting."""

from __future__ import annotations

import pytest

from rop.tenants.models import ApiKey, Organisation
from rop.tenants.services import create_key, hit_rate_limit

LIMIT = 60
BOUNDARY = 60.0 * 29_000_000  # some calendar minute's start, in unix seconds


@pytest.fixture
def key(org: Organisation) -> ApiKey:
    return create_key(org, "окно")[0]


def test_120_requests_in_4_seconds_across_a_minute_boundary_accept_at_most_66(key: ApiKey) -> None:
    times = [BOUNDARY - 2 + i * (4 / 120) for i in range(120)]
    decisions = [hit_rate_limit(key, LIMIT, now=t) for t in times]
    accepted = sum(d.allowed for d in decisions)
    assert LIMIT <= accepted <= 66, accepted
    assert all(d.allowed for d in decisions[:LIMIT])  # a fresh key gets its full minute
    refused = [d for d in decisions if not d.allowed]
    assert all(1 <= d.retry_after <= 60 for d in refused)


def test_limit_recovers_gradually_as_the_previous_minute_slides_out(key: ApiKey) -> None:
    assert all(hit_rate_limit(key, LIMIT, now=BOUNDARY - 30 + i * 0.1).allowed for i in range(LIMIT))
    assert not hit_rate_limit(key, LIMIT, now=BOUNDARY - 20).allowed
    # 30 s into the next minute half of the old burst still counts: about 30 more fit, not 60.
    later = [hit_rate_limit(key, LIMIT, now=BOUNDARY + 30 + i * 0.01).allowed for i in range(LIMIT)]
    assert 28 <= sum(later) <= 31, sum(later)
    # A whole minute after the burst, the window is free again.
    assert hit_rate_limit(key, LIMIT, now=BOUNDARY + 125).allowed


def test_refused_requests_do_not_extend_the_lockout(key: ApiKey) -> None:
    for i in range(LIMIT):
        hit_rate_limit(key, LIMIT, now=BOUNDARY + i * 0.1)
    for i in range(500):  # a client hammering while refused
        assert not hit_rate_limit(key, LIMIT, now=BOUNDARY + 10 + i * 0.01).allowed
    refused = hit_rate_limit(key, LIMIT, now=BOUNDARY + 20)
    assert not refused.allowed and 1 <= refused.retry_after <= 60
    assert hit_rate_limit(key, LIMIT, now=BOUNDARY + 20 + refused.retry_after + 1).allowed


def test_other_keys_are_counted_separately(key: ApiKey, org: Organisation) -> None:
    other = create_key(org, "другой")[0]
    for i in range(LIMIT + 5):
        hit_rate_limit(key, LIMIT, now=BOUNDARY + i * 0.01)
    assert hit_rate_limit(other, LIMIT, now=BOUNDARY + 1).allowed
