"""The real product in a real browser: a checklist made in the UI scores a call that went through
the actual pipeline (`rop serve` with a worker: download, ASR on synthesised Russian speech,
embedded analysis, webhook), and the call page plays the audio from the clicked quote."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import ARTIFACTS, chromium_page, wait_js
from tests.support.httpsrv import LoopbackServer, RequestCtx
from tests.support.ropenv import RopEnv

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ORG = "Сквозная организация"


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page(timeout_ms=20_000) as opened:
        yield opened.page


def test_ui_checklist_scores_a_real_pipeline_call_and_quote_seeks_audio(
        ropenv: RopEnv, loopback: LoopbackServer, page: Any) -> None:
    from tests.support.speech import Turn, build_dialogue

    dialogue = build_dialogue([
        Turn("manager", "Здравствуйте, меня зовут Анна, компания Северный город."),
        Turn("client", "Добрый день, я по поводу квартиры."),
        Turn("manager", "Какое количество комнат вас интересует и в каком районе?"),
        Turn("client", "Двухкомнатная квартира в Приморском районе."),
        Turn("manager", "Давайте встретимся в офисе в субботу, я покажу планировки."),
    ], stereo=True, name="ui-e2e")
    hooks: list[RequestCtx] = []

    def hook(ctx: RequestCtx) -> None:
        hooks.append(ctx)
        ctx.send(200, b'{"accepted": true}', {"Content-Type": "application/json"})

    key = ropenv.createkey(ORG)
    ropenv.run("createadmin", "--org", ORG, "--username", "boss", "--password", "very-secret-pass")
    server = ropenv.serve(workers=1, web_workers=1, env={"ROP_WORKER_POLL_SECONDS": "0.1"})
    base = server.base

    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", "very-secret-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/calls/")
    page.goto(f"{base}/settings/checklists/new")
    page.fill("input[name=name]", "Чек-лист (тест 001)")
    page.fill("input[name=webhook_url]", loopback.route("/hooks/checklist", hook))
    page.fill("input[name=stage_name]", "МРК выяснил все критерии поиска клиента")
    page.fill("textarea[name=criterion]", "Менеджер спросил количество комнат и район")
    page.click("text=+ Добавить этап")
    page.locator("input[name=stage_name]").nth(1).fill("МРК договорился о встрече")
    page.locator("textarea[name=criterion]").nth(1).fill("Менеджер предложил встречу в офисе")
    page.click("#checklist-form button[type=submit]")
    page.wait_for_selector("text=сохранён (версия 1)")

    status, _, body = server.request("POST", "/calls/audio-upload", key=key, json_body={
        "call_id": "ui-e2e-1", "manager_id": "mgr_001",
        "audio_url": loopback.static("/rec/call.mp3", dialogue.path.read_bytes())})
    assert status == 200, body
    assert server.wait_for("ui-e2e-1", key, timeout=600)["status"] == "done"

    page.goto(f"{base}/calls/")
    row = page.locator("#calls-table tbody tr", has_text="ui-e2e-1")
    assert "Готово" in row.inner_text() and "Чек-лист (тест 001)" in row.inner_text()
    row.locator("a").click()
    page.wait_for_selector("#call-audio")
    assert page.locator(".line.manager").count() >= 1 and page.locator(".line.client").count() >= 1
    assert page.locator(".stage").count() == 2
    wait_js(page, "document.getElementById('call-audio').readyState >= 1")
    target = page.locator(".quote[data-start]").first if page.locator(".quote[data-start]").count() \
        else page.locator(".line.client").first
    start = float(target.get_attribute("data-start"))
    assert start > 0.5
    target.click()
    wait_js(page,
        f"Math.abs(document.getElementById('call-audio').currentTime - {start}) < 0.5")
    page.evaluate("document.getElementById('call-audio').pause()")
    page.screenshot(path=str(ARTIFACTS / "12-real-pipeline-call.png"), full_page=True)

    deadline = time.monotonic() + 60
    while not hooks and time.monotonic() < deadline:
        time.sleep(0.2)  # polling the receiver for an observable condition, with a deadline
    assert hooks, "the checklist webhook did not arrive"
    page.goto(f"{base}/settings/webhooks/")
    assert "Доставлен" in page.locator("#deliveries").inner_text()
