"""Direct multipart upload: streamed to a temp file, capped while reading."""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from rop import config


class UploadTooLarge(Exception):
    pass


class CappedTempUploadedFile(UploadedFile):
    def __init__(self, name: str, content_type: str, charset: str | None, path: str):
        self._path = path
        super().__init__(open(path, "w+b"), name, content_type, 0, charset)  # noqa: SIM115

    def temporary_file_path(self) -> str:
        return self._path

    def close(self) -> None:
        """Close and remove the temp file. A stored upload was already moved away from it;
        a rejected one (not audio, duplicate, bad fields) must not stay behind in tmp/."""
        with contextlib.suppress(OSError):
            if self.file is not None:
                self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path)


class CappedAudioUploadHandler(FileUploadHandler):
    """Writes each file part to disk; stops reading the moment the cap is passed."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        cfg = config.get()
        cfg.tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix="upload-", dir=cfg.tmp_dir)
        os.close(fd)
        self.limit = cfg.max_audio_bytes
        self.size = 0
        self.file = CappedTempUploadedFile(self.file_name or "upload", self.content_type or "", self.charset, path)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.size > self.limit:
            self.file.close()
            self.request.rop_upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=True)
        self.file.write(raw_data)

    def upload_interrupted(self) -> None:
        """The request broke off mid-file (client gone, bad multipart): drop the partial file."""
        file = getattr(self, "file", None)
        if file is not None:
            file.close()

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file
