"""Database helpers shared by features."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")

# What SQLite (and PostgreSQL with lock_timeout) say when a write lock was not granted in time.
_LOCK_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")

# Seconds a client is told to wait after a write lock was not granted in time.
BUSY_RETRY_AFTER = 5


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def is_lock_timeout(exc: BaseException) -> bool:
    """Whether `exc` means "the database was busy with other writers": retry later, nothing is wrong."""
    return isinstance(exc, OperationalError) and any(m in str(exc).lower() for m in _LOCK_MESSAGES)


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items (bulk writes in short transactions)."""
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]
