"""Schemas for OpenAPI (documentation of the contract) and the document's examples."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class CallIn(Schema):
    manager_id: str = Field(..., description="ID менеджера из CRM", examples=["mgr_001"])
    call_id: str = Field(..., description="Уникальный ID звонка", examples=["call_12345_20250619"])
    deal_id: str | None = Field(None, description="ID сделки в CRM", examples=["deal_5678"])
    deal_stage_id: str | None = Field(None, description="ID этапа сделки", examples=["stage_qualification"])
    audio_url: str = Field(
        ..., description="URL для скачивания аудио", examples=["https://crm.company.com/files/audio/call_12345.mp3"]
    )
    duration: int | None = Field(None, description="Длительность в секундах (опционально)", examples=[900])


class CallUploadIn(CallIn):
    audio_url: str | None = Field(  # type: ignore[assignment]
        None, description="URL для скачивания аудио (или файл в поле file)"
    )
    file: bytes | None = Field(
        None, description="Аудиофайл (MP3, WAV, OGG) вместо audio_url", json_schema_extra={"format": "binary"}
    )


class OfficeIn(Schema):
    office_title: str = Field(..., description="Название офиса", examples=["Офис продаж Центр"])
    office_id: str = Field(..., description="ID офиса", examples=["office_001"])
    leader_ids: list[str] = Field(default_factory=list, description="Массив ID руководителей")
    managers_ids: list[str] = Field(default_factory=list, description="Массив ID менеджеров")


class OfficesIn(Schema):
    offices: list[OfficeIn]


class ManagerIn(Schema):
    manager_id: str = Field(..., description="ID менеджера", examples=["manager_789"])
    name: str | None = Field(None, description="Имя", examples=["Иван"])
    surname: str | None = Field(None, description="Фамилия", examples=["Иванов"])
    middlename: str | None = Field(None, description="Отчество", examples=["Иванович"])


class ManagersIn(Schema):
    managers: list[ManagerIn]


class Envelope(Schema):
    data: Any = Field(..., description="Результат (или false при ошибке)")
    error: bool
    message: str


class CallAccepted(Envelope):
    data: str = Field(..., examples=["call_12345_20250619"])


class ErrorOut(Envelope):
    data: bool = Field(False)
    error: bool = Field(True)


class SegmentOut(Schema):
    start: float
    end: float
    speaker: str = Field(..., description="manager | client | unknown")
    text: str


class CallDetail(Schema):
    call_id: str
    status: str = Field(..., description="queued | downloading | transcribing | analyzing | done | failed")
    failure_reason: str | None
    duration: float | None
    transcript: list[SegmentOut]
    stats: dict[str, Any] | None = Field(
        None, description="Статистика разговора: доли речи, монологи, перебивания, паузы, темп, вопросы"
    )


class CallDetailOut(Envelope):
    data: CallDetail


class CallReadyOut(Schema):
    ready: bool
    data: dict[str, Any]
    status: str | None = None
    message: str | None = None


JSON_EXAMPLE = {
    "call_id": "call_12345_20250619",
    "audio_url": "https://crm.company.com/files/audio/call_12345.mp3",
    "duration": 900,
    "manager_id": "mgr_001",
    "deal_id": "deal_5678",
    "deal_stage_id": "stage_qualification",
}

OFFICES_EXAMPLE = {
    "offices": [
        {
            "office_title": "Офис продаж Центр",
            "office_id": "office_001",
            "leader_ids": ["leader_123", "leader_456"],
            "managers_ids": ["manager_789", "manager_012", "manager_345"],
        },
        {
            "office_title": "Офис продаж Север",
            "office_id": "office_002",
            "leader_ids": ["leader_789"],
            "managers_ids": ["manager_111", "manager_222"],
        },
    ]
}

MANAGERS_EXAMPLE = {
    "managers": [
        {"manager_id": "manager_789", "name": "Иван", "surname": "Иванов", "middlename": "Иванович"},
        {"manager_id": "manager_012", "name": "Мария", "surname": "Петрова", "middlename": "Сергеевна"},
    ]
}


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _schema(model: type[Schema]) -> dict[str, Any]:
    """The model's JSON schema with nested definitions inlined (valid anywhere in OpenAPI)."""
    schema = model.model_json_schema()
    return dict(_inline(schema, schema.get("$defs", {})))


def body_doc(
    json_model: type[Schema], example: dict[str, Any], form_model: type[Schema] | None = None
) -> dict[str, Any]:
    """An OpenAPI requestBody accepting JSON, multipart and urlencoded forms."""
    form_schema = _schema(form_model or json_model)
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _schema(json_model), "example": example},
                "multipart/form-data": {"schema": form_schema},
                "application/x-www-form-urlencoded": {"schema": _schema(json_model)},
            },
        }
    }


# The document's own responses, shown as examples in the OpenAPI document.
INTAKE_RESPONSES = {
    200: {"data": "call_12345_20250619", "error": False,
          "message": "Звонок успешно получен и поставлен в очередь на анализ"},
    400: {"data": False, "error": True, "message": "Файл не является аудио"},
    401: {"data": False, "error": True, "message": "apiKey не валиден"},
    409: {"data": False, "error": True, "message": "Звонок с данным call_id уже обработан"},
    429: {"data": False, "error": True,
          "message": "Превышен лимит запросов: не более 60 в минуту. Повторите через 30 с"},
}

CALL_READY_EXAMPLE = {
    "ready": True,
    "data": {"field1": "значение1", "field2": "значение2", "custom_field": "результат анализа"},
}


def responses_doc(examples: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """OpenAPI response examples (merged into the generated responses)."""
    return {
        "responses": {
            code: {"content": {"application/json": {"example": example}}} for code, example in examples.items()
        }
    }


def merge_doc(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            nested = isinstance(value, dict) and isinstance(out.get(key), dict)
            out[key] = merge_doc(out[key], value) if nested else value
    return out
