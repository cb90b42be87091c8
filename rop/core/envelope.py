"""The integration envelope {"data", "error", "message"} and API errors (HTTP layer only)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

MSG_BAD_KEY = "apiKey не валиден"
MSG_QUEUED = "Звонок успешно получен и поставлен в очередь на анализ"
MSG_NOT_FOUND = "Ресурс не найден"
MSG_INTERNAL = "Внутренняя ошибка сервера"


class ApiError(Exception):
    """An error answered in the envelope with a Russian message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def ok(data: Any, message: str) -> dict[str, Any]:
    return {"data": data, "error": False, "message": message}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JsonResponse:
    response = JsonResponse(
        {"data": False, "error": True, "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
