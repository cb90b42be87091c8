"""GET /tables/call-ready: the analysis feature supplies table lookup and results."""

from __future__ import annotations

from typing import Any

from rop.calls.services import find_call
from rop.core.envelope import ApiError
from rop.tenants.models import Organisation


def call_ready_payload(org: Organisation, tab: str, call_ref: str) -> dict[str, Any]:
    # Analytic tables arrive with the analysis feature; until one exists, the table is unknown.
    call = find_call(org, call_ref)
    raise ApiError(404, "Таблица не найдена" if call is not None else "Таблица не найдена")
