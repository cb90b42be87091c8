"""In a real browser (Debian Chromium via Playwright): search by word form with snippets and
marks, keyword trackers (settings, past calls as a job, filter, counts, seek to the moment),
the calls list's total / sorting / retry reason, an XLSX export with sheets and real dates,
and the readable version history."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from rop.analysis import services as an
from rop.analysis.models import TableResult, TableVersion
from rop.calls.models import Call, CallEvent, CallStatus, Stage
from tests.support.browser import wait_js
from tests.ui import test_browser_e2e as e2e
from tests.ui.factories import PASSWORD, Tenant, add_call, make_tenant
from tests.ui.test_browser_e2e import _login, _mp3, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
browser_page = e2e.browser_page  # the same Chromium page fixture


@pytest.fixture
def e10_tenant(transactional_db: Any, settings: Any, tmp_path: Path, ui_job_worker: None
               ) -> tuple[Tenant, list[str]]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ROP_UI_JOBS_INLINE = False  # jobs run on the (test) worker, the page polls
    t = make_tenant("Альфа Недвижимость", audio=_mp3(tmp_path / "call.mp3"))
    Call.objects.filter(pk=t.calls["m2"].pk).update(duration=95.0)
    retrying = add_call(t.org, "org-call-retry", t.managers["m2"], status=CallStatus.DOWNLOADING)
    Call.objects.filter(pk=retrying.pk).update(stage=Stage.FETCH, first_failure_at=timezone.now(), duration=None)
    CallEvent.objects.create(call=retrying, stage="fetch", kind="retry",
                             message="Сервер записи ответил 503. Повторная попытка через 40 с")
    table = an.TABLES.create(t.org, {"name": "Конверсия", "fields": [
        {"key": "budget_range", "label": "Бюджет", "description": "Бюджет клиента"}]})
    TableResult.objects.create(org=t.org, call=t.calls["m1"], table=table, version=TableVersion.objects.get(
        table=table), data={"budget_range": "до 10 млн"}, details={})
    data = an.CHECKLISTS.to_dict(t.checklist)
    data["name"] = "Продажа квартиры (v2)"
    an.CHECKLISTS.update(t.checklist, data)
    return t, [st.name for st in t.checklist.stages.order_by("position")]  # no ORM once the browser runs


def test_search_trackers_list_export_and_history(e10_tenant: tuple[Tenant, list[str]], live_server: Any,
                                                 browser_page: Any) -> None:
    page, base, (t, stage_names) = browser_page, live_server.url, e10_tenant
    m1 = t.calls["m1"]
    _login(page, base, t.users["rop"].username)

    # Item 11: total, the retry reason in the row, sorting by duration.
    assert "Найдено звонков: 4" in page.locator("#calls-total").inner_text()
    retry_row = page.locator("#calls-table tbody tr", has_text="org-call-retry")
    assert "Сервер записи ответил 503" in retry_row.locator(".reason").inner_text()
    page.select_option("select[name=sort]", "duration")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**sort=duration*")
    assert "org-call-m2" in page.locator("#calls-table tbody tr").first.inner_text()
    _shot(page, "e10-01-sorted")

    # Item 8: a word form finds the call, the snippet and the call page mark it.
    page.goto(f"{base}/calls/")
    page.fill("input[name=q]", "квартиры")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**q=*")
    rows = page.locator("#calls-table tbody tr")
    assert rows.count() == 1 and page.locator(".snippet mark").inner_text() == "квартира"
    _shot(page, "e10-02-search")
    page.click(f"text={m1.call_id}")
    page.wait_for_selector("#transcript mark")
    assert page.locator("#transcript mark").first.inner_text() == "квартира"

    # Item 7: a tracker, applied to past calls by a job; filter, count, seek to the moment.
    page.click("header >> text=Трекеры")
    page.fill("input[name=name]", "Район")
    page.fill("textarea[name=phrases]", "приморский район")
    page.select_option("select[name=speaker]", "client")
    page.click("#tracker-form button[type=submit]")
    page.wait_for_selector("text=Трекер «Район» сохранён")
    page.click("button.apply-past")
    page.wait_for_selector(".job[data-status=done]")
    page.reload()
    assert page.locator(".tracker-count").inner_text() == "1"
    _shot(page, "e10-03-trackers")
    page.click(".tracker-count")
    page.wait_for_url("**tracker=*")
    assert page.locator("#calls-table tbody tr").count() == 1
    page.click(f"text={m1.call_id}")
    page.wait_for_selector("#tracker-hits")
    wait_js(page, "document.getElementById('call-audio').readyState >= 1")
    page.click(".tracker-hit")
    wait_js(page, "Math.abs(document.getElementById('call-audio').currentTime - 4.2) < 0.5")
    page.evaluate("document.getElementById('call-audio').pause()")
    _shot(page, "e10-04-call-hits")

    # Item 10: XLSX export: a sheet per checklist / table, verdicts and labelled fields, real dates.
    page.goto(f"{base}/calls/")
    page.click("#export-calls >> text=XLSX")
    link = page.wait_for_selector("#export-calls-job >> text=Скачать")
    with page.expect_download() as dl:
        link.click()
    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert wb.sheetnames[0] == "Звонки" and "Таблица Конверсия" in wb.sheetnames
    checklist_sheet = wb[next(n for n in wb.sheetnames if n.startswith("Чек-лист"))]
    header = [c.value for c in checklist_sheet[1]]
    assert header[-len(stage_names):] == stage_names
    by_call = {r[0]: r for r in checklist_sheet.iter_rows(min_row=2, values_only=True)}
    assert by_call[m1.call_id][-2:] == ("Выполнен", "Не выполнен")
    assert isinstance(by_call[m1.call_id][1], datetime)
    table_rows = list(wb["Таблица Конверсия"].iter_rows(values_only=True))
    assert table_rows[0][-1] == "Бюджет" and table_rows[1][0] == m1.call_id and table_rows[1][-1] == "до 10 млн"
    assert isinstance(wb["Звонки"]["B2"].value, datetime)
    assert abs(wb["Звонки"]["B2"].value - timezone.localtime().replace(tzinfo=None)) < timedelta(days=1)

    # Item 11: the version history says what changed.
    page.goto(f"{base}/settings/checklists/{t.checklist.pk}/")
    page.click("#versions details[data-version='2'] > summary")
    changes = page.locator("#versions details[data-version='2'] .changes").inner_text()
    assert "Название: Продажа квартиры → Продажа квартиры (v2)" in changes
    _shot(page, "e10-05-history")
    assert PASSWORD  # the users' password (used by _login)
