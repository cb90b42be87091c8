"""Exports as jobs: CSV and XLSX with the list's filters, scoped to the role; progress fragment."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from openpyxl import load_workbook

from rop.ui.models import Job
from tests.ui.factories import Tenant


def _export(client: Client, query: str) -> tuple[Job, bytes]:
    resp = client.post(f"/exports/start?{query}")
    assert resp.status_code == 200
    job = Job.objects.latest("id")
    assert f'id="job-{job.pk}"' in resp.content.decode()
    download = client.get(f"/jobs/{job.pk}/download")
    assert download.status_code == 200 and isinstance(download, StreamingHttpResponse)
    return job, b"".join(download.streaming_content)


def test_csv_export_of_filtered_calls(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    job, data = _export(client, f"list=calls&format=csv&manager={tenant.managers['m1'].pk}")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "call_id" and "Выполнение, %" in rows[0]
    assert [r[0] for r in rows[1:]] == ["org-call-m1"]
    assert rows[1][rows[0].index("Выполнение, %")] == "0"
    job.refresh_from_db()
    assert job.status == "done" and job.done == 1 and job.total == 1


def test_xlsx_export_for_a_leader_has_only_their_calls(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["leader"])
    _, data = _export(client, "list=calls&format=xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    ids = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert ids == {"org-call-m1", "org-call-m2"}


@pytest.mark.parametrize("name", ["offices", "managers"])
def test_dashboard_lists_export(client: Client, tenant: Tenant, name: str) -> None:
    client.force_login(tenant.users["admin"])
    _, data = _export(client, f"list={name}&format=csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    names = {r[0] for r in rows[1:]}
    assert ("Офис Центр" in names) if name == "offices" else ("Иванов Иван Иванович" in names)


def test_unknown_list_is_400_and_forbidden_list_is_404(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["leader"])
    assert client.post("/exports/start?list=nope&format=csv").status_code == 400
    assert client.post("/exports/start?list=deliveries&format=csv").status_code == 404


def test_progress_fragment_polls_until_finished(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    job = Job.objects.create(org=tenant.org, user=tenant.users["admin"], kind="export", total=10, done=4,
                             status="running", params={"list": "calls", "format": "csv"})
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="load delay:600ms"' in body and "width:40%" in body
    Job.objects.filter(pk=job.pk).update(status="done", done=10)
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "hx-trigger" not in body and "width:100%" in body


def test_old_export_files_are_pruned(tenant: Tenant) -> None:
    import os
    import time

    from rop.ui import exports

    old = exports.exports_dir() / "old.csv"
    new = exports.exports_dir() / "new.csv"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    exports.prune()
    assert not old.exists() and new.exists()


def test_xlsx_dates_are_in_the_organisations_zone_and_durations_read_m_ss(client: Client, tenant: Tenant) -> None:
    from datetime import UTC, datetime

    from rop.calls.models import Call

    tenant.org.time_zone = "Asia/Yekaterinburg"  # UTC+5: 21:30 UTC is 02:30 the next day there
    tenant.org.save(update_fields=["time_zone"])
    Call.objects.filter(call_id="org-call-m1").update(
        created_at=datetime(2026, 11, 3, 21, 30, tzinfo=UTC), duration=218.4)
    client.force_login(tenant.users["rop"])
    _, data = _export(client, f"list=calls&format=xlsx&manager={tenant.managers['m1'].pk}")
    ws = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    assert row[header.index("Дата")] == datetime(2026, 11, 4, 2, 30)
    assert row[header.index("Длительность")] == "3:38"
