"""An S3-compatible bucket as the audio store (AWS S3, MinIO, Ceph RGW, …).

Configured by the standard variables boto3 reads: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION. With an explicit endpoint (a self-hosted server)
path-style addressing is used, which every S3-compatible server understands. Uploads are
multipart for large files (boto3's transfer manager); reads stream with HTTP Range.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from boto3.exceptions import S3TransferFailedError, S3UploadFailedError
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from rop.store.errors import StoreError, StoreMissing

CHUNK = 64 * 1024
_MISSING_CODES = {"404", "NoSuchKey", "NotFound"}
_AUTH_CODES = {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "401"}


def parse_url(url: str) -> tuple[str, str]:
    """s3://BUCKET/PREFIX -> (bucket, prefix ending in '/' or '')."""
    rest = url.removeprefix("s3://")
    bucket, _, prefix = rest.partition("/")
    prefix = prefix.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


def _code(exc: ClientError) -> str:
    err: dict[str, Any] = exc.response.get("Error", {})
    return str(err.get("Code", ""))


class S3Store:
    def __init__(self, url: str, tmp_dir: Path):
        self.url = url
        self.bucket, self.prefix = parse_url(url)
        self.tmp_dir = tmp_dir
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
        boto_cfg = BotoConfig(
            connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": "path" if endpoint else "auto"},
        )
        self.client = boto3.session.Session().client("s3", endpoint_url=endpoint, config=boto_cfg)

    def _key(self, key: str) -> str:
        if not key or key.startswith("/") or ".." in key.split("/"):
            raise ValueError("invalid store key")
        return self.prefix + key

    def _error(self, exc: Exception, key: str = "") -> StoreError:
        if isinstance(exc, ClientError):
            code = _code(exc)
            if key and code in _MISSING_CODES:
                return StoreMissing(key)
            if code in _AUTH_CODES:
                return StoreError(f"Хранилище аудио {self.url} отказало в доступе "
                                  f"(проверьте AWS_ACCESS_KEY_ID и AWS_SECRET_ACCESS_KEY): {code}")
            if code in {"NoSuchBucket"} or (not key and code in _MISSING_CODES):
                return StoreError(
                    f"Корзина «{self.bucket}» не найдена в хранилище аудио (создайте её заранее)")
            return StoreError(f"Ошибка хранилища аудио ({code or type(exc).__name__})")
        if isinstance(exc, NoCredentialsError):
            return StoreError("Не заданы ключи хранилища аудио (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
        return StoreError(f"Хранилище аудио {self.url} недоступно ({type(exc).__name__})")

    def put_file(self, src: Path, key: str) -> None:
        try:
            self.client.upload_file(str(src), self.bucket, self._key(key))
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc) from None
        except (S3UploadFailedError, S3TransferFailedError) as exc:  # boto3 wraps the ClientError
            cause = exc.__context__
            if isinstance(cause, (BotoCoreError, ClientError)):
                raise self._error(cause) from None
            raise StoreError(f"Не удалось сохранить файл в хранилище аудио {self.url}") from None
        os.unlink(src)

    def size(self, key: str) -> int | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            err = self._error(exc, key)
            if isinstance(err, StoreMissing):
                return None
            raise err from None
        except BotoCoreError as exc:
            raise self._error(exc) from None
        return int(head["ContentLength"])

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def iter_range(self, key: str, start: int, length: int) -> Iterator[bytes]:
        if length <= 0:
            return
        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(key),
                                         Range=f"bytes={start}-{start + length - 1}")
            body = obj["Body"]
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc, key) from None

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        suffix = Path(key).suffix
        fd, name = tempfile.mkstemp(prefix="store-", suffix=suffix, dir=self.tmp_dir)
        os.close(fd)
        path = Path(name)
        try:
            try:
                self.client.download_file(self.bucket, self._key(key), name)
            except (BotoCoreError, ClientError) as exc:
                raise self._error(exc, key) from None
            except S3TransferFailedError:
                raise StoreError(f"Не удалось прочитать файл {key} из хранилища аудио") from None
            yield path
        finally:
            path.unlink(missing_ok=True)

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc, key) from None

    def check(self) -> None:
        if not self.bucket:
            raise StoreError("ROP_STORE_URL: не указана корзина (s3://BUCKET/PREFIX)")
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as exc:
            raise self._error(exc) from None
