"""The administrator sets how long call data is kept on the organisation page (the workers apply it)."""

from __future__ import annotations

from django.test import Client

from rop.audit.models import AuditEntry
from rop.calls.models import RetentionPolicy
from rop.tenants.models import Organisation
from tests.ui.factories import Tenant

FORM = {"manager_channel": "left", "vocabulary": "", "time_zone": "Europe/Moscow"}


def test_admin_sets_retention_and_sees_it_on_the_page(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    resp = client.post("/settings/organisation/", {**FORM, "audio_days": "30", "results_days": "365"}, follow=True)
    assert "Настройки организации сохранены" in resp.content.decode()
    policy = RetentionPolicy.objects.get(org=tenant.org)
    assert (policy.audio_days, policy.results_days) == (30, 365)
    page = client.get("/settings/organisation/").content.decode()
    assert 'name="audio_days"' in page and 'value="30"' in page and 'value="365"' in page
    assert AuditEntry.objects.filter(org=tenant.org, details__audio_days=30).exists()


def test_empty_retention_means_keep_forever(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    client.post("/settings/organisation/", {**FORM, "audio_days": "30", "results_days": "365"})
    client.post("/settings/organisation/", {**FORM, "audio_days": "", "results_days": ""})
    policy = RetentionPolicy.objects.get(org=tenant.org)
    assert (policy.audio_days, policy.results_days) == (None, None)


def test_bad_retention_is_a_russian_error_and_saves_nothing(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    for bad in ("-5", "полгода", "1.5", "99999999"):
        resp = client.post("/settings/organisation/",
                           {**FORM, "time_zone": "Asia/Vladivostok", "audio_days": bad, "results_days": ""},
                           follow=True)
        assert resp.status_code == 200
        assert "Срок хранения аудио: целое число дней" in resp.content.decode()
    assert not RetentionPolicy.objects.filter(org=tenant.org).exists()
    assert Organisation.objects.get(pk=tenant.org.pk).time_zone == "Europe/Moscow"


def test_a_form_without_retention_fields_leaves_the_policy_alone(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    client.post("/settings/organisation/", {**FORM, "audio_days": "7", "results_days": ""})
    client.post("/settings/organisation/", FORM)
    assert RetentionPolicy.objects.get(org=tenant.org).audio_days == 7
