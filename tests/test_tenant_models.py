"""Tenant-owned models share one base (rop.tenants.models.TenantOwned): the schema stays what the
migrations say, every organisation accessor keeps its name, and an organisation takes its rows along."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.support.ropenv import RopEnv

if TYPE_CHECKING:
    from rop.tenants.models import Organisation


def test_models_need_no_migration_beyond_the_stored_ones(ropenv: RopEnv) -> None:
    result = ropenv.run("makemigrations", "--check", "--dry-run", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_each_owned_model_keeps_its_organisation_accessor() -> None:
    from rop.accounts.models import Profile
    from rop.analysis.models import AnalyticTable, Checklist, ChecklistStage
    from rop.audit.models import AuditEntry
    from rop.calls.models import Call
    from rop.delivery.models import WebhookDelivery
    from rop.org.models import Manager, Office
    from rop.tenants.models import ApiKey, Organisation
    from rop.trackers.models import Tracker
    from rop.ui.models import Job

    accessors = {r.get_accessor_name(): r.related_model for r in Organisation._meta.related_objects}
    assert {name: accessors.get(name) for name in (
        "api_keys", "audit_entries", "calls", "checklists", "analytictables", "managers", "offices", "profiles",
        "trackers", "ui_jobs", "webhook_deliveries")} == {
        "api_keys": ApiKey, "audit_entries": AuditEntry, "calls": Call, "checklists": Checklist,
        "analytictables": AnalyticTable, "managers": Manager, "offices": Office, "profiles": Profile,
        "trackers": Tracker, "ui_jobs": Job, "webhook_deliveries": WebhookDelivery}
    assert ChecklistStage not in accessors.values()  # related_name="+": no accessor
    assert ChecklistStage._meta.get_field("org").related_model is Organisation


def test_deleting_an_organisation_deletes_what_it_owns(org: Organisation) -> None:
    from rop.calls.models import Call
    from rop.trackers.models import Tracker

    call = Call.objects.create(org=org, call_id="c-1")
    tracker = Tracker.objects.create(org=org, name="Цена", phrases=["цена"])
    assert list(org.calls.all()) == [call] and list(org.trackers.all()) == [tracker]
    org.delete()
    assert not Call.objects.filter(call_id="c-1").exists()
    assert not Tracker.objects.filter(name="Цена").exists()
