"""The llm engine against a REAL OpenAI-compatible server on 127.0.0.1 (llama.cpp via
xllamacpp, Gemma 3 270M). A 270M model's judgement is not tested: structure, schema, the
cache-friendly request shape and quote handling are."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rop.analysis import quotes
from rop.analysis.llm import LlmEvaluator, LlmSettings, chunk_transcript
from rop.analysis.types import ChecklistSpec, FieldSpec, StageSpec, TableSpec
from rop.net import http
from tests.analysis.factories import utterances
from tests.analysis.llama import llama_server

pytestmark = pytest.mark.slow

CHECKLIST = ChecklistSpec(
    "Скрипт продаж",
    (
        StageSpec(
            "URC_S_1",
            "МРК выяснил критерии поиска",
            "Спросил количество комнат и район",
            ("количество комнат",),
        ),
        StageSpec("URC_S_2", "МРК выяснил бюджет", "Спросил бюджет или ипотеку"),
    ),
)
TABLE = TableSpec("TBL_1", "Конверсия", (
    FieldSpec("object_type", "Тип объекта", "enum", ("квартира", "дом")),
    FieldSpec("budget", "Бюджет в рублях", "number"),
    FieldSpec("client_name", "Имя клиента"),
))


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with llama_server(tmp_path_factory.mktemp("llama")) as url:
        yield url


Exchanges = list[tuple[dict[str, Any], dict[str, Any]]]


@pytest.fixture
def exchanges(monkeypatch: pytest.MonkeyPatch) -> Exchanges:
    """Records each (request body, response body) passing through rop.net.http.request."""
    seen: list[tuple[dict[str, Any], dict[str, Any]]] = []
    real = http.request

    def recording(url: str, **kw: Any) -> http.SimpleResponse:
        resp = real(url, **kw)
        seen.append((kw["json"], json.loads(resp.body)))
        return resp

    monkeypatch.setattr(http, "request", recording)
    return seen


def _evaluator(url: str, **kw: Any) -> LlmEvaluator:
    return LlmEvaluator(LlmSettings(base_url=url, model="gemma-3-270m", timeout=300, context_tokens=4096,
                                    max_output_tokens=600, max_string_chars=60, **kw))


def test_checklist_and_table_against_a_real_server(llm_url: str, exchanges: Exchanges) -> None:
    ev = _evaluator(llm_url)
    transcript = utterances()
    verdicts = ev.evaluate_checklist(transcript, CHECKLIST)
    table = ev.extract_table(transcript, TABLE)

    # structure: one verdict per stage, in order, valid values
    assert [v.stage_id for v in verdicts] == ["URC_S_1", "URC_S_2"]
    for v in verdicts:
        assert v.status in ("completed", "failed", "not_applicable")
        assert 0 <= v.percentage <= 100
        assert quotes.is_verbatim(v.quote, transcript)  # never a made-up quote
        assert (v.quote_start is None) == (v.quote == "")
    assert set(table.values) == {"object_type", "budget", "client_name"}
    assert table.values["object_type"].value in (None, "квартира", "дом")
    assert table.values["budget"].value is None or isinstance(table.values["budget"].value, (int, float))
    for fv in table.values.values():
        assert quotes.is_verbatim(fv.quote, transcript)
        assert 0 <= fv.confidence <= 100

    # the requests: temperature 0, strict JSON schema, transcript in a fixed prefix
    (req_c, _), (req_t, resp_t) = exchanges
    for req in (req_c, req_t):
        assert req["temperature"] == 0
        fmt = req["response_format"]
        assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
        assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    item = req_c["response_format"]["json_schema"]["schema"]["properties"]["stages"]["items"]
    assert item["additionalProperties"] is False
    assert item["properties"]["stage_id"]["enum"] == ["URC_S_1", "URC_S_2"]
    # the stages' compiled elements are in the prompt, and the model answers per element
    assert "URC_S_1.1: количество комнат" in req_c["messages"][2]["content"]
    assert item["properties"]["elements"]["items"]["properties"]["id"]["enum"][0] == "URC_S_1.1"
    answer = json.loads(exchanges[0][1]["choices"][0]["message"]["content"])
    for stage in answer["stages"]:
        assert isinstance(stage["elements"], list)
        assert all(isinstance(e["found"], bool) and e["id"].startswith("URC_S_") for e in stage["elements"])
    assert req_c["messages"][:2] == req_t["messages"][:2]  # system + transcript: identical prefix
    assert "Какое количество комнат" in req_c["messages"][1]["content"]
    assert "Скрипт продаж" not in req_c["messages"][1]["content"]  # instructions come after
    # the server reused its prompt cache for the shared prefix
    cached = resp_t.get("usage", {}).get("prompt_tokens_details", {}).get("cached_tokens") or \
        resp_t.get("timings", {}).get("cache_n", 0)
    assert cached > 0
    # every raw answer parsed as JSON under the schema
    for _, resp in exchanges:
        json.loads(resp["choices"][0]["message"]["content"])


def test_long_transcript_is_chunked_and_merged(llm_url: str, exchanges: Exchanges, tmp_path: Path) -> None:
    transcript = utterances() * 1
    long = [
        u.__class__(u.start + 30 * k, u.end + 30 * k, u.speaker, u.text) for k in range(4) for u in transcript
    ]
    ev = _evaluator(llm_url, schema_limits=True)
    ev.settings.context_tokens = 2400  # forces windows of ~1000 characters
    windows = ev._windows(long)
    assert len(windows) >= 2
    one = ChecklistSpec("Скрипт", (CHECKLIST.stages[0],))
    [verdict] = ev.evaluate_checklist(long, one)
    assert ev.requests_made == len(windows) == len(exchanges)
    assert verdict.stage_id == "URC_S_1" and verdict.status in ("completed", "failed", "not_applicable")
    assert quotes.is_verbatim(verdict.quote, long)
    assert chunk_transcript(long, 10**6) == [long]
