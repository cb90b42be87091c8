"""LlmEvaluator transport and merging rules. The server here is a scripted OpenAI-compatible
endpoint on 127.0.0.1 (a real HTTP server): llama.cpp cannot be made to fail on demand, so
5xx/4xx/garbage answers are played by this one. Chunk merging is tested on plain verdicts."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from rop.analysis.llm import LlmEvaluator, LlmSettings, chunk_transcript, merge_checklist
from rop.analysis.types import ChecklistSpec, StageSpec, StageVerdict, Utterance
from rop.pipeline.errors import PermanentError, TransientError
from tests.analysis.factories import utterances
from tests.support.httpsrv import LoopbackServer, RequestCtx

SPEC = ChecklistSpec("Ч", (StageSpec("S1", "Комнаты", "спросил про комнаты"),))


def _answer(content: Any) -> bytes:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": text}}]}).encode()


GOOD = {"stages": [{"stage_id": "S1", "status": "completed", "percentage": 97, "comment": "да",
                    "quote": "какое количество комнат вас интересует"}]}


def _ev(url: str) -> LlmEvaluator:
    return LlmEvaluator(LlmSettings(base_url=url, model="m", api_key="k-secret", timeout=5))


def test_5xx_then_success_is_retried_and_auth_header_sent(loopback: LoopbackServer) -> None:
    def handler(ctx: RequestCtx) -> None:
        if ctx.hits == 1:
            ctx.send(503, b"busy", {"Retry-After": "0"})
        else:
            ctx.send(200, _answer(GOOD), {"Content-Type": "application/json"})

    loopback.route("/v1/chat/completions", handler)
    ev = _ev(loopback.url("/v1"))
    [v] = ev.evaluate_checklist(utterances(), SPEC)
    assert ev.requests_made == 2
    assert v.status == "completed" and v.quote == "Какое количество комнат вас интересует"
    assert loopback.requests[-1].headers["authorization"] == "Bearer k-secret"


def test_bad_request_is_permanent(loopback: LoopbackServer) -> None:
    loopback.static("/v1/chat/completions", b'{"error":"context too long"}', status=400,
                    content_type="application/json")
    with pytest.raises(PermanentError, match="400"):
        _ev(loopback.url("/v1")).evaluate_checklist(utterances(), SPEC)


def test_wrong_key_is_transient_and_names_the_settings(loopback: LoopbackServer) -> None:
    loopback.static("/v1/chat/completions", b"{}", status=401, content_type="application/json")
    with pytest.raises(TransientError, match="ROP_LLM_API_KEY"):
        _ev(loopback.url("/v1")).evaluate_checklist(utterances(), SPEC)


def test_output_not_json_twice_is_transient(loopback: LoopbackServer) -> None:
    loopback.static(
        "/v1/chat/completions", _answer("Вот оценка: всё хорошо"), content_type="application/json"
    )
    with pytest.raises(TransientError, match="схеме"):
        _ev(loopback.url("/v1")).evaluate_checklist(utterances(), SPEC)
    assert loopback.hits["/v1/chat/completions"] == 2


def test_unknown_stage_ids_are_ignored_and_missing_stages_fail(loopback: LoopbackServer) -> None:
    spec = ChecklistSpec("Ч", (*SPEC.stages, StageSpec("S2", "Бюджет", "")))
    answer = {"stages": [GOOD["stages"][0], {"stage_id": "S9", "status": "completed", "percentage": 100,
                                             "comment": "", "quote": ""}]}
    loopback.static("/v1/chat/completions", _answer(answer), content_type="application/json")
    verdicts = _ev(loopback.url("/v1")).evaluate_checklist(utterances(), spec)
    assert [(v.stage_id, v.status) for v in verdicts] == [("S1", "completed"), ("S2", "failed")]


def test_long_retry_after_is_left_to_the_worker_instead_of_waiting_in_the_stage(
    loopback: LoopbackServer,
) -> None:
    loopback.static("/v1/chat/completions", b"busy", status=503, content_type="text/plain",
                    headers={"Retry-After": "600"})
    ev = _ev(loopback.url("/v1"))
    with pytest.raises(TransientError, match="503") as err:
        ev.evaluate_checklist(utterances(), SPEC)
    assert err.value.retry_after == 600
    assert ev.requests_made == 1


def test_too_early_is_retried_within_the_stage(loopback: LoopbackServer) -> None:
    def handler(ctx: RequestCtx) -> None:
        if ctx.hits == 1:
            ctx.send(425, b"too early", {"Retry-After": "0"})
        else:
            ctx.send(200, _answer(GOOD), {"Content-Type": "application/json"})

    loopback.route("/v1/chat/completions", handler)
    ev = _ev(loopback.url("/v1"))
    [v] = ev.evaluate_checklist(utterances(), SPEC)
    assert v.status == "completed" and ev.requests_made == 2


def test_wrong_key_is_not_retried_within_the_stage(loopback: LoopbackServer) -> None:
    loopback.static("/v1/chat/completions", b"{}", status=403, content_type="application/json")
    ev = _ev(loopback.url("/v1"))
    with pytest.raises(TransientError, match="ROP_LLM_BASE_URL"):
        ev.evaluate_checklist(utterances(), SPEC)
    assert ev.requests_made == 1


def test_unreachable_server_is_transient() -> None:
    from tests.support.ropenv import free_port

    with pytest.raises(TransientError):
        _ev(f"http://127.0.0.1:{free_port()}/v1").evaluate_checklist(utterances(), SPEC)


def test_chunks_cover_everything_with_overlap() -> None:
    long = [
        Utterance(i * 10.0, i * 10.0 + 9, "manager", f"реплика номер {i} " + "слово " * 20) for i in range(60)
    ]
    windows = chunk_transcript(long, max_chars=2000, overlap_seconds=60)
    assert len(windows) > 2
    assert windows[0][0] == long[0] and windows[-1][-1] == long[-1]
    seen = {u for w in windows for u in w}
    assert seen == set(long)
    for a, b in itertools.pairwise(windows):
        assert b[0].start <= a[-1].end - 50  # consecutive windows overlap by about a minute


def test_merge_prefers_a_verified_completed_window() -> None:
    w1 = [StageVerdict("S1", "failed", 80, "нет")]
    w2 = [StageVerdict("S1", "completed", 70, "да", "какое количество комнат")]
    w3 = [StageVerdict("S1", "not_applicable", 90, "")]
    [v] = merge_checklist(SPEC, [w1, w2, w3])
    assert (v.status, v.quote) == ("completed", "какое количество комнат")
    [v] = merge_checklist(SPEC, [w1, w3])
    assert v.status == "failed"
    [v] = merge_checklist(SPEC, [w3, w3])
    assert v.status == "not_applicable"
