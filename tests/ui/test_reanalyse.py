"""Re-analysis from the UI: one call, or every call matching the list's filters as a progress job.

The analysis helper's re-analysis service is not in the tree yet, so these tests install a
recording stand-in where rop.ui.reanalysis looks the service up (the only stand-in in tests/ui).
"""

from __future__ import annotations

import pytest
from django.test import Client

from rop.calls.models import Call
from rop.ui import reanalysis
from rop.ui.models import Job
from tests.ui.factories import Tenant


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []

    def service(call: Call) -> None:
        seen.append(call.pk)

    monkeypatch.setattr(reanalysis, "_service", lambda: service)
    return seen


def test_reanalyse_one_call(client: Client, tenant: Tenant, recorded: list[int]) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.post(f"/calls/{tenant.calls['m1'].pk}/reanalyse", follow=True)
    assert recorded == [tenant.calls["m1"].pk]
    assert "поставлен на повторный анализ" in resp.content.decode()


def test_bulk_reanalyse_covers_exactly_the_filtered_calls(client: Client, tenant: Tenant, other: Tenant,
                                                          recorded: list[int]) -> None:
    client.force_login(tenant.users["admin"])
    body = client.get("/calls/").content.decode()
    assert "Повторить анализ для найденных" in body
    resp = client.post("/calls/reanalyse?status=done")
    job = Job.objects.get(org=tenant.org, kind="reanalyse")
    assert job.status == "done" and job.total == 2 and job.done == 2
    assert sorted(recorded) == sorted([tenant.calls["m1"].pk, tenant.calls["m2"].pk])
    assert "Поставлено на повторный анализ: 2" in resp.content.decode()


def test_without_the_service_the_button_is_hidden_and_the_action_explains(client: Client, tenant: Tenant,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reanalysis, "_service", lambda: None)
    client.force_login(tenant.users["admin"])
    assert "Повторить анализ" not in client.get(f"/calls/{tenant.calls['m1'].pk}/").content.decode()
    resp = client.post(f"/calls/{tenant.calls['m1'].pk}/reanalyse", follow=True)
    assert "Повторный анализ пока недоступен" in resp.content.decode()
