"""Audio store behind a small interface; a local directory by default.

Keys are relative paths such as ``<org_id>/<uuid>.mp3``. Another backend (S3-compatible)
implements the same four methods without touching the pipeline stages.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol

from rop import config


class AudioStore(Protocol):
    def put_file(self, src: Path, key: str) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def local_path(self, key: str) -> Path: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


class LocalStore:
    def __init__(self, root: Path):
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not str(path).startswith(str(self.root.resolve()) + os.sep):
            raise ValueError("invalid store key")
        return path

    def put_file(self, src: Path, key: str) -> None:
        dst = self._path(key)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + ".part")
        try:
            os.replace(src, tmp)
        except OSError:  # another filesystem
            shutil.copyfile(src, tmp)
            os.unlink(src)
        os.replace(tmp, dst)

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def local_path(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


def get_store() -> AudioStore:
    return LocalStore(config.get().audio_dir)
