"""The day a call was made: the reference of relative dates said in it («завтра», «в среду»).

Engines read it with ``call_day()``; the analysis stage sets it around an evaluation with
``on_call_day(day)``, so a re-analysis days later still resolves «завтра» from the call's own day.
Outside an evaluation (a one-off ``rop analyze``) it is today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from rop.core.timezones import HasTimeZone, local

_DAY: ContextVar[dt.date | None] = ContextVar("rop_call_day", default=None)


def call_day() -> dt.date:
    return _DAY.get() or dt.date.today()


@contextmanager
def on_call_day(day: dt.date) -> Iterator[None]:
    token = _DAY.set(day)
    try:
        yield
    finally:
        _DAY.reset(token)


def local_day(moment: dt.datetime, org: HasTimeZone | None) -> dt.date:
    """The calendar day of ``moment`` in the organisation's time zone."""
    value = local(moment, org)
    return value.date() if value is not None else dt.date.today()
