"""UI jobs are durable rows run by pipeline workers: claim with a lease, takeover after a worker
died, no writes after losing the lease; the web process only creates them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from rop.pipeline import background
from rop.ui import jobs
from rop.ui.models import Job
from tests.ui.factories import Tenant


def _export_job(tenant: Tenant, **fields: object) -> Job:
    return Job.objects.create(org=tenant.org, user=tenant.users["admin"], kind="export",
                              params={"list": "calls", "format": "csv", "query": ""}, **fields)


def test_the_web_only_queues_a_job_and_a_worker_runs_it(client: Client, tenant: Tenant,
                                                        settings: Settings) -> None:
    settings.ROP_UI_JOBS_INLINE = False
    client.force_login(tenant.users["admin"])
    body = client.post("/exports/start?list=calls&format=csv").content.decode()
    job = Job.objects.get()
    assert job.status == "pending" and 'data-status="pending"' in body and "В очереди" in body
    assert background.run_due("worker-a") == 1  # what `rop worker` runs in its background thread
    job.refresh_from_db()
    assert job.status == "done" and job.done == 3 and job.result_name and job.lease_owner == ""
    assert client.get(f"/jobs/{job.pk}/download").status_code == 200
    assert background.run_due("worker-a") == 0


def test_a_job_of_a_dead_worker_is_taken_over_after_its_lease(tenant: Tenant) -> None:
    now = timezone.now()
    held = _export_job(tenant, status="running", lease_owner="dead", lease_expires_at=now + timedelta(minutes=1),
                       attempts=1, done=2)
    assert jobs.claim("worker-b") is None  # still leased
    Job.objects.filter(pk=held.pk).update(lease_expires_at=now - timedelta(seconds=1))
    assert jobs.claim("worker-b") == held.pk
    held.refresh_from_db()
    assert held.lease_owner == "worker-b" and held.attempts == 2 and held.done == 0
    jobs.run(held.pk, "worker-b")
    held.refresh_from_db()
    assert held.status == "done" and held.total == 3


def test_a_job_that_keeps_killing_its_worker_is_failed(tenant: Tenant) -> None:
    job = _export_job(tenant, status="running", lease_owner="dead", attempts=jobs.MAX_ATTEMPTS,
                      lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert jobs.work_due("worker-c") == 1
    job.refresh_from_db()
    assert job.status == "failed" and "Прервано" in job.message and job.result_name == ""


def test_a_worker_that_lost_its_lease_writes_nothing_more(tenant: Tenant) -> None:
    job = _export_job(tenant)
    assert jobs.claim("worker-d") == job.pk
    Job.objects.filter(pk=job.pk).update(lease_owner="worker-e")  # taken over meanwhile
    job.refresh_from_db()
    job.lease_owner = "worker-d"
    with pytest.raises(jobs.LeaseLost):
        jobs._update(job, done=1)
    jobs.run(job.pk, "worker-d")  # not ours: nothing happens
    job.refresh_from_db()
    assert job.status == "running" and job.lease_owner == "worker-e" and job.done == 0


def test_the_file_goes_to_the_shared_store_and_leaves_it_after_a_day(client: Client, tenant: Tenant) -> None:
    from rop.store import get_store
    from rop.ui import exports

    client.force_login(tenant.users["admin"])
    client.post("/exports/start?list=calls&format=csv")
    old = Job.objects.get()
    assert not (exports.exports_dir() / old.result_name).exists()  # scratch on the worker's machine
    assert get_store().exists(exports.store_key(old.result_name))  # shared by web nodes and workers
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=2))
    client.post("/exports/start?list=calls&format=csv")  # the next export prunes
    assert not get_store().exists(exports.store_key(old.result_name))
    old.refresh_from_db()
    assert old.result_name == "" and client.get(f"/jobs/{old.pk}/download").status_code == 404


def test_a_job_queued_for_long_says_that_no_worker_took_it(client: Client, tenant: Tenant) -> None:
    job = _export_job(tenant, created_at=timezone.now() - timedelta(minutes=5))
    client.force_login(tenant.users["admin"])
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Задача ждёт обработчика" in body and 'hx-trigger="load delay:600ms"' in body
    fresh = _export_job(tenant)
    assert "Задача ждёт обработчика" not in client.get(f"/jobs/{fresh.pk}/").content.decode()
