"""Review in a real browser (Debian Chromium via Playwright) against a live server: the review queue,
a stage's verdict and a table field's value set on the call page, the reviewed marks, the recomputed
score, the corrected result queued for the CRM; the checklist editor's «Как система понимает этап»."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rop.analysis.models import TableResult
from rop.analysis.services import CHECKLISTS, TABLES
from tests.support.browser import ARTIFACTS, chromium_page
from tests.ui.factories import PASSWORD, Tenant, make_tenant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def reviewed_tenant(transactional_db: Any, settings: Any) -> Tenant:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    t = make_tenant("Альфа Недвижимость")
    # the CRM endpoint is never reached here (no delivery worker runs): the outbox row is what counts
    CHECKLISTS.update(t.checklist, {**CHECKLISTS.to_dict(t.checklist), "webhook_url": "http://127.0.0.1:9/crm"})
    table = TABLES.create(t.org, {"id": "TBL_1", "name": "Конверсия", "fields": [
        {"key": "object_type", "description": "Тип объекта", "type": "enum", "options": ["квартира", "дом"]}]})
    TableResult.objects.create(org=t.org, call=t.calls["m1"], table=table, version=table.versions.get(), engine="t",
                               data={"object_type": "дом"},
                               details={"object_type": {"confidence": 40, "quote": "", "quote_start": None}})
    return t


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with chromium_page() as opened:
        yield opened.page
    # no CSP violations, no script errors (a missing favicon is no concern here)
    errors = [m for m in opened.console if m.startswith(("error:", "pageerror:"))]
    assert not [e for e in errors if "Failed to load resource" not in e], errors


def test_a_rop_reviews_from_the_queue_and_the_score_and_outbox_follow(
        reviewed_tenant: Tenant, live_server: Any, browser_page: Any) -> None:
    page, base, t = browser_page, live_server.url, reviewed_tenant
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", t.users["rop"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.click("header >> text=Проверка")
    rows = page.locator("#review-queue tbody tr")
    assert rows.count() == 2
    assert rows.first.get_attribute("data-call") == t.calls["m1"].call_id  # 10 % is the least sure
    page.screenshot(path=str(ARTIFACTS / "review-01-queue.png"), full_page=True)
    rows.first.locator("a").first.click()

    stage = page.locator("#stage-URC_S_2")
    stage.locator("summary").click()
    stage.locator("select[name=status]").select_option("completed")
    stage.locator("input[name=comment]").fill("Про бюджет спросил в конце звонка")
    stage.locator("button[type=submit]").click()
    page.wait_for_selector("text=Вердикт сохранён: оценка 100%")
    assert "Продажа квартиры — 100%" in page.locator(".result h3").first.inner_text()
    mark = page.locator("#stage-URC_S_2 .reviewed-mark").inner_text()
    assert "Проверено" in mark and t.users["rop"].username in mark and "не выполнен" in mark
    assert page.locator("[data-stage=URC_S_2]").get_by_text("Про бюджет спросил в конце звонка").count() == 1

    field = page.locator("#field-object_type")
    field.locator("summary").click()
    field.locator("select[name=value]").select_option("квартира")
    field.locator("button[type=submit]").click()
    page.wait_for_selector("text=Значение поля object_type сохранено")
    assert "значение системы: дом" in page.locator("#field-object_type .reviewed-mark").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-02-call.png"), full_page=True)

    page.click("header >> text=Вебхуки")
    assert page.locator("#deliveries tbody tr").count() == 1  # the corrected checklist result (the table has no URL)

    page.click("header >> text=Проверка")
    assert page.locator("#review-queue tbody tr").count() == 1  # the reviewed call left the queue


def test_the_editor_shows_and_corrects_how_the_system_understands_a_stage(
        reviewed_tenant: Tenant, live_server: Any, browser_page: Any) -> None:
    page, base, t = browser_page, live_server.url, reviewed_tenant
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", t.users["rop"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/settings/checklists/{t.checklist.pk}/")
    first = page.locator(".stage-form").first
    assert "Как система понимает этап" in first.inner_text()
    assert first.locator("ul.elements li").count() >= 2
    first.locator("select[name=corr_mode]").select_option("any")
    first.locator("input[name=corr_new_label]").fill("вопрос о сроках")
    first.locator("input[name=corr_new_phrase]").fill("когда планируете переезд")
    page.click("#checklist-form button[type=submit]")
    page.wait_for_selector("text=сохранён (версия 3)")
    first = page.locator(".stage-form").first
    assert "Достаточно одного элемента" in first.locator(".understanding-text").inner_text()
    assert "«когда планируете переезд»" in first.locator("ul.elements").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-03-understanding.png"), full_page=True)
