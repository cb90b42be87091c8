"""GET /tables/call-ready: is the analytic table's result ready for the call?

Ready: ``{"ready": true, "data": {field: value, ...}}`` (the current result's extracted
data). Not ready: ``{"ready": false, "data": {}, "status": "<queued|downloading|
transcribing|analyzing|failed|done>", "message": ...}`` (+ ``failure_reason`` when failed;
``done`` means the call was analysed but the table did not apply to it). Unknown table or
call, or one of another organisation: 404 in the envelope.
"""

from __future__ import annotations

from typing import Any

from rop.analysis.models import AnalyticTable, TableResult
from rop.calls.models import Call, CallStatus
from rop.calls.services import MSG_CALL_NOT_FOUND, find_call
from rop.core.envelope import ApiError
from rop.tenants.models import Organisation

MSG_NO_TABLE = "Таблица не найдена"

_PROGRESS: dict[str, str] = {
    CallStatus.QUEUED: "Звонок в очереди на обработку",
    CallStatus.DOWNLOADING: "Звонок обрабатывается: загрузка аудио",
    CallStatus.TRANSCRIBING: "Звонок обрабатывается: распознавание речи",
    CallStatus.ANALYZING: "Звонок обрабатывается: анализ",
}


def find_table(org: Organisation, tab: str) -> AnalyticTable | None:
    return AnalyticTable.objects.filter(org=org, table_id=tab).first()


def call_ready_payload(org: Organisation, tab: str, call_ref: str) -> dict[str, Any]:
    table = find_table(org, tab)
    if table is None:
        raise ApiError(404, MSG_NO_TABLE)
    call: Call | None = find_call(org, call_ref)
    if call is None:
        raise ApiError(404, MSG_CALL_NOT_FOUND)
    result = TableResult.objects.filter(call=call, table=table, is_current=True).order_by("-created_at", "-id").first()
    if result is not None:
        return {"ready": True, "data": dict(result.data), "error": False, "status": "done",
                "message": "Результаты готовы"}
    payload: dict[str, Any] = {"ready": False, "data": {}, "error": False, "status": call.status}
    if call.status == CallStatus.FAILED:
        payload["failure_reason"] = call.failure_reason
        payload["message"] = f"Обработка звонка завершилась ошибкой: {call.failure_reason}".rstrip(": ")
    elif call.status == CallStatus.DONE:
        payload["message"] = "Таблица не применялась к этому звонку (не подходит по условиям или создана позже)"
    else:
        payload["message"] = _PROGRESS.get(call.status, "Звонок обрабатывается")
    return payload
