"""Re-analysis from the UI through rop.analysis.reanalysis.request_reanalysis: one call, or every call
matching the list's filters as a job whose page shows how many were analysed again."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from rop.analysis.models import ReanalysisRequest
from rop.calls.models import Call
from rop.ui.models import Job
from tests.ui.factories import Tenant


def test_reanalyse_one_call_queues_its_analysis(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    call = tenant.calls["m1"]
    resp = client.post(f"/calls/{call.pk}/reanalyse", follow=True)
    assert "поставлен на повторный анализ" in resp.content.decode()
    req = ReanalysisRequest.objects.get(call=call)
    assert req.requested_by == "org-rop" and req.done_at is None
    call.refresh_from_db()
    assert call.stage == "analysis" and call.status == "queued"
    assert "Запрошен повторный анализ" in resp.content.decode()  # on the call's timeline


def test_bulk_reanalyse_covers_exactly_the_filtered_calls(
    client: Client, tenant: Tenant, other: Tenant
) -> None:
    client.force_login(tenant.users["admin"])
    assert "Повторить анализ для найденных" in client.get("/calls/").content.decode()
    resp = client.post("/calls/reanalyse?status=done")
    job = Job.objects.get(org=tenant.org, kind="reanalyse")
    assert job.status == "done" and job.total == 2 and job.done == 2
    reqs = ReanalysisRequest.objects.filter(requested_by=f"ui-job:{job.pk}:org-admin")
    assert sorted(reqs.values_list("call_id", flat=True)) == sorted(
        [tenant.calls["m1"].pk, tenant.calls["m2"].pk]
    )
    body = resp.content.decode()
    assert 'class="analysed">0</b> из 2' in body and "hx-trigger" in body  # keeps polling
    assert not Call.objects.filter(org=other.org, stage="analysis").exists()
    reqs.update(done_at=timezone.now())  # what the analysis worker does when it has re-run them
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'class="analysed">2</b> из 2' in body and "hx-trigger" not in body
