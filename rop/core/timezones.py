"""Organisation time zones, shared by features: Europe/Moscow when unset or unknown.

- ``zone("Asia/Vladivostok")`` -> its ``ZoneInfo``; ``org_tz(org)`` -> the organisation's zone;
- ``local(dt, org)`` -> ``dt`` in that zone (naive values are taken as UTC).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Europe/Moscow"


class HasTimeZone(Protocol):
    time_zone: str


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; Europe/Moscow for an empty or unknown one."""
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def org_tz(org: HasTimeZone | None) -> ZoneInfo:
    """The organisation's time zone (the default zone without an organisation)."""
    return zone(getattr(org, "time_zone", "") or DEFAULT_TZ)


def local(dt: datetime | None, org: HasTimeZone | None) -> datetime | None:
    """An aware datetime converted to the organisation's zone (naive values are taken as UTC)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo("UTC"))
    return dt.astimezone(org_tz(org))
