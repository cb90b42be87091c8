"""Presentation helpers shared by pages and exports: durations as m:ss, the organisation's time zone.

- ``mmss(219)`` -> ``"3:39"``; ``mmss(3725)`` -> ``"1:02:05"``; ``None`` -> ``""``.
- ``org_tz(org)`` -> the organisation's ``ZoneInfo`` (Europe/Moscow when unset or unknown).
- ``local(dt, org)`` -> ``dt`` in that zone; ``fmt_local(dt, org)`` -> ``"30.11.2026 15:50"``.

Templates get the same through the built-in filters ``mmss`` and ``localtime`` (the middleware
``rop.ui.middleware.OrgTimezoneMiddleware`` activates the user's organisation zone per request).
"""

from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache
from zoneinfo import available_timezones

from rop.core.timezones import DEFAULT_TZ as DEFAULT_TZ
from rop.core.timezones import HasTimeZone as HasTimeZone
from rop.core.timezones import local as local
from rop.core.timezones import org_tz as org_tz
from rop.core.timezones import zone as zone


def mmss(seconds: float | int | str | None) -> str:
    """A duration as m:ss (h:mm:ss from an hour up); empty for a missing or invalid value."""
    if seconds is None or seconds == "":
        return ""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(value) or value < 0:
        return ""
    total = int(value + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def fmt_local(dt: datetime | None, org: HasTimeZone | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    """A datetime as text in the organisation's zone; empty for None."""
    value = local(dt, org)
    return value.strftime(fmt) if value is not None else ""


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name the system knows, sorted (for the settings select)."""
    return tuple(sorted(available_timezones()))


def is_zone(name: str) -> bool:
    return name in zone_names()
