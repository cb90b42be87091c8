"""Keyset (seek) pagination on (created_at, id), newest first: no OFFSET, no COUNT(*)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet


def encode_cursor(created_at: datetime, pk: int) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        ts, pk = raw.split("|", 1)
        when, key = datetime.fromisoformat(ts), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None
    if when.tzinfo is None or not 0 < key < 2**62:  # not a cursor this list made
        return None
    return when, key


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None
    prev_cursor: str | None
    numbered: bool = False  # cursors are page numbers (?page=), not keyset tokens


def seek(qs: QuerySet[Any], after: str | None, before: str | None, size: int) -> Page:
    """One page of `qs` newest first. `after` moves to older rows, `before` to newer ones."""
    if before and (cur := decode_cursor(before)):
        ts, pk = cur
        rows = list(
            qs.filter(Q(created_at__gt=ts) | Q(created_at=ts, id__gt=pk)).order_by("created_at", "id")[: size + 1]
        )
        more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        nxt = encode_cursor(rows[-1].created_at, rows[-1].pk) if rows else None
        prev = encode_cursor(rows[0].created_at, rows[0].pk) if rows and more_newer else None
        return Page(rows, nxt, prev)
    cur = decode_cursor(after) if after else None
    if cur:
        ts, pk = cur
        qs = qs.filter(Q(created_at__lt=ts) | Q(created_at=ts, id__lt=pk))
    rows = list(qs.order_by("-created_at", "-id")[: size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    nxt = encode_cursor(rows[-1].created_at, rows[-1].pk) if rows and more_older else None
    prev = encode_cursor(rows[0].created_at, rows[0].pk) if rows and cur else None
    return Page(rows, nxt, prev)


def offset_page(qs: QuerySet[Any], page: str | None, size: int) -> Page:
    """Numbered pages for orders other than newest first; cursors are page numbers."""
    try:
        number = max(1, min(int(page or 1), 100_000))
    except ValueError:
        number = 1
    start = (number - 1) * size
    rows = list(qs[start:start + size + 1])
    more = len(rows) > size
    return Page(rows[:size], str(number + 1) if more else None, str(number - 1) if number > 1 else None,
                numbered=True)
