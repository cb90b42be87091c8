"""The NinjaAPI instance: auth, error envelope, OpenAPI."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rop.api.auth import AUTH
from rop.api.views import router
from rop.core.db import BUSY_RETRY_AFTER, is_lock_timeout
from rop.core.envelope import MSG_BAD_KEY, MSG_INTERNAL, MSG_NOT_FOUND, ApiError, error_response
from rop.core.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable

log = logging.getLogger(__name__)

MSG_BUSY = "Сервер занят обработкой других запросов, повторите запрос позже"

api = NinjaAPI(
    title="Цифровой РОП API",
    version="1.0.0",
    description=(
        "REST API для интеграции CRM с системой «Цифровой РОП». Все запросы содержат ключ: "
        "параметр `apiKey`, заголовок `X-API-Key` или `Authorization: Bearer <ключ>`. "
        "Ответы — конверт `{\"data\", \"error\", \"message\"}`. Не более 60 запросов в минуту на ключ."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.message, exc.headers)


# Domain refusals -> HTTP statuses: the one place services' errors meet HTTP.
DOMAIN_STATUSES: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidInput, 400),
    (Conflict, 409),
    (NotFound, 404),
    (Unavailable, 503),
)


def domain_status(exc: DomainError) -> int:
    return next((status for kind, status in DOMAIN_STATUSES if isinstance(exc, kind)), 400)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    headers = {"Retry-After": "30"} if isinstance(exc, Unavailable) else None
    return error_response(domain_status(exc), exc.message, headers)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, MSG_BAD_KEY)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = ".".join(str(p) for p in first.get("loc", []) if p not in ("query", "path", "body"))
    return error_response(400, f"Некорректный параметр: {loc}" if loc else "Некорректные параметры запроса")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, MSG_NOT_FOUND)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "Доступ запрещён")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, str(exc.message) if exc.status_code < 500 else MSG_INTERNAL)


@api.exception_handler(OperationalError)
def _database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    if is_lock_timeout(exc):  # other writers held the database past ROP_DB_LOCK_TIMEOUT: busy, not broken
        log.warning("database busy on %s %s: %s", request.method, request.path, exc)
        return error_response(503, MSG_BUSY, {"Retry-After": str(BUSY_RETRY_AFTER)})
    return _unexpected(request, exc)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("unhandled API error on %s %s", request.method, request.path)
    return error_response(500, MSG_INTERNAL)
