"""Request bodies in any of the three forms the CRMs send: JSON, multipart, urlencoded."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError

from rop.audio.limits import msg_too_large
from rop.calls.services import is_clean_text
from rop.config import get as get_config
from rop.core.envelope import ApiError
from rop.intake.services import Upload

MSG_BAD_JSON = "Тело запроса не является корректным JSON"
MSG_BAD_BODY = "Некорректное тело запроса"
MSG_BAD_CHARS = "Запрос содержит недопустимые символы"
MSG_BAD_ENCODING = "Запрос содержит текст не в кодировке UTF-8"
REPLACEMENT_CHAR = "\ufffd"


def _is_utf8_form(raw: bytes) -> bool:
    """Whether a urlencoded string (query or body) decodes to UTF-8 once its escapes are undone.

    Separators are ASCII, so checking the whole string is checking every name and value."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _query_bytes(request: HttpRequest) -> bytes:
    query = str(request.META.get("QUERY_STRING", ""))
    try:
        return query.encode("latin-1")  # WSGI carries the raw bytes as latin-1
    except UnicodeEncodeError:
        return query.encode("utf-8", "surrogateescape")


def check_query_encoding(request: HttpRequest) -> None:
    """400 for a query string that is not UTF-8: Django would replace the bytes with U+FFFD, and two
    different ids could then read as the same one."""
    if not _is_utf8_form(_query_bytes(request)):
        raise ApiError(400, MSG_BAD_ENCODING)


def _check_form_encoding(request: HttpRequest, ctype: str) -> None:
    if ctype == "application/x-www-form-urlencoded":
        if not _is_utf8_form(request.body):
            raise ApiError(400, MSG_BAD_ENCODING)
    elif ctype == "multipart/form-data":
        # Field bytes are decoded by Django's parser with errors="replace"; the raw bytes are gone.
        for name, values in request.POST.lists():
            if REPLACEMENT_CHAR in name or any(REPLACEMENT_CHAR in v for v in values):
                raise ApiError(400, MSG_BAD_ENCODING)


def _content_type(request: HttpRequest) -> str:
    return (request.content_type or "").split(";")[0].strip().lower()


def _check_length(request: HttpRequest) -> None:
    raw = request.META.get("CONTENT_LENGTH") or ""
    if raw.isdigit() and int(raw) > get_config().max_audio_bytes + 1024 * 1024:
        # Refuse before reading a byte of it.
        raise ApiError(400, msg_too_large(), headers={"Connection": "close"})


def parse_body(request: HttpRequest, allow_file: bool = False) -> tuple[dict[str, Any], Upload | None]:
    """Return (fields, upload). Query parameters (other than apiKey) fill absent fields."""
    _check_length(request)
    check_query_encoding(request)
    ctype = _content_type(request)
    data: dict[str, Any] = {}
    upload: Upload | None = None
    try:
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            _check_form_encoding(request, ctype)
            data = {k: (v[0] if len(v) == 1 else v) for k, v in request.POST.lists()}
            if getattr(request, "rop_upload_too_large", False):
                raise ApiError(400, msg_too_large(), headers={"Connection": "close"})
            if allow_file and request.FILES:
                f = request.FILES.get("file") or next(iter(request.FILES.values()))
                temp_path = getattr(f, "temporary_file_path", None)
                if temp_path is None:  # every file part goes to disk (CappedAudioUploadHandler)
                    raise ApiError(400, MSG_BAD_BODY)
                upload = Upload(path=temp_path(), name=getattr(f, "name", "") or "")
        else:
            raw = request.body
            if raw.strip():
                try:
                    data = json.loads(raw)
                except (ValueError, UnicodeDecodeError, RecursionError):
                    raise ApiError(400, MSG_BAD_JSON) from None
                if not isinstance(data, dict):
                    raise ApiError(400, "Тело запроса должно быть JSON-объектом")
    except RequestDataTooBig:
        raise ApiError(400, "Слишком большой запрос", headers={"Connection": "close"}) from None
    except (TooManyFieldsSent, MultiPartParserError):
        raise ApiError(400, MSG_BAD_BODY) from None
    except UnicodeDecodeError:
        raise ApiError(400, MSG_BAD_BODY) from None
    if getattr(request, "rop_upload_too_large", False):
        raise ApiError(400, msg_too_large(), headers={"Connection": "close"})
    for name, value in request.GET.items():
        if name != "apiKey" and name not in data:
            data[name] = value
    if not _all_clean(data):
        raise ApiError(400, MSG_BAD_CHARS)
    return data, upload


def _all_clean(data: Any) -> bool:
    """Every string (keys included) free of NUL and lone surrogates; iterative, any depth."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if not is_clean_text(node):
                return False
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True
