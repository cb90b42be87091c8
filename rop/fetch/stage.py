"""Pipeline stage "fetch": download the call's audio_url into the audio store.

Streaming through rop.net.http (SSRF rules on every hop, pinned addresses, at most 5
redirects), with connect/read timeouts, an overall deadline and the size cap enforced while
reading. Failures that may pass (rop.net.transport: timeouts, refused connections, DNS, 408,
425, 429, 5xx) raise TransientError, with the source's Retry-After; the worker retries them for
about an hour. Everything else is permanent.
Idempotent: a call that already has audio_path is left alone.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from pathlib import Path

from rop import config
from rop.audio.limits import MSG_NOT_AUDIO, msg_too_large
from rop.audio.sniff import SNIFF_BYTES, sniff
from rop.calls.models import Call
from rop.core.redact import redact
from rop.net import http, transport
from rop.pipeline.errors import PermanentError, StageError, TransientError, stage_error
from rop.store import StoreError, get_store

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5


def _status_error(resp: http.Response) -> StageError:
    status = resp.status
    if status in (404, 410):
        message = f"Файл не найден по ссылке audio_url (HTTP {status})"
    elif status in (401, 403):
        message = f"Доступ к файлу по ссылке audio_url запрещён (HTTP {status})"
    elif status == 429:
        message = "Сервер с аудио ограничил частоту запросов (HTTP 429)"
    elif transport.is_transient_status(status):
        message = f"Сервер с аудио временно недоступен (HTTP {status})"
    elif 300 <= status < 400:
        message = f"Некорректное перенаправление по ссылке audio_url (HTTP {status})"
    else:
        message = f"Не удалось загрузить файл по ссылке audio_url (HTTP {status})"
    return stage_error(transport.status_error(status, message, retry_after=resp.header("retry-after")))


def download(url: str, dest: Path) -> str:
    """Stream url into dest; return the audio kind ("mp3", "wav", "ogg"). Raises stage errors."""
    cfg = config.get()
    cap = cfg.max_audio_bytes
    deadline = time.monotonic() + cfg.fetch_deadline_seconds
    try:
        with http.open_url(
            url,
            connect_timeout=cfg.fetch_connect_timeout,
            read_timeout=cfg.fetch_read_timeout,
            max_redirects=MAX_REDIRECTS,
            policy=http.Policy.audio(),
        ) as resp:
            if resp.status not in (200, 203):
                raise _status_error(resp)
            length = resp.header("content-length")
            if length.isdigit() and int(length) > cap:
                raise PermanentError(msg_too_large())
            head = b""
            kind: str | None = None
            with open(dest, "wb") as out:
                for chunk in resp.iter_chunks(max_bytes=cap, deadline=deadline):
                    if kind is None:
                        head += chunk[: SNIFF_BYTES - len(head)]
                        if len(head) >= SNIFF_BYTES:
                            kind = _sniff_or_fail(head)
                    out.write(chunk)
            if kind is None:
                kind = _sniff_or_fail(head)
            return kind
    except StageError:
        raise
    except http.TooLarge:
        raise PermanentError(msg_too_large()) from None
    except http.BlockedAddress as exc:
        raise PermanentError(f"Ссылка audio_url недоступна для загрузки: {exc.message}") from None
    except http.InvalidUrl as exc:
        raise PermanentError(f"Некорректная ссылка audio_url: {exc.message}") from None
    except http.HttpError as exc:
        raise stage_error(exc, f"Не удалось загрузить аудио: {exc.message}") from None


def _sniff_or_fail(head: bytes) -> str:
    kind = sniff(head)
    if kind is None:
        raise PermanentError(MSG_NOT_AUDIO)
    return kind


def run(call: Call) -> None:
    if call.audio_path:
        return  # direct upload, or a previous attempt already stored it
    if not call.audio_url:
        raise PermanentError("У звонка нет ни ссылки audio_url, ни загруженного файла")
    cfg = config.get()
    cfg.tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="fetch-", suffix=".part", dir=cfg.tmp_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        kind = download(call.audio_url, tmp)
        key = f"{call.org_id}/{uuid.uuid4().hex}.{kind}"
        store = get_store()
        try:
            store.put_file(tmp, key)
        except StoreError as exc:  # the store is down for now: the download is retried later
            raise TransientError(exc.message) from None
        # Only while we still hold the call and nobody stored its audio meanwhile.
        updated = Call.objects.filter(pk=call.pk, audio_path="", lease_owner=call.lease_owner).update(audio_path=key)
        if updated != 1:
            store.delete(key)
            fresh = Call.objects.filter(pk=call.pk).values_list("audio_path", flat=True).first()
            if not fresh:
                raise TransientError("Загрузка аудио прервана: звонок обрабатывается другим обработчиком")
            call.audio_path = fresh
            return
        call.audio_path = key
        log.info("call %s: audio downloaded (%s) from %s", call.pk, kind, redact(call.audio_url))
    finally:
        tmp.unlink(missing_ok=True)
