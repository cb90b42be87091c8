"""Re-analysis from the UI: requests go through rop.analysis.reanalysis.request_reanalysis
(history is kept); this module tracks bulk jobs.

Requests made by a bulk job carry ``requested_by = "ui-job:<id>:<username>"`` so the job's
page can show how many of its calls have been analysed again.
"""

from __future__ import annotations

from rop.analysis.models import ReanalysisRequest


class Unavailable(RuntimeError):
    pass


def available() -> bool:
    return True


def job_tag(job_id: int) -> str:
    return f"ui-job:{job_id}:"


def analysed_count(job_id: int) -> int:
    """How many re-analyses a bulk job asked for are done."""
    return ReanalysisRequest.objects.filter(requested_by__startswith=job_tag(job_id), done_at__isnull=False).count()
