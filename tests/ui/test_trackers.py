"""Keyword trackers: settings page, tagging by word form and speaker, hits on the call page,
list filter and counts, applying to past calls as a job, tagging after ASR in the pipeline."""

from __future__ import annotations

import pytest
from django.test import Client

from rop.asr.models import Segment
from rop.calls.models import Call
from rop.pipeline import stages
from rop.trackers.models import Tracker, TrackerHit
from rop.trackers.services import save_tracker, tag_call
from rop.ui.models import Job
from tests.ui.factories import Tenant, add_call


def _discount_call(tenant: Tenant, call_id: str = "org-call-disc") -> Call:
    return add_call(tenant.org, call_id, tenant.managers["m1"], segments=[
        (0.0, 2.0, "manager", "Добрый день, чем могу помочь?"),
        (12.5, 15.0, "client", "А скидку на эту квартиру дадите? В другом агентстве предлагали."),
        (16.0, 18.0, "manager", "Скидки обсудим при встрече."),
    ])


def test_tracker_matches_word_forms_and_stores_the_moment(tenant: Tenant) -> None:
    call = _discount_call(tenant)
    t = save_tracker(tenant.org, name="Скидка", phrases_text="скидка\nдругое агентство", speaker="any",
                     is_active=True)
    assert tag_call(call) == 2
    hits = list(TrackerHit.objects.filter(call=call, tracker=t).values_list("start", "speaker", "phrase"))
    assert hits == [(12.5, "client", "скидка"), (16.0, "manager", "скидка")]
    assert tag_call(call) == 2 and TrackerHit.objects.filter(call=call).count() == 2  # idempotent


def test_tracker_limited_to_one_speaker(tenant: Tenant) -> None:
    call = _discount_call(tenant)
    save_tracker(tenant.org, name="Скидка от менеджера", phrases_text="скидка", speaker="manager", is_active=True)
    save_tracker(tenant.org, name="Конкуренты", phrases_text="другое агентство", speaker="manager", is_active=True)
    tag_call(call)
    assert list(TrackerHit.objects.filter(call=call).values_list("tracker__name", "start")) == [
        ("Скидка от менеджера", 16.0)]


def test_settings_page_creates_trackers_and_explains_errors(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.post("/settings/trackers/", {"name": "Ипотека", "phrases": "ипотека, первоначальный взнос",
                                               "speaker": "client", "is_active": "on"})
    assert resp.status_code == 302
    t = Tracker.objects.get(org=tenant.org, name="Ипотека")
    assert t.phrases == ["ипотека", "первоначальный взнос"] and t.speaker == "client" and t.is_active
    body = client.post("/settings/trackers/", {"name": "Ипотека", "phrases": "кредит", "speaker": "any"}
                       ).content.decode()
    assert "Трекер «Ипотека» уже есть" in body
    body = client.post("/settings/trackers/", {"name": "Пусто", "phrases": " , ", "speaker": "any"}).content.decode()
    assert "Укажите хотя бы одну фразу" in body
    assert client.post("/settings/trackers/", {"pk": "999999", "name": "x", "phrases": "y"}).status_code == 404
    client.force_login(tenant.users["manager"])
    assert client.get("/settings/trackers/").status_code == 403


def test_past_calls_job_tags_them_and_the_list_filters_and_counts(client: Client, tenant: Tenant) -> None:
    call = _discount_call(tenant)
    client.force_login(tenant.users["rop"])
    client.post("/settings/trackers/", {"name": "Скидка", "phrases": "скидка", "speaker": "any", "is_active": "on"})
    t = Tracker.objects.get(name="Скидка")
    assert not TrackerHit.objects.exists()  # saving does not rewrite history by itself
    resp = client.post(f"/settings/trackers/{t.pk}/apply")
    job = Job.objects.get(kind="trackers")
    assert f'id="job-{job.pk}"' in resp.content.decode()
    job.refresh_from_db()
    assert job.status == "done" and job.total == 4 and job.done == 4
    assert set(TrackerHit.objects.values_list("call_id", flat=True)) == {call.pk}
    body = client.get("/calls/", {"tracker": t.pk}).content.decode()
    assert "org-call-disc" in body and "org-call-m1" not in body
    assert "Найдено звонков: <b>1</b>" in body and "Скидка: 1" in body
    assert '<a href="/calls/?tracker=' in client.get("/settings/trackers/").content.decode()


def test_call_page_lists_hits_with_their_moment(client: Client, tenant: Tenant) -> None:
    call = _discount_call(tenant)
    save_tracker(tenant.org, name="Скидка", phrases_text="скидка", speaker="client", is_active=True)
    tag_call(call)
    client.force_login(tenant.users["admin"])
    body = client.get(f"/calls/{call.pk}/").content.decode()
    assert 'id="tracker-hits"' in body and 'data-start="12.50"' in body and "<b>скидка</b>" in body


def test_pipeline_tags_a_call_right_after_its_transcript(tenant: Tenant) -> None:
    save_tracker(tenant.org, name="Ипотека", phrases_text="ипотека", speaker="any", is_active=True)
    save_tracker(tenant.org, name="Выключен", phrases_text="ипотека", speaker="any", is_active=False)
    call = add_call(tenant.org, "org-call-new", tenant.managers["m1"])

    def fake_asr(c: Call) -> None:
        Segment.objects.bulk_create([Segment(call=c, start=3.0, end=5.0, speaker="client", text="Про ипотеку")])

    stages.with_after("asr", fake_asr)(call)
    assert list(TrackerHit.objects.filter(call=call).values_list("tracker__name", "start")) == [("Ипотека", 3.0)]


def test_a_failing_step_after_a_stage_does_not_fail_the_stage(tenant: Tenant,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import rop.trackers.stage

    def broken(call: Call) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(rop.trackers.stage, "run", broken)
    ran: list[int] = []
    stages.with_after("asr", lambda c: ran.append(c.pk))(tenant.calls["m1"])
    assert ran == [tenant.calls["m1"].pk]


def test_editing_a_tracker_shows_its_phrases_and_saves_changes(client: Client, tenant: Tenant) -> None:
    t = save_tracker(tenant.org, name="Ипотека", phrases_text="ипотека\nвзнос", speaker="client", is_active=True)
    client.force_login(tenant.users["rop"])
    body = client.get("/settings/trackers/", {"edit": t.pk}).content.decode()
    assert "ипотека\nвзнос</textarea>" in body and '<option value="client" selected>' in body
    client.post("/settings/trackers/", {"pk": t.pk, "name": "Ипотека", "phrases": "кредит", "speaker": "any"})
    t.refresh_from_db()
    assert t.phrases == ["кредит"] and t.speaker == "any" and not t.is_active  # the box was unticked
