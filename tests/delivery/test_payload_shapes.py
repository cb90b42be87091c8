"""Webhook bodies pinned to the customer's document: the JSON examples are parsed from
shared/seed/api-v1.ru.md at test time and compared key by key, value type by value type."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from rop.analysis import stage
from rop.analysis.types import StageVerdict
from rop.calls.models import Call
from rop.delivery.models import WebhookDelivery
from rop.tenants.models import Organisation
from tests.analysis.factories import ScriptedEvaluator, make_call, make_checklist, make_table, utterances
from tests.api import seeddoc
from tests.api.seeddoc import blocks

pytestmark = [pytest.mark.django_db, *seeddoc.skip_marks()]


def _doc_example(marker: str) -> dict[str, Any]:
    found = [b for b in blocks() if b.lang == "json" and f'"{marker}"' in b.text]
    assert len(found) == 1, f"expected one example with {marker} in the document"
    example: dict[str, Any] = json.loads(found[0].text)
    return example


def _types(value: Any) -> type:
    return int if isinstance(value, bool) is False and isinstance(value, int) else type(value)


def _assert_same_shape(doc: dict[str, Any], ours: dict[str, Any], where: str) -> None:
    missing = doc.keys() - ours.keys()
    assert not missing, f"{where}: keys missing from our payload: {missing}"
    for key, value in doc.items():
        if key in ("stages", "extracted_data"):
            continue
        assert _types(ours[key]) is _types(value), (
            f"{where}.{key}: {type(ours[key])} vs document {type(value)}"
        )


def _bodies(call: Call) -> dict[str, dict[str, Any]]:
    return {d.kind: json.loads(d.body) for d in WebhookDelivery.objects.filter(call=call)}


def test_checklist_and_table_payloads_match_the_document(org: Organisation) -> None:
    make_checklist(org, webhook_url="http://127.0.0.1:9/c")
    make_table(org, webhook_url="http://127.0.0.1:9/t")
    call = make_call(org)
    evaluator = ScriptedEvaluator(
        verdicts={
            "URC_S_1755863272": StageVerdict(
                "URC_S_1755863272",
                "completed",
                85,
                "ок",
                "Какое количество комнат вас интересует и в каком районе?",
            )
        },
        values={"object_type": "квартира", "client_name": "Иван Петров"},
    )
    stage.analyse(call, utterances(), evaluator=evaluator)
    bodies = _bodies(call)

    doc_c = _doc_example("checklist_name")
    ours_c = bodies["checklist"]
    _assert_same_shape(doc_c, ours_c, "checklist")
    assert len(ours_c["stages"]) == 2
    for stage_doc in doc_c["stages"]:
        for ours_stage in ours_c["stages"]:
            _assert_same_shape(stage_doc, ours_stage, "checklist.stages[]")
    assert {s["status"] for s in ours_c["stages"]} <= {"completed", "failed", "not_applicable"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ours_c["timestamp"])
    assert ours_c["call_id"] == "call_789456" and ours_c["manager_id"] == "12345"

    doc_t = _doc_example("extracted_data")
    ours_t = bodies["table"]
    _assert_same_shape(doc_t, ours_t, "table")
    assert isinstance(ours_t["extracted_data"], dict)
    assert ours_t["extracted_data"] == {"object_type": "квартира", "client_name": "Иван Петров"}
    assert re.fullmatch(r"\d\d:\d\d:\d\d", ours_t["processing_time"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ours_t["timestamp"])


def test_document_checklist_example_is_consistent_with_our_scoring() -> None:
    from rop.analysis.scoring import completion_percentage, stage_score

    doc = _doc_example("checklist_name")
    assert completion_percentage(doc["total_score"], doc["max_score"]) == doc["completion_percentage"]
    for st in doc["stages"]:
        assert stage_score(st["status"], 1) == st["score"]
