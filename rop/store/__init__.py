"""Audio store: where call recordings live, shared by every process of an installation.

``ROP_STORE_URL`` selects the backend: ``file:///abs/path`` (a local or shared directory; the
default is ``$ROP_DATA_DIR/audio``) or ``s3://BUCKET/PREFIX`` (any S3-compatible server,
configured by the standard AWS_* variables). Keys are relative paths such as
``<org_id>/<uuid>.mp3``. Stages never assume a key is a local file: they ask for a local copy
(``local_copy``), stream ranges (``iter_range``) or upload a finished file (``put_file``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from rop import config
from rop.store.errors import StoreError, StoreMissing

__all__ = ["AudioStore", "StoreError", "StoreMissing", "check_store", "get_store"]


class AudioStore(Protocol):
    url: str

    def put_file(self, src: Path, key: str) -> None:
        """Store the finished file src under key; src is gone afterwards."""

    def size(self, key: str) -> int | None:
        """Size in bytes, or None when the key does not exist."""

    def iter_range(self, key: str, start: int, length: int) -> Iterator[bytes]:
        """Stream ``length`` bytes from ``start`` (StoreMissing when absent)."""

    def local_copy(self, key: str) -> AbstractContextManager[Path]:
        """A local file with the key's bytes for the duration of the block (StoreMissing)."""

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def check(self) -> None:
        """Raise StoreError (Russian message) when the store cannot be used."""


def _build(url: str, tmp_dir: Path) -> AudioStore:
    if url.startswith("s3://"):
        from rop.store.s3 import S3Store

        return S3Store(url, tmp_dir)
    from rop.store.local import LocalStore

    return LocalStore(Path(url.removeprefix("file://")))


@lru_cache(maxsize=4)
def _cached(url: str, tmp_dir: str, pid: int, endpoint: str, access_key: str) -> AudioStore:
    # Keyed by pid: clients (HTTP connection pools) are never shared across fork; by the
    # endpoint and key too, so a changed environment (tests) never reuses a stale client.
    return _build(url, Path(tmp_dir))


def get_store() -> AudioStore:
    cfg = config.get()
    env = os.environ
    return _cached(cfg.store_url, str(cfg.tmp_dir), os.getpid(), env.get("AWS_ENDPOINT_URL", ""),
                   env.get("AWS_ACCESS_KEY_ID", ""))


def check_store() -> None:
    """Fail fast at process start: a missing bucket or bad credentials raise StoreError."""
    get_store().check()
