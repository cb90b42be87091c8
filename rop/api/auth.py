"""API key authentication (apiKey query, X-API-Key, Bearer) plus the per-key rate limit."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.security import APIKeyHeader, APIKeyQuery, HttpBearer

from rop import config
from rop.core.envelope import ApiError
from rop.tenants.models import ApiKey, Organisation
from rop.tenants.services import authenticate, hit_rate_limit


class ApiRequest(HttpRequest):
    """A request that passed API key authentication: its organisation and key are on it.

    ``rop_call_id`` is set by the call endpoints for the request log (rop.core.logging)."""

    rop_org: Organisation
    rop_key: ApiKey
    rop_call_id: str | None


def _check(request: HttpRequest, raw: str | None) -> Organisation | None:
    key = authenticate(raw)
    if key is None:
        return None
    typed = cast(ApiRequest, request)
    typed.rop_org = key.org
    typed.rop_key = key
    limit = config.get().rate_limit_per_minute
    decision = hit_rate_limit(key, limit)
    if not decision.allowed:
        raise ApiError(
            429,
            f"Превышен лимит запросов: не более {limit} в минуту. Повторите через {decision.retry_after} с",
            headers={"Retry-After": str(decision.retry_after)},
        )
    return key.org


class QueryKey(APIKeyQuery):
    param_name = "apiKey"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _check(request, key)


class HeaderKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _check(request, key)


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return _check(request, token)


AUTH = [QueryKey(), HeaderKey(), BearerKey()]
