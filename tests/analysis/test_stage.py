"""The analysis stage: results per call x version, verified quotes, outbox rows in the same
transaction, idempotent re-runs, re-analysis keeping history."""

from __future__ import annotations

import pytest
from django.db import transaction

from rop.analysis import stage
from rop.analysis.models import ChecklistResult, ReanalysisRequest, TableResult
from rop.analysis.quotes import is_verbatim
from rop.analysis.reanalysis import request_reanalysis
from rop.analysis.services import CHECKLISTS
from rop.analysis.types import FieldValue, StageVerdict
from rop.calls.models import Call, Stage
from rop.delivery.models import WebhookDelivery
from rop.tenants.models import Organisation
from tests.analysis.factories import ScriptedEvaluator, make_call, make_checklist, make_table, utterances

pytestmark = pytest.mark.django_db


def _scripted() -> ScriptedEvaluator:
    return ScriptedEvaluator(
        verdicts={
            "URC_S_1755863272": StageVerdict("URC_S_1755863272", "completed", 85, "Уточнил комнаты и район",
                                             "количество комнат вас интересует"),
            "URC_S_1755863663": StageVerdict("URC_S_1755863663", "failed", 15, "Бюджет не выяснен",
                                             "Клиент сказал, что ипотека одобрена"),  # invented
        },
        values={"object_type": FieldValue("object_type", "квартира", 90, "я по поводу квартиры"),
                "client_name": None},
    )


def test_results_are_scored_quotes_verified_and_outbox_rows_written(org: Organisation) -> None:
    make_checklist(org, webhook_url="http://127.0.0.1:9/hook")
    make_table(org, webhook_url="http://127.0.0.1:9/table")
    call = make_call(org)
    c_res, t_res = stage.analyse(call, utterances(), evaluator=_scripted())
    r = c_res[0]
    assert (r.total_score, r.max_score, r.completion_percentage) == (0, 2, 0)
    s1, s2 = r.stages
    assert s1["quote"] == "количество комнат вас интересует" and s1["quote_speaker"] == "manager"
    assert s2["quote"] == "" and s2["score"] == -1
    assert all(is_verbatim(s["quote"], utterances()) for s in r.stages)
    assert t_res[0].data == {"object_type": "квартира", "client_name": None}
    kinds = sorted(WebhookDelivery.objects.filter(call=call).values_list("kind", flat=True))
    assert kinds == ["checklist", "table"]
    assert r.version.number == 1 and t_res[0].version.number == 1


def test_no_webhook_url_means_no_outbox_row(org: Organisation) -> None:
    make_checklist(org)
    call = make_call(org)
    stage.analyse(call, utterances(), evaluator=_scripted())
    assert ChecklistResult.objects.filter(call=call).count() == 1
    assert not WebhookDelivery.objects.exists()


def test_results_and_outbox_commit_together_or_not_at_all(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_checklist(org, webhook_url="http://127.0.0.1:9/hook")
    call = make_call(org)

    def boom(kind: object, result: object) -> None:
        raise RuntimeError("outbox write failed")

    monkeypatch.setattr(stage, "enqueue_delivery", boom)
    with pytest.raises(RuntimeError), transaction.atomic():
        stage.analyse(call, utterances(), evaluator=_scripted())
    assert not ChecklistResult.objects.exists()


def test_run_is_idempotent_for_the_same_versions(org: Organisation) -> None:
    make_checklist(org, webhook_url="http://127.0.0.1:9/hook")
    call = make_call(org)
    stage.run(call)
    stage.run(call)  # a second worker after a crash: nothing new
    assert ChecklistResult.objects.filter(call=call).count() == 1
    assert WebhookDelivery.objects.filter(call=call).count() == 1


def test_new_version_of_a_checklist_is_evaluated_on_rerun(org: Organisation) -> None:
    c = make_checklist(org)
    call = make_call(org)
    stage.run(call)
    CHECKLISTS.update(c, {**CHECKLISTS.to_dict(c), "prompt": "строже"})
    stage.run(call)
    results = list(ChecklistResult.objects.filter(call=call).order_by("id"))
    assert [r.version.number for r in results] == [1, 2]
    assert [r.is_current for r in results] == [False, True]


def test_reanalysis_keeps_history_and_marks_the_newest_current(org: Organisation) -> None:
    make_checklist(org, webhook_url="http://127.0.0.1:9/hook")
    make_table(org)
    call = make_call(org, stage=Stage.DONE, status="done")
    stage.run(call)
    req = request_reanalysis(call, requested_by="rop@example.com")
    call.refresh_from_db()
    assert call.stage == Stage.ANALYSIS and call.next_attempt_at is not None
    stage.run(call)
    assert ChecklistResult.objects.filter(call=call).count() == 2
    assert ChecklistResult.objects.filter(call=call, is_current=True).count() == 1
    assert TableResult.objects.filter(call=call, is_current=True).count() == 1
    assert WebhookDelivery.objects.filter(call=call).count() == 2  # each result is sent
    req.refresh_from_db()
    assert req.done_at is not None
    assert not ReanalysisRequest.objects.filter(done_at__isnull=True).exists()


def test_only_applicable_active_configs_are_evaluated(org: Organisation) -> None:
    make_checklist(org, name="Только этап X", applicability={"deal_stage_ids": ["X"]})
    make_checklist(org, name="Выключен", active=False,
                   stages=[{"name": "a"}])
    call = make_call(org, deal_stage_id="Y")
    evaluator = _scripted()
    c_res, t_res = stage.analyse(call, utterances(), evaluator=evaluator)
    assert (c_res, t_res, evaluator.calls) == ([], [], 0)


def test_transcript_is_read_from_the_asr_segments(org: Organisation) -> None:
    from rop.analysis.transcript import load_transcript

    call = make_call(org)
    assert load_transcript(call) == utterances()
    assert isinstance(Call.objects.get(pk=call.pk), Call)


def test_deleting_a_checklist_with_results_deletes_its_history(org: Organisation) -> None:
    c = make_checklist(org, webhook_url="http://127.0.0.1:9/hook")
    call = make_call(org)
    stage.analyse(call, utterances(), evaluator=_scripted())
    c.delete()
    assert not ChecklistResult.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_reanalysis_request_queues_the_call_for_the_worker(org: Organisation) -> None:
    make_checklist(org)
    call = make_call(org, stage=Stage.DONE, status="done")
    stage.run(call)
    request_reanalysis(call)
    call.refresh_from_db()
    assert (call.stage, call.status) == (Stage.ANALYSIS, "queued")
    assert ReanalysisRequest.objects.filter(call=call, done_at__isnull=True).count() == 1
