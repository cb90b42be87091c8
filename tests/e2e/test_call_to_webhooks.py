"""The whole product, black box: a stereo 8 kHz MP3 posted through the API is downloaded,
transcribed, scored and extracted by the embedded defaults, both webhooks reach a loopback
receiver in the document's shape, and call-ready returns the table data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.httpsrv import LoopbackServer, RequestCtx
from tests.support.ropenv import RopEnv

CHECKLIST_KEYS = {"call_id", "manager_id", "checklist_name", "total_score", "max_score",
                  "completion_percentage", "stages", "timestamp"}
STAGE_KEYS = {"stage_id", "stage_name", "score", "percentage", "status", "comment", "quote"}
TABLE_KEYS = {"call_id", "table_id", "table_name", "extracted_data", "processing_time", "timestamp"}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.mark.slow
def test_posted_stereo_call_produces_both_webhooks_and_call_ready(
    ropenv: RopEnv, loopback: LoopbackServer, tmp_path: Path
) -> None:
    from tests.support.speech import Turn, build_dialogue

    dialogue = build_dialogue([
        Turn("manager", "Здравствуйте, меня зовут Анна, компания Северный город."),
        Turn("client", "Добрый день, меня зовут Сергей, я по поводу квартиры."),
        Turn("manager", "Сергей, какое количество комнат вас интересует и в каком районе?"),
        Turn("client", "Двухкомнатная квартира в Приморском районе, бюджет семь миллионов рублей."),
        Turn("manager", "Отлично, давайте встретимся в офисе в субботу, я покажу планировки."),
    ], stereo=True, name="e2e-webhooks")

    received: list[dict[str, Any]] = []

    def hook(ctx: RequestCtx) -> None:
        received.append({"path": ctx.path, "headers": ctx.headers, "json": json.loads(ctx.body)})
        ctx.send(200, b"ok", {"Content-Type": "text/plain"})

    checklist = {
        "name": "Чек-лист (тест 001)",
        "webhook_url": loopback.route("/hooks/checklist", hook),
        "stages": [
            {"id": "URC_S_1755863272", "name": "МРК выяснил все критерии поиска клиента",
             "criterion": "Менеджер спросил количество комнат и район", "weight": 1},
            {"id": "URC_S_1755863663", "name": "МРК договорился о встрече",
             "criterion": "Менеджер предложил встречу в офисе", "weight": 1},
        ],
    }
    table = {
        "id": "TBL_1755863365",
        "name": "Анализ конверсии",
        "webhook_url": loopback.route("/hooks/table", hook),
        "fields": [
            {"name": "client_name", "description": "Имя клиента"},
            {"name": "budget", "description": "Бюджет клиента"},
            {"name": "district", "description": "Район, который интересует клиента"},
        ],
    }
    (tmp_path / "c.json").write_text(json.dumps(checklist, ensure_ascii=False))
    (tmp_path / "t.json").write_text(json.dumps(table, ensure_ascii=False))
    key = ropenv.createkey("Сквозная организация")
    ropenv.run("checklist", "import", str(tmp_path / "c.json"), "--org", "Сквозная организация")
    ropenv.run("table", "import", str(tmp_path / "t.json"), "--org", "Сквозная организация")

    server = ropenv.serve(workers=1, web_workers=1, env={"ROP_WORKER_POLL_SECONDS": "0.1"})
    audio_url = loopback.static("/rec/call.mp3", dialogue.path.read_bytes())
    status, _, body = server.request("POST", "/calls/audio-upload", key=key, json_body={
        "call_id": "e2e-1", "manager_id": "mgr_001", "deal_id": "deal_5678", "audio_url": audio_url})
    assert status == 200, body

    # Progress is visible while it runs; the call ends done.
    done = server.wait_for("e2e-1", key, timeout=600)
    assert done["status"] == "done", done
    assert done["channels"] == 2
    speakers = {seg["speaker"] for seg in done["transcript"]}
    assert speakers == {"manager", "client"}, done["transcript"]
    transcript_text = _norm(" ".join(seg["text"] for seg in done["transcript"]))

    deadline = time.monotonic() + 120
    while len(received) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # polling the receiver for an observable condition, with a deadline
    paths = sorted(r["path"] for r in received)
    assert paths == ["/hooks/checklist", "/hooks/table"], received

    by_path = {r["path"]: r for r in received}
    cl = by_path["/hooks/checklist"]["json"]
    assert cl.keys() >= CHECKLIST_KEYS
    assert cl["call_id"] == "e2e-1" and cl["manager_id"] == "mgr_001"
    assert cl["checklist_name"] == "Чек-лист (тест 001)"
    assert [s["stage_id"] for s in cl["stages"]] == ["URC_S_1755863272", "URC_S_1755863663"]
    for stage in cl["stages"]:
        assert stage.keys() >= STAGE_KEYS
        assert stage["status"] in {"completed", "failed", "not_applicable"}
        assert not stage["quote"] or _norm(stage["quote"]) in transcript_text, stage
    assert cl["timestamp"].endswith("Z")
    assert by_path["/hooks/checklist"]["headers"].get("webhook-id")

    tb = by_path["/hooks/table"]["json"]
    assert tb.keys() >= TABLE_KEYS
    assert tb["table_id"] == "TBL_1755863365" and tb["table_name"] == "Анализ конверсии"
    assert set(tb["extracted_data"]) == {"client_name", "budget", "district"}

    status, _, ready = server.request("GET", "/tables/call-ready?tab=TBL_1755863365&call=e2e-1", key=key)
    assert status == 200 and ready["ready"] is True
    assert ready["data"] == tb["extracted_data"]
