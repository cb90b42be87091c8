"""Domain errors of keyword trackers (shown to people as they are: Russian)."""

from __future__ import annotations

from rop.core.errors import InvalidInput


class TrackerInvalid(InvalidInput):
    """The tracker form does not validate."""
