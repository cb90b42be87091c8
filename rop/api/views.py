"""The /api/v1 endpoints. Thin: parse, call a service, wrap in the envelope."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import JsonResponse
from ninja import Router

from rop.api import schemas as s
from rop.api.auth import ApiRequest
from rop.api.body import check_query_encoding, parse_body
from rop.api.detail import call_detail
from rop.calls import deletion
from rop.calls import services as calls
from rop.core.envelope import MSG_QUEUED, ApiError, ok
from rop.intake import services as intake
from rop.org import services as org_services
from rop.store import StoreError
from rop.tenants.models import Organisation

router = Router()
T = TypeVar("T")
Handler = Callable[[ApiRequest], JsonResponse]

MSG_CALL_DELETED = "Звонок и его данные удалены"
MSG_STORE_UNAVAILABLE = "Хранилище аудио недоступно, повторите запрос позже"

ERRORS = {400: s.ErrorOut, 401: s.ErrorOut, 429: s.ErrorOut}
CALL_ERRORS = {**ERRORS, 409: s.ErrorOut}
INTAKE_DOC = s.merge_doc(
    s.body_doc(s.CallIn, s.JSON_EXAMPLE, form_model=s.CallUploadIn), s.responses_doc(s.INTAKE_RESPONSES)
)
BAD_KEY = {401: s.INTAKE_RESPONSES[401], 429: s.INTAKE_RESPONSES[429]}


def respond(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def _org(request: ApiRequest) -> Organisation:
    return request.rop_org


def _accept_call(request: ApiRequest) -> JsonResponse:
    data, upload = parse_body(request, allow_file=True)
    item = intake.parse_call(data, has_file=upload is not None)
    request.rop_call_id = item.call_id
    call = intake.submit_call(_org(request), item, upload)
    return respond(ok(call.call_id, MSG_QUEUED))


@router.post(
    "/calls/audio-upload",
    response={200: s.CallAccepted, **CALL_ERRORS},
    summary="Загрузка аудиозаписи (ссылка или файл)",
    description="Отправка ссылки на аудиофайл (или самого файла в поле `file`) для анализа. "
    "Принимает JSON, multipart/form-data и application/x-www-form-urlencoded.",
    openapi_extra=INTAKE_DOC,
    tags=["Звонки"],
)
def audio_upload(request: ApiRequest) -> JsonResponse:
    return _accept_call(request)


@router.post(
    "/calls",
    response={200: s.CallAccepted, **CALL_ERRORS},
    summary="Загрузка аудиозаписи (альтернативный JSON формат)",
    openapi_extra=INTAKE_DOC,
    tags=["Звонки"],
)
def calls_create(request: ApiRequest) -> JsonResponse:
    return _accept_call(request)


@router.get(
    "/calls/{call_id}",
    response={200: s.CallDetailOut, 401: s.ErrorOut, 404: s.ErrorOut, 429: s.ErrorOut},
    summary="Статус звонка, расшифровка и результаты (расширение)",
    tags=["Звонки"],
)
def call_get(request: ApiRequest, call_id: str) -> JsonResponse:
    check_query_encoding(request)
    request.rop_call_id = call_id[:255] if calls.is_clean_text(call_id) else None
    call = calls.find_call(_org(request), call_id)
    if call is None:
        raise ApiError(404, calls.MSG_CALL_NOT_FOUND)
    return respond(ok(call_detail(call), "Статус звонка"))


@router.delete(
    "/calls/{call_id}",
    response={200: s.Envelope, 401: s.ErrorOut, 404: s.ErrorOut, 429: s.ErrorOut, 503: s.ErrorOut},
    summary="Удаление звонка и всех его данных (расширение)",
    description="Удаляет аудио, расшифровку, результаты анализа и неотправленные вебхуки звонка; "
    "в журнале аудита остаётся запись об удалении. `call_id` — идентификатор из CRM (точное совпадение).",
    tags=["Звонки"],
)
def call_delete(request: ApiRequest, call_id: str) -> JsonResponse:
    check_query_encoding(request)
    request.rop_call_id = call_id[:255] if calls.is_clean_text(call_id) else None
    try:
        deletion.delete_by_call_id(_org(request), call_id, None, "api", key=request.rop_key.prefix)
    except StoreError:
        raise ApiError(503, MSG_STORE_UNAVAILABLE, headers={"Retry-After": "30"}) from None
    return respond(ok(call_id, MSG_CALL_DELETED))


def _list_field(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    if isinstance(value, str):  # a form field carrying JSON
        try:
            value = json.loads(value)
        except ValueError:
            raise ApiError(400, f"Поле {name} должно быть JSON-массивом") from None
    if value is None:
        raise ApiError(400, f"Не указано обязательное поле: {name}")
    if not isinstance(value, list):
        raise ApiError(400, f"Поле {name} должно быть массивом")
    org_services.check_sync_size(len(value))
    return value


def _people_count(offices: list[Any]) -> int:
    return sum(
        len(raw.get(field) or []) if isinstance(raw.get(field), list) else 0
        for raw in offices if isinstance(raw, dict) for field in ("leader_ids", "managers_ids")
    )


def _id(value: Any, where: str, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise ApiError(400, f"{where}: не указано обязательное поле")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ApiError(400, f"{where}: должно быть строкой")
    text = str(value).strip()
    if required and not text:
        raise ApiError(400, f"{where}: не указано обязательное поле")
    if len(text) > calls.MAX_ID_LEN:
        raise ApiError(400, f"{where}: слишком длинное значение (не более {calls.MAX_ID_LEN} символов)")
    return text


def _ids(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApiError(400, f"{where}: должно быть массивом")
    return [_id(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _objects(items: list[Any], name: str, build: Callable[[dict[str, Any], str], T]) -> list[T]:
    """Each item of the ``name`` array, which must be an object, built by ``build(raw, where)``."""
    built = []
    for i, raw in enumerate(items):
        where = f"{name}[{i}]"
        if not isinstance(raw, dict):
            raise ApiError(400, f"{where}: должно быть объектом")
        built.append(build(raw, where))
    return built


def _office(raw: dict[str, Any], where: str) -> org_services.OfficeIn:
    return org_services.OfficeIn(
        office_id=_id(raw.get("office_id"), f"{where}.office_id"),
        office_title=_id(raw.get("office_title"), f"{where}.office_title", required=False)[:500],
        leader_ids=_ids(raw.get("leader_ids"), f"{where}.leader_ids"),
        managers_ids=_ids(raw.get("managers_ids"), f"{where}.managers_ids"),
    )


def _manager(raw: dict[str, Any], where: str) -> org_services.ManagerIn:
    return org_services.ManagerIn(
        manager_id=_id(raw.get("manager_id"), f"{where}.manager_id"),
        name=_id(raw.get("name"), f"{where}.name", required=False),
        surname=_id(raw.get("surname"), f"{where}.surname", required=False),
        middlename=_id(raw.get("middlename"), f"{where}.middlename", required=False),
    )


def _sync_route(path: str, summary: str, description: str, body: Any, example: Any) -> Callable[[Handler], Handler]:
    """A settings sync endpoint: POST of a JSON body, answered with the envelope."""
    return router.post(path, response={200: s.Envelope, **ERRORS}, summary=summary, description=description,
                       openapi_extra=s.merge_doc(s.body_doc(body, example), s.responses_doc(BAD_KEY)),
                       tags=["Настройки"])


@_sync_route("/settings/offices-update", "Обновление структуры офисов",
             "Синхронизация структуры офисов и сотрудников: upsert по office_id, ничего не удаляет.",
             s.OfficesIn, s.OFFICES_EXAMPLE)
def offices_update(request: ApiRequest) -> JsonResponse:
    data, _ = parse_body(request)
    offices = _list_field(data, "offices")
    org_services.check_sync_size(len(offices), _people_count(offices))
    result = org_services.update_offices(_org(request), _objects(offices, "offices", _office))
    return respond(ok(result, "Структура офисов обновлена"))


@_sync_route("/settings/managers-update", "Обновление данных менеджеров",
             "Синхронизация информации о менеджерах: upsert по manager_id, ничего не удаляет.",
             s.ManagersIn, s.MANAGERS_EXAMPLE)
def managers_update(request: ApiRequest) -> JsonResponse:
    data, _ = parse_body(request)
    managers = _objects(_list_field(data, "managers"), "managers", _manager)
    result = org_services.update_managers(_org(request), managers)
    return respond(ok(result, "Данные менеджеров обновлены"))


@router.get(
    "/tables/call-ready",
    response={200: s.CallReadyOut, 400: s.ErrorOut, 401: s.ErrorOut, 404: s.ErrorOut, 429: s.ErrorOut},
    summary="Проверка готовности результатов таблицы",
    openapi_extra=s.responses_doc({200: s.CALL_READY_EXAMPLE, **BAD_KEY}),
    description="`tab` — идентификатор таблицы (например TBL_1755863365), `call` — call_id из CRM "
    "(или внутренний числовой id).",
    tags=["Таблицы"],
)
def call_ready(request: ApiRequest, tab: str | None = None, call: str | None = None) -> JsonResponse:
    from rop.api.readiness import call_ready_payload

    check_query_encoding(request)
    if not tab:
        raise ApiError(400, "Не указан параметр tab (идентификатор таблицы)")
    if not call:
        raise ApiError(400, "Не указан параметр call (идентификатор звонка)")
    if not (calls.is_clean_text(tab) and calls.is_clean_text(call)):
        raise ApiError(400, "Запрос содержит недопустимые символы")
    request.rop_call_id = call[:255]
    return respond(call_ready_payload(_org(request), tab[:255], call[:255]))
