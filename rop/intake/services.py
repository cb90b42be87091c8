"""Call intake: validate, check the audio cheaply, store durably, queue.

Refusals are domain errors (rop.intake.errors); rop.api maps them to HTTP statuses."""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from rop import config
from rop.audio.limits import msg_too_large, msg_too_long
from rop.audio.sniff import SNIFF_BYTES, sniff
from rop.calls.models import Call, CallEvent, CallStatus, EventKind, Stage
from rop.calls.services import MAX_ID_LEN
from rop.intake.errors import (
    AudioTooLarge,
    DuplicateCall,
    InvalidField,
    NotAudio,
    SourceForbidden,
    StoreUnavailable,
)
from rop.net import http
from rop.org.services import ensure_manager
from rop.store import StoreError, get_store
from rop.tenants.models import Organisation

log = logging.getLogger(__name__)

MAX_URL_LEN = 2048


@dataclass(frozen=True)
class CallIn:
    call_id: str
    manager_id: str
    audio_url: str
    deal_id: str
    deal_stage_id: str
    duration: int | None


@dataclass(frozen=True)
class Upload:
    path: str
    name: str


def _text(data: dict[str, Any], name: str, required: bool, max_len: int = MAX_ID_LEN) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise InvalidField(f"Не указано обязательное поле: {name}")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidField(f"Поле {name} должно быть строкой")
    text = str(value).strip()
    if required and not text:
        raise InvalidField(f"Не указано обязательное поле: {name}")
    if len(text) > max_len:
        raise InvalidField(f"Поле {name} слишком длинное (не более {max_len} символов)")
    if any(ord(ch) < 32 for ch in text):
        raise InvalidField(f"Поле {name} содержит недопустимые символы")
    return text


def _duration(data: dict[str, Any]) -> int | None:
    value = data.get("duration")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidField("Поле duration должно быть целым числом секунд")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        stripped = value.strip()
        if not (stripped.isascii() and stripped.isdigit()) or len(stripped) > 9:
            raise InvalidField("Поле duration должно быть целым числом секунд")
        value = int(stripped)
    if not isinstance(value, int) or value < 0:
        raise InvalidField("Поле duration должно быть целым числом секунд")
    if value > config.get().max_audio_seconds:
        raise AudioTooLarge(msg_too_long())
    return value


def parse_call(data: dict[str, Any], has_file: bool) -> CallIn:
    call_id = _text(data, "call_id", required=True)
    manager_id = _text(data, "manager_id", required=True)
    audio_url = _text(data, "audio_url", required=not has_file, max_len=MAX_URL_LEN)
    if audio_url:
        try:
            http.validate_url(audio_url)
        except http.InvalidUrl:
            raise InvalidField("Поле audio_url должно быть ссылкой http:// или https://") from None
    return CallIn(
        call_id=call_id,
        manager_id=manager_id,
        audio_url=audio_url,
        deal_id=_text(data, "deal_id", required=False),
        deal_stage_id=_text(data, "deal_stage_id", required=False),
        duration=_duration(data),
    )


def probe_audio_url(url: str) -> None:
    """First-bytes check at request time. Raises an InvalidInput error only when the answer is certain:
    the source serves something that is not audio, is too large, or the address is forbidden.
    A source that cannot be reached now is accepted; the pipeline retries it."""
    cfg = config.get()
    try:
        with http.open_url(
            url,
            headers={"Range": f"bytes=0-{SNIFF_BYTES - 1}"},
            connect_timeout=cfg.intake_probe_timeout,
            read_timeout=cfg.intake_probe_timeout,
        ) as resp:
            if resp.status not in (200, 206):
                return
            total = _declared_size(resp)
            if total is not None and total > cfg.max_audio_bytes:
                raise AudioTooLarge(msg_too_large())
            head = resp.read_head(SNIFF_BYTES)
    except http.BlockedAddress as exc:
        raise SourceForbidden(f"Ссылка audio_url недоступна для загрузки: {exc.message}") from None
    except http.InvalidUrl:
        raise InvalidField("Поле audio_url должно быть ссылкой http:// или https://") from None
    except http.HttpError as exc:
        log.info("intake probe: source not reachable now, queued anyway: %s", exc.message)
        return
    if head and sniff(head) is None:
        raise NotAudio()


def _declared_size(resp: http.Response) -> int | None:
    if resp.status == 206:
        crange = resp.header("content-range")
        total = crange.rsplit("/", 1)[-1] if "/" in crange else ""
        return int(total) if total.isdigit() else None
    length = resp.header("content-length")
    return int(length) if length.isdigit() else None


def check_upload(upload: Upload) -> str:
    size = os.path.getsize(upload.path)
    if size > config.get().max_audio_bytes:
        raise AudioTooLarge(msg_too_large())
    with open(upload.path, "rb") as fh:
        kind = sniff(fh.read(SNIFF_BYTES))
    if kind is None:
        raise NotAudio()
    return kind


def submit_call(org: Organisation, item: CallIn, upload: Upload | None = None) -> Call:
    if Call.objects.filter(org=org, call_id=item.call_id).exists():
        raise DuplicateCall()
    audio_key = ""
    if upload is not None:
        kind = check_upload(upload)
        audio_key = f"{org.pk}/{uuid.uuid4().hex}.{kind}"
    elif item.audio_url:
        probe_audio_url(item.audio_url)
    try:
        with transaction.atomic():
            # Inside the transaction: a refused call (a concurrent duplicate) leaves no placeholder.
            manager = ensure_manager(org, item.manager_id)
            call = Call.objects.create(
                org=org,
                call_id=item.call_id,
                manager=manager,
                deal_id=item.deal_id,
                deal_stage_id=item.deal_stage_id,
                audio_url=item.audio_url,
                audio_path=audio_key,
                declared_duration=item.duration,
                status=CallStatus.QUEUED,
                stage=Stage.FETCH,
                next_attempt_at=timezone.now(),
            )
            CallEvent.objects.create(
                call=call, stage="", kind=EventKind.RECEIVED, message="Звонок получен через API"
            )
            if upload is not None:
                # Inside the transaction: if the move fails, no call row points at nothing.
                get_store().put_file(Path(upload.path), audio_key)
    except IntegrityError:
        raise DuplicateCall() from None
    except StoreError as exc:  # the store is down: nothing was recorded, the CRM may send again
        log.error("audio store unavailable at intake: %s", exc.message)
        raise StoreUnavailable() from None
    return call
