"""Review by a person (rop.analysis.reviews): the score, the webhook (contract-notes "Reviewed results"),
the dashboard and re-analysis follow the reviewed verdicts; reviews outside the reviewer's scope are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from rop.accounts.permissions import access_for
from rop.analysis import reviews
from rop.analysis.models import ChecklistResult, Review, TableResult
from rop.analysis.services import CHECKLISTS, TABLES
from rop.analysis.stage import analyse
from rop.analysis.types import ChecklistSpec, StageVerdict, TableSpec, Utterance
from rop.analysis.types import TableResult as TableOut
from rop.core.errors import InvalidInput, NotFound
from rop.delivery.models import WebhookDelivery
from rop.delivery.worker import deliver_due
from tests.support.httpsrv import LoopbackServer
from tests.ui.factories import Tenant, make_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant(db: None, settings: object) -> Tenant:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    return make_tenant("Альфа Недвижимость")


def _access(t: Tenant, role: str):  # type: ignore[no-untyped-def]
    access = access_for(t.users[role])
    assert access is not None
    return access


def _with_webhook(t: Tenant, url: str) -> None:
    data = CHECKLISTS.to_dict(t.checklist)
    CHECKLISTS.update(t.checklist, {**data, "webhook_url": url})
    # the factory's results reference version 1; the webhook URL is read from the checklist itself
    t.checklist.refresh_from_db()


def test_a_review_changes_the_score_and_keeps_the_evaluators_original(tenant: Tenant) -> None:
    call = tenant.calls["m1"]  # stage 1 completed, stage 2 failed: 0 of 2 -> 0 %
    before = ChecklistResult.objects.get(call=call, is_current=True)
    assert (before.total_score, before.completion_percentage, before.revision) == (0, 0, 1)

    after = reviews.review_stage(_access(tenant, "rop"), call.pk, tenant.checklist.pk, "URC_S_2", "completed",
                                 "Бюджет обсуждали, система не расслышала")
    assert (after.total_score, after.max_score, after.completion_percentage) == (2, 2, 100)
    assert after.revision == 2 and after.reviewed and after.is_current
    before.refresh_from_db()
    assert not before.is_current and before.stages[1]["status"] == "failed"  # history kept
    st = after.stages[1]
    assert st["status"] == "completed" and st["score"] == 1 and st["reviewed"] is True
    assert st["original_status"] == "failed" and st["original_comment"] == "Не выяснено"
    assert st["comment"] == "Бюджет обсуждали, система не расслышала"
    assert st["reviewed_by"] == tenant.users["rop"].username
    review = Review.objects.get(call=call)
    assert (review.original, review.value, review.reviewer, review.result_revision) == (
        "failed", "completed", tenant.users["rop"], 2)

    # not applicable: the stage's weight leaves max_score
    again = reviews.review_stage(_access(tenant, "rop"), call.pk, tenant.checklist.pk, "URC_S_2", "not_applicable")
    assert (again.total_score, again.max_score, again.completion_percentage, again.revision) == (1, 1, 100, 3)
    assert again.stages[1]["original_status"] == "failed"  # still the evaluator's, not the previous review's


def test_the_crm_gets_the_whole_result_again_with_revision_and_reviewed(
    tenant: Tenant, loopback: LoopbackServer
) -> None:
    url = loopback.static("/hook", b"ok")
    _with_webhook(tenant, url)
    call = tenant.calls["m1"]
    reviews.review_stage(_access(tenant, "leader"), call.pk, tenant.checklist.pk, "URC_S_2", "completed")
    assert deliver_due("w1", 10) == 1
    [req] = loopback.requests
    body = json.loads(req.body)
    assert body["call_id"] == call.call_id and body["checklist_name"] == "Продажа квартиры"
    assert (body["total_score"], body["max_score"], body["completion_percentage"]) == (2, 2, 100)
    assert body["revision"] == 2 and body["reviewed"] is True
    s1, s2 = body["stages"]
    assert s1["reviewed"] is False and "original_status" not in s1
    assert s2["reviewed"] is True and s2["original_status"] == "failed" and s2["status"] == "completed"
    assert body["timestamp"].endswith("Z")
    first_id = req.headers["webhook-id"]

    reviews.review_stage(_access(tenant, "rop"), call.pk, tenant.checklist.pk, "URC_S_1", "completed")
    assert deliver_due("w1", 10) == 1
    second = loopback.requests[1]
    assert second.headers["webhook-id"] != first_id
    assert json.loads(second.body)["revision"] == 3
    # a stage confirmed as it was: reviewed, no original_status (it does not differ)
    assert "original_status" not in json.loads(second.body)["stages"][0]
    assert WebhookDelivery.objects.filter(call=call).count() == 2


def test_the_dashboard_uses_the_reviewed_score(tenant: Tenant, client: Client) -> None:
    client.force_login(tenant.users["rop"])
    assert client.get("/dashboard/").context["cur"]["avg"] == 50.0  # 0 % and 100 %
    reviews.review_stage(_access(tenant, "rop"), tenant.calls["m1"].pk, tenant.checklist.pk, "URC_S_2",
                         "completed")
    ctx = client.get("/dashboard/").context
    assert ctx["cur"]["avg"] == 100.0 and ctx["cur"]["scored"] == 2
    assert ctx["failed"] == []


def test_reviews_across_tenants_offices_and_by_managers_are_refused(tenant: Tenant) -> None:
    other = make_tenant("Бета Девелопмент")
    foreign = other.calls["m1"]
    with pytest.raises(NotFound):  # another organisation's call looks like a missing one
        reviews.review_stage(_access(tenant, "rop"), foreign.pk, other.checklist.pk, "URC_S_2", "completed")
    with pytest.raises(NotFound):  # the leader of office 1 and a call of office 2's manager
        leader = _access(tenant, "leader")
        from tests.ui.factories import add_call, add_result

        north = add_call(tenant.org, "north-1", tenant.managers["m3"])
        add_result(north, tenant.checklist, [True, False])
        reviews.review_stage(leader, north.pk, tenant.checklist.pk, "URC_S_2", "completed")
    with pytest.raises(reviews.ReviewRefused):
        reviews.review_stage(_access(tenant, "manager"), tenant.calls["m1"].pk, tenant.checklist.pk, "URC_S_2",
                             "completed")
    with pytest.raises(InvalidInput):
        reviews.review_stage(_access(tenant, "rop"), tenant.calls["m1"].pk, tenant.checklist.pk, "URC_S_2", "ok")
    with pytest.raises(NotFound):
        reviews.review_stage(_access(tenant, "rop"), tenant.calls["m1"].pk, tenant.checklist.pk, "NOPE", "failed")
    assert not Review.objects.exists()
    assert ChecklistResult.objects.filter(reviewed=True).count() == 0
    assert ChecklistResult.objects.get(call=foreign, is_current=True).revision == 1


class _Fixed:
    """An evaluator whose verdicts the test sets (the engines have their own tests)."""

    name = "fixed"

    def evaluate_checklist(self, transcript: list[Utterance], checklist: ChecklistSpec) -> list[StageVerdict]:
        return [StageVerdict(s.stage_id, "failed", 30, "Не найдено") for s in checklist.stages]

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableOut:
        return TableOut(table.table_id)


def test_reanalysis_keeps_reviewed_verdicts_and_is_the_next_revision(tenant: Tenant) -> None:
    call = tenant.calls["m1"]
    reviews.review_stage(_access(tenant, "rop"), call.pk, tenant.checklist.pk, "URC_S_2", "completed", "видно")
    [res], _ = analyse(call, [], force=True, evaluator=_Fixed())
    assert res.revision == 3 and res.reviewed
    s1, s2 = res.stages
    assert s1["status"] == "failed" and not s1.get("reviewed")
    assert s2["status"] == "completed" and s2["reviewed"] and s2["original_status"] == "failed"
    assert (res.total_score, res.max_score) == (0, 2)


def test_a_table_field_review_is_typed_and_sent(tenant: Tenant, loopback: LoopbackServer) -> None:
    url = loopback.static("/t", b"ok")
    table = TABLES.create(tenant.org, {"id": "TBL_1", "name": "Конверсия", "webhook_url": url, "fields": [
        {"key": "budget", "description": "Бюджет", "type": "number"},
        {"key": "object_type", "description": "Тип", "type": "enum", "options": ["квартира", "дом"]}]})
    call = tenant.calls["m1"]
    version = table.versions.get(number=1)
    TableResult.objects.create(org=tenant.org, call=call, table=table, version=version, engine="t",
                               data={"budget": None, "object_type": "дом"},
                               details={"object_type": {"confidence": 60, "quote": "", "quote_start": None}})
    rop = _access(tenant, "rop")
    with pytest.raises(InvalidInput, match="числом"):
        reviews.review_field(rop, call.pk, table.pk, "budget", "семь миллионов")
    with pytest.raises(InvalidInput, match="вариантов"):
        reviews.review_field(rop, call.pk, table.pk, "object_type", "вилла")
    res = reviews.review_field(rop, call.pk, table.pk, "budget", "7 000 000", "клиент назвал бюджет")
    assert res.data == {"budget": 7000000, "object_type": "дом"} and res.revision == 2
    assert res.details["budget"]["original_value"] is None and res.details["budget"]["reviewed"]
    assert deliver_due("w1", 10) == 1
    body = json.loads(loopback.requests[0].body)
    assert body["extracted_data"]["budget"] == 7000000 and body["revision"] == 2 and body["reviewed"] is True


def test_reviewed_verdicts_become_labelled_examples_of_their_stage(tenant: Tenant, tmp_path: Path) -> None:
    rop = _access(tenant, "rop")
    reviews.review_stage(rop, tenant.calls["m1"].pk, tenant.checklist.pk, "URC_S_2", "completed")
    reviews.review_stage(rop, tenant.calls["m1"].pk, tenant.checklist.pk, "URC_S_2", "not_applicable")
    reviews.review_stage(rop, tenant.calls["m2"].pk, tenant.checklist.pk, "URC_S_2", "failed")
    got = reviews.stage_examples(tenant.org.pk, ["URC_S_1", "URC_S_2"])
    assert set(got) == {"URC_S_2"}
    by_call = {e.call_id: e for e in got["URC_S_2"]}
    assert by_call[tenant.calls["m1"].call_id].status == "not_applicable"  # the newest review of a call
    assert by_call[tenant.calls["m2"].call_id].status == "failed"
    assert by_call[tenant.calls["m2"].call_id].transcript[0].text == "Добрый день, какой у вас бюджет?"
    # the call being analysed is not its own example; another organisation's reviews never are
    assert [e.call_id for e in reviews.stage_examples(tenant.org.pk, ["URC_S_2"], tenant.calls["m1"].pk)[
        "URC_S_2"]] == [tenant.calls["m2"].call_id]
    other = make_tenant("Бета Девелопмент")
    assert reviews.stage_examples(other.org.pk, ["URC_S_2"]) == {}


def test_each_review_is_in_the_audit_log(tenant: Tenant) -> None:
    from rop.audit.models import AuditEntry

    reviews.review_stage(_access(tenant, "leader"), tenant.calls["m1"].pk, tenant.checklist.pk, "URC_S_2",
                         "completed", "ок")
    [entry] = AuditEntry.objects.filter(org=tenant.org, action="review_saved")
    assert entry.actor == tenant.users["leader"] and "URC_S_2" in entry.object
    assert entry.details["status"] == "completed" and entry.details["original"] == "failed"
