"""End to end in a real browser (Debian Chromium driven by Playwright) against a live server.

The processed call (transcript segments, checklist result) is written to the DB directly by
tests.ui.factories: this test is about the UI; the pipeline's own tests produce such rows.
The audio is a real MP3 generated with ffmpeg.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import ARTIFACTS, chromium_page, wait_js
from tests.support.httpsrv import LoopbackServer
from tests.ui.factories import PASSWORD, Tenant, make_tenant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _mp3(path: Path, seconds: int = 20) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds}", "-ac", "1", "-ar", "16000", "-b:a", "32k",
                    str(path)], check=True, timeout=60)
    return path


@pytest.fixture
def browser_page() -> Iterator[Any]:
    # Requested after the data fixtures: while Playwright's sync API runs, code here executes in
    # another greenlet (its own context), so the test body makes no ORM calls in that window.
    with chromium_page(accept_downloads=True) as opened:
        yield opened.page


@pytest.fixture
def live_tenant(transactional_db: Any, settings: Any, tmp_path: Path, ui_job_worker: None) -> Tenant:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ROP_UI_JOBS_INLINE = False  # jobs queued for a worker (ui_job_worker) and htmx polling
    return make_tenant("Альфа Недвижимость", audio=_mp3(tmp_path / "call.mp3"))


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/calls/")
    assert "/login/" in page.url
    _shot(page, "01-login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/calls/")


def test_rop_creates_checklist_reviews_call_plays_quote_filters_and_exports(
        live_tenant: Tenant, live_server: Any, loopback: LoopbackServer, browser_page: Any) -> None:
    page, base, t = browser_page, live_server.url, live_tenant
    hook = loopback.static("/crm-hook", b"ok", content_type="text/plain")
    _login(page, base, t.users["rop"].username)

    # 1. A checklist with a webhook, then a test webhook to it.
    page.click("text=Скрипты и промты")
    page.click("text=Новый чек-лист")
    page.fill("input[name=name]", "Чек-лист (тест 001)")
    page.fill("input[name=webhook_url]", hook)
    page.fill("input[name=webhook_secret]", "whsec-test")
    page.fill("input[name=stage_name]", "МРК выяснил все критерии поиска клиента")
    page.fill("textarea[name=criterion]", "Спросил количество комнат и район")
    page.click("text=+ Добавить этап")
    page.locator("input[name=stage_name]").nth(1).fill("МРК выяснил финансовую ситуацию клиента")
    _shot(page, "02-checklist-new")
    page.click("#checklist-form button[type=submit]")
    page.wait_for_selector("text=сохранён (версия 1)")
    assert page.locator(".stage-form").count() == 2
    page.click("text=Отправить тестовый вебхук")
    page.wait_for_selector(".test-result[data-status=delivered]")
    assert loopback.hits.get("/crm-hook") == 1
    _shot(page, "03-checklist-saved")

    # 2. The processed call in the list; filter by manager.
    page.click("header >> text=Звонки")
    rows = page.locator("#calls-table tbody tr")
    assert rows.count() == 3
    _shot(page, "04-calls")
    page.select_option("select[name=manager]", str(t.managers["m1"].pk))
    page.click("#filters button[type=submit]")
    page.wait_for_url("**manager=*")
    assert rows.count() == 1 and t.calls["m1"].call_id in rows.first.inner_text()
    page.fill("input[name=q]", "приморский")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**q=*")
    assert rows.count() == 1

    # 3. Export the filtered list as CSV (a background job with an htmx progress bar) and read it back.
    page.click("#export-calls >> text=CSV")
    link = page.wait_for_selector("#export-calls-job >> text=Скачать")
    with page.expect_download() as dl:
        link.click()
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    rows_csv = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows_csv[0][0] == "call_id" and [r[0] for r in rows_csv[1:]] == [t.calls["m1"].call_id]

    # 4. The call page: clicking a quote or a transcript line seeks the audio there.
    page.click(f"text={t.calls['m1'].call_id}")
    page.wait_for_selector("#call-audio")
    wait_js(page, "document.getElementById('call-audio').readyState >= 1")
    duration = page.evaluate("document.getElementById('call-audio').duration")
    assert 19 < duration < 21
    page.click(".quote[data-start]")
    wait_js(page, "Math.abs(document.getElementById('call-audio').currentTime - 2.0) < 0.5")
    page.click(".line.client")
    wait_js(page, "Math.abs(document.getElementById('call-audio').currentTime - 4.2) < 0.5")
    page.evaluate("document.getElementById('call-audio').pause()")
    assert page.locator(".line.client.playing").count() == 1
    _shot(page, "05-call")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "06-call-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    # 5. Dashboard and the remaining settings pages render.
    page.click("text=Дашборд")
    page.wait_for_selector("svg.chart")
    assert page.locator("#kpi-calls").inner_text() == "3"
    _shot(page, "07-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "07b-dashboard-phone")
    page.click("header >> text=Звонки")
    _shot(page, "04b-calls-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    for path, name in (("/settings/org/", "08-org"), ("/settings/webhooks/", "09-webhooks")):
        page.goto(base + path)
        _shot(page, name)
    assert page.locator("#deliveries tbody tr").count() == 1


def test_admin_creates_key_and_user_then_leader_sees_only_own_offices(
        live_tenant: Tenant, live_server: Any, browser_page: Any) -> None:
    page, base, t = browser_page, live_server.url, live_tenant
    _login(page, base, t.users["admin"].username)
    page.click("text=API-ключи")
    page.fill("input[name=name]", "CRM")
    page.click("text=Создать ключ")
    raw = page.locator("#new-key-value").inner_text().strip()
    assert raw.startswith("rop_")
    _shot(page, "10-keys")
    page.click("text=Пользователи")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "long-password-9")
    page.select_option("form.form-grid select[name=role]", "leader")
    page.select_option("form.form-grid select[name=manager]", str(t.managers["lead1"].pk))
    page.click("form.form-grid button[type=submit]")
    page.wait_for_selector("text=Пользователь olga создан")
    _shot(page, "11-users")
    page.click("text=Выйти")
    page.wait_for_url("**/login/")
    page.fill("input[name=username]", "olga")
    page.fill("input[name=password]", "long-password-9")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/calls/")
    body = page.locator("#calls-table").inner_text()
    assert (
        t.calls["m1"].call_id in body and t.calls["m2"].call_id in body and t.calls["m3"].call_id not in body
    )
    assert page.locator("text=API-ключи").count() == 0
    assert page.goto(f"{base}/calls/{t.calls['m3'].pk}/").status == 404
