"""The llm engine prompts with the compiled elements, requirement and conditions of each stage and a few
reviewed examples, and writes its verdict comments in those elements (against a loopback server that
answers like an OpenAI-compatible one; the packaged small model is in test_llm_engine, slow)."""

from __future__ import annotations

import json
from typing import Any

from rop.analysis.embedded import LabelledExample, apply_corrections, compile_spec
from rop.analysis.llm import LlmEvaluator, LlmSettings
from rop.analysis.types import ChecklistSpec, StageSpec
from tests.analysis.factories import utterances
from tests.support.httpsrv import LoopbackServer, RequestCtx

GREET = StageSpec("S1", "Приветствие", "Менеджер поздоровался, назвал своё имя и компанию. "
                                       "Если клиент сам позвонил повторно — не применимо")
NEEDS = StageSpec("S2", "Критерии", "Спросил количество комнат и район")
CHECKLIST = ChecklistSpec("Скрипт", (GREET, NEEDS))


def _answer(body: dict[str, Any]) -> dict[str, Any]:
    """What a model constrained by the request's schema could answer: every element found but the last."""
    schema = body["response_format"]["json_schema"]["schema"]
    ids = schema["properties"]["stages"]["items"]["properties"]["elements"]["items"]["properties"]["id"]["enum"]
    stages = []
    for stage_id in schema["properties"]["stages"]["items"]["properties"]["stage_id"]["enum"]:
        mine = [i for i in ids if i.startswith(stage_id + ".")]
        stages.append({"stage_id": stage_id, "elements": [{"id": i, "found": i != mine[-1]}
                                                          for i in mine],
                       "status": "failed", "percentage": 70, "comment": "Не всё.", "quote": ""})
    return {"stages": stages}


def test_the_prompt_speaks_in_elements_and_the_comment_too(loopback: LoopbackServer) -> None:
    seen: list[dict[str, Any]] = []

    def chat(ctx: RequestCtx) -> None:
        body = json.loads(ctx.body)
        seen.append(body)
        content = json.dumps(_answer(body), ensure_ascii=False)
        ctx.send(200, json.dumps({"choices": [{"message": {"content": content}}]}).encode(),
                 {"Content-Type": "application/json"})

    url = loopback.route("/v1/chat/completions", chat).rsplit("/chat/completions", 1)[0]
    ev = LlmEvaluator(LlmSettings(base_url=url, model="m"))
    greet = compile_spec(GREET)
    corrected = apply_corrections(greet, [{"op": "add_phrase", "element": greet.elements[0].key,
                                           "phrase": "доброго времени суток"}])
    reviewed = [LabelledExample("completed", tuple(utterances()), "c1"),
                LabelledExample("failed", tuple(utterances()[1:2]), "c2")]
    verdicts = ev.evaluate_checklist(utterances(), CHECKLIST, compiled={"S1": corrected}, examples={"S2": reviewed})

    [req] = seen
    prompt = req["messages"][2]["content"]
    assert "S1.1: приветствие (менеджер); например: «доброго времени суток»" in prompt
    assert "Требование: нужны все элементы." in prompt
    assert "Условие: если клиент сам позвонил повторно — не применимо." in prompt
    assert "Пример проверенного звонка: «" in prompt and "— выполнено." in prompt and "— не выполнено." in prompt
    assert "количество комнат" in prompt.split("S2 —", 1)[1]
    assert req["messages"][:2][1]["content"].startswith("Расшифровка звонка:")  # the cached prefix is unchanged
    item = req["response_format"]["json_schema"]["schema"]["properties"]["stages"]["items"]
    assert list(item["properties"])[:3] == ["stage_id", "elements", "status"]  # elements before the verdict
    assert item["properties"]["elements"]["items"]["additionalProperties"] is False

    s1, s2 = verdicts
    labels = [e.label for e in corrected.elements]
    assert s1.comment.startswith(f"Найдено: {', '.join(labels[:-1])}; не найдено: {labels[-1]}.")
    assert s1.comment.endswith("Не всё.")
    assert s2.comment.startswith("Найдено:") or s2.comment.startswith("Не найдено:")


def test_a_relaxed_requirement_reaches_the_prompt_in_the_stages_elements() -> None:
    from rop.analysis.llm_terms import compile_stages

    intro = StageSpec("S3", "Представление", "Назвал имя, компанию и цель звонка. Если клиент позвонил сам — "
                                             "достаточно имени и компании.")
    terms = compile_stages(ChecklistSpec("Скрипт", (intro,)))["S3"]
    assert "если клиент позвонил сам — достаточно: представление (имя менеджера), название компании" in terms.conditions
