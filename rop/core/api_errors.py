"""Every response under /api/ is JSON in the envelope, whoever produced it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rop.core.envelope import MSG_INTERNAL, MSG_NOT_FOUND, error_response

log = logging.getLogger(__name__)

_MESSAGES = {
    400: "Некорректный запрос",
    401: "apiKey не валиден",
    403: "Доступ запрещён",
    404: MSG_NOT_FOUND,
    405: "Метод не поддерживается",
    413: "Слишком большой запрос",
    415: "Неподдерживаемый тип содержимого",
}


class ApiErrorShapeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and "json" not in response.get("Content-Type", "")
        ):
            message = _MESSAGES.get(response.status_code, MSG_INTERNAL)
            shaped = error_response(response.status_code, message)
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            log.exception("unhandled error on %s", request.path)
            return error_response(500, MSG_INTERNAL)
        return None
