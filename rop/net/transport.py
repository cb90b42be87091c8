"""The one transport-error policy for every outbound caller (audio fetch, webhooks, LLM, OpenAI ASR).

- One error type, ``HttpError``: ``transient`` says whether trying later may help, ``status`` is the
  HTTP status when there was an answer, ``retry_after`` the seconds the server asked us to wait.
- One classification of statuses (``is_transient_status``): 408, 425, 429 and every 5xx are
  transient; every other non-2xx status is permanent. Operator-configured endpoints (LLM, ASR
  server) add one rule: 401, 403 and 404 mean a configuration mistake the operator can fix, so
  they are transient there (calls wait for the fix instead of failing).
- One Retry-After parser (``retry_after_seconds``: delta-seconds or an HTTP date).
- One backoff (``backoff_seconds``): exponential with full jitter, never sooner than Retry-After.

Callers keep their own Russian wording; what counts as "try again" is decided here only.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

TRANSIENT_STATUSES = frozenset({408, 425, 429})
CONFIGURATION_STATUSES = frozenset({401, 403, 404})  # transient for operator-configured endpoints
MAX_RETRY_AFTER = 24 * 3600.0


class HttpError(Exception):
    """Outbound HTTP failed. ``transient``: trying later may help."""

    transient = True

    def __init__(self, message: str, *, transient: bool | None = None, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        if transient is not None:
            self.transient = transient
        self.status = status
        self.retry_after = retry_after


class BlockedAddress(HttpError):
    """The address is forbidden by the SSRF rules."""

    transient = False


class InvalidUrl(HttpError):
    transient = False


class TooLarge(HttpError):
    transient = False


def is_transient_status(status: int, *, configured_endpoint: bool = False) -> bool:
    """Whether a non-2xx status may pass if we try later."""
    if status in TRANSIENT_STATUSES or status >= 500:
        return True
    return configured_endpoint and status in CONFIGURATION_STATUSES


def status_error(status: int, message: str, *, retry_after: str = "", configured_endpoint: bool = False
                 ) -> HttpError:
    """The HttpError for a non-2xx answer: classified, with the server's Retry-After parsed."""
    transient = is_transient_status(status, configured_endpoint=configured_endpoint)
    return HttpError(message, transient=transient, status=status,
                     retry_after=retry_after_seconds(retry_after) if transient else None)


def configured_endpoint_error(status: int, retry_after: str, *, misconfigured: str, unavailable: str,
                              rejected: str) -> HttpError:
    """status_error for an operator-configured endpoint (LLM, ASR server), worded by the caller for
    each case: a configuration status, a transient status, any other refusal."""
    if status in CONFIGURATION_STATUSES:
        message = misconfigured
    elif is_transient_status(status):
        message = unavailable
    else:
        message = rejected
    return status_error(status, message, retry_after=retry_after, configured_endpoint=True)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad.

    Capped at 24 h; a date in the past is 0.
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    delta = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, min(delta, MAX_RETRY_AFTER))


def backoff_seconds(attempt: int, *, base: float, cap: float, retry_after: float | None = None,
                    retry_after_cap: float = MAX_RETRY_AFTER) -> float:
    """Delay before attempt ``attempt + 1`` (``attempt`` counts from 1).

    Full jitter: uniform in [0, min(cap, base * 2 ** (attempt - 1))]; never sooner than
    ``retry_after`` (itself capped at ``retry_after_cap``).
    """
    ceiling = min(cap, base * 2 ** max(0, min(attempt - 1, 30)))
    delay = random.uniform(0.0, ceiling)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(retry_after, retry_after_cap))
    return delay
