"""Re-analysis requests ("analyse again" in the UI): the one function that asks for one.

The analysis stage (rop.analysis.stage.run) honours pending requests: it recomputes every
applicable checklist/table with the current versions even if results exist (history kept).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from rop.analysis.models import ReanalysisRequest
from rop.calls.models import Call, CallEvent, CallStatus, Stage


def request_reanalysis(call: Call, requested_by: str = "") -> ReanalysisRequest:
    """Queue the call's analysis stage with the current versions.

    A call still being transcribed simply gets the request (its analysis will honour it).
    """
    now = timezone.now()
    with transaction.atomic():
        req = ReanalysisRequest.objects.create(call=call, requested_by=requested_by[:200])
        Call.objects.filter(pk=call.pk, stage__in=[Stage.DONE, Stage.ANALYSIS]).exclude(
            lease_expires_at__gt=now
        ).update(stage=Stage.ANALYSIS, status=CallStatus.QUEUED, next_attempt_at=now, attempts=0,
                 finished_at=None, lease_owner="", lease_expires_at=None, failure_reason="", failed_stage="",
                 first_failure_at=None)
        CallEvent.objects.create(call=call, stage=Stage.ANALYSIS, kind="received",
                                 message="Запрошен повторный анализ")
    return req
