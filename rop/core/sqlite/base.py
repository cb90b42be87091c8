"""SQLite backend with write transactions queued on a process-wide lock.

SQLite has one writer at a time. Without this, threads of one web server process that collide
on the write lock fall into SQLite's busy handler, which sleeps 1, 2, 5, 10 … 100 ms between
retries: under concurrent intake those sleeps, not the work, set the tail latency. Here the
threads of a process wait on a Python lock instead and go the moment it is free; SQLite's busy
timeout still arbitrates between processes. Every write transaction in this project is an
``atomic`` block (BEGIN IMMEDIATE), so the lock is taken at BEGIN and released at COMMIT,
ROLLBACK or close, whichever comes first.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_WRITE_LOCK = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    _rop_holds_write_lock = False

    def _release_write_lock(self) -> None:
        if self._rop_holds_write_lock:
            self._rop_holds_write_lock = False
            _WRITE_LOCK.release()

    def _start_transaction_under_autocommit(self) -> None:
        # Same bound as SQLite's own busy timeout: a stuck holder gives "database is locked", not a hang.
        if not _WRITE_LOCK.acquire(timeout=float(self.settings_dict["OPTIONS"].get("timeout", 30))):
            raise OperationalError("database is locked (write lock wait timed out)")
        self._rop_holds_write_lock = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()
