"""Call intake: validate, check the audio cheaply, store durably, queue."""

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
from rop.audio.sniff import SNIFF_BYTES, sniff
from rop.calls.models import Call, CallEvent, CallStatus, Stage
from rop.core.envelope import MSG_DUPLICATE, MSG_NOT_AUDIO, ApiError
from rop.net import http
from rop.org.services import ensure_manager
from rop.store import get_store
from rop.tenants.models import Organisation

log = logging.getLogger(__name__)

MAX_ID_LEN = 255
MAX_URL_LEN = 2048


def is_clean_text(text: str) -> bool:
    """False for NUL or lone surrogates: no database stores them (PostgreSQL, SQLite's UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def msg_too_large() -> str:
    return f"Размер файла превышает {config.get().max_audio_bytes // (1024 * 1024)} МБ"


def msg_too_long() -> str:
    return f"Длительность звонка превышает максимальную ({config.get().max_audio_seconds} секунд)"


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
            raise ApiError(400, f"Не указано обязательное поле: {name}")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ApiError(400, f"Поле {name} должно быть строкой")
    text = str(value).strip()
    if required and not text:
        raise ApiError(400, f"Не указано обязательное поле: {name}")
    if len(text) > max_len:
        raise ApiError(400, f"Поле {name} слишком длинное (не более {max_len} символов)")
    if any(ord(ch) < 32 for ch in text):
        raise ApiError(400, f"Поле {name} содержит недопустимые символы")
    return text


def _duration(data: dict[str, Any]) -> int | None:
    value = data.get("duration")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ApiError(400, "Поле duration должно быть целым числом секунд")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        stripped = value.strip()
        if not (stripped.isascii() and stripped.isdigit()) or len(stripped) > 9:
            raise ApiError(400, "Поле duration должно быть целым числом секунд")
        value = int(stripped)
    if not isinstance(value, int) or value < 0:
        raise ApiError(400, "Поле duration должно быть целым числом секунд")
    if value > config.get().max_audio_seconds:
        raise ApiError(400, msg_too_long())
    return value


def parse_call(data: dict[str, Any], has_file: bool) -> CallIn:
    call_id = _text(data, "call_id", required=True)
    manager_id = _text(data, "manager_id", required=True)
    audio_url = _text(data, "audio_url", required=not has_file, max_len=MAX_URL_LEN)
    if audio_url:
        try:
            http.validate_url(audio_url)
        except http.InvalidUrl:
            raise ApiError(400, "Поле audio_url должно быть ссылкой http:// или https://") from None
    return CallIn(
        call_id=call_id,
        manager_id=manager_id,
        audio_url=audio_url,
        deal_id=_text(data, "deal_id", required=False),
        deal_stage_id=_text(data, "deal_stage_id", required=False),
        duration=_duration(data),
    )


def probe_audio_url(url: str) -> None:
    """First-bytes check at request time. Raises ApiError(400) only when the answer is certain:
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
                raise ApiError(400, msg_too_large())
            head = resp.read_head(SNIFF_BYTES)
    except http.BlockedAddress as exc:
        raise ApiError(400, f"Ссылка audio_url недоступна для загрузки: {exc.message}") from None
    except http.InvalidUrl:
        raise ApiError(400, "Поле audio_url должно быть ссылкой http:// или https://") from None
    except http.HttpError as exc:
        log.info("intake probe: source not reachable now, queued anyway: %s", exc.message)
        return
    if head and sniff(head) is None:
        raise ApiError(400, MSG_NOT_AUDIO)


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
        raise ApiError(400, msg_too_large())
    with open(upload.path, "rb") as fh:
        kind = sniff(fh.read(SNIFF_BYTES))
    if kind is None:
        raise ApiError(400, MSG_NOT_AUDIO)
    return kind


def submit_call(org: Organisation, item: CallIn, upload: Upload | None = None) -> Call:
    if Call.objects.filter(org=org, call_id=item.call_id).exists():
        raise ApiError(409, MSG_DUPLICATE)
    audio_key = ""
    if upload is not None:
        kind = check_upload(upload)
        audio_key = f"{org.pk}/{uuid.uuid4().hex}.{kind}"
    elif item.audio_url:
        probe_audio_url(item.audio_url)
    manager = ensure_manager(org, item.manager_id)
    try:
        with transaction.atomic():
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
                call=call, stage="", kind="received", message="Звонок получен через API"
            )
            if upload is not None:
                # Inside the transaction: if the move fails, no call row points at nothing.
                get_store().put_file(Path(upload.path), audio_key)
    except IntegrityError:
        raise ApiError(409, MSG_DUPLICATE) from None
    return call


def find_call(org: Organisation, ref: str) -> Call | None:
    """A call by CRM call_id, or by our internal numeric id as a fallback."""
    if len(ref) > MAX_ID_LEN or not is_clean_text(ref):
        return None  # cannot be a stored id (and NUL would break PostgreSQL)
    call = Call.objects.filter(org=org, call_id=ref).select_related("manager").first()
    if call is None and ref.isascii() and ref.isdigit() and len(ref) < 19:
        call = Call.objects.filter(org=org, pk=int(ref)).select_related("manager").first()
    return call
