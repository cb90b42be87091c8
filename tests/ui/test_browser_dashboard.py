"""In a real browser: dashboard figures lead to their calls, the manager page, the organisation's time
zone and m:ss durations, Russian error pages (issue 10, items 1, 3, 4, 9)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.ui.factories import PASSWORD, Tenant, add_call, add_result
from tests.ui.test_browser_e2e import _shot, browser_page, live_tenant

__all__ = ["browser_page", "live_tenant"]  # fixtures used here

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATE_UTC = datetime(2025, 6, 14, 22, 30, tzinfo=UTC)  # 15.06.2025 01:30 in Moscow


@pytest.fixture
def dash_tenant(live_tenant: Tenant, other_org: Tenant) -> Tenant:
    late = add_call(live_tenant.org, "late-call", live_tenant.managers["m1"], created_at=LATE_UTC)
    late.duration = 218.4
    late.save(update_fields=["duration"])
    add_result(late, live_tenant.checklist, [True, True])
    return live_tenant


@pytest.fixture
def other_org(transactional_db: Any) -> Tenant:
    from tests.ui.factories import make_tenant

    return make_tenant("Бета Девелопмент")


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/calls/")


def _rows(page: Any) -> int:
    return int(page.locator("#calls-table tbody tr:not(:has(td.muted))").count())


def test_dashboard_figures_lead_to_their_calls_and_managers(
    dash_tenant: Tenant, other_org: Tenant, live_server: Any, browser_page: Any
) -> None:
    page, base, t = browser_page, live_server.url, dash_tenant
    ivanov = t.managers["m1"].pk
    _login(page, base, t.users["rop"].username)
    page.click("header >> text=Дашборд")
    page.wait_for_selector("svg.chart >> .legend")
    assert page.locator("#kpi-calls").inner_text() == "3" and page.locator("#kpi-scored").inner_text() == "2"
    assert page.locator("#kpi-failed").inner_text() == "1"
    assert "Файл не является аудио" in page.locator("#failure-reasons").inner_text()
    ticks = page.locator("svg.chart .tick-left").all_text_contents()
    assert ticks and all(x.isdigit() for x in ticks)
    _shot(page, "20-dashboard-checklist")
    page.click("#kpi-scored-link")
    page.wait_for_url("**/calls/?**checklist=*")
    assert _rows(page) == 2
    page.go_back()
    page.click("#kpi-failed-link")
    page.wait_for_url("**status=failed*")
    assert _rows(page) == 1
    page.go_back()
    cell = page.locator("#stage-matrix td a[title]").first
    judged = int(cell.get_attribute("title").split(" из ")[1])
    cell.click()
    page.wait_for_url("**verdict=judged*")
    assert _rows(page) == judged
    page.go_back()
    page.click(f"#managers-table a[href^='/dashboard/managers/{ivanov}/']")
    page.wait_for_selector("#versus")
    assert page.locator("#mgr-calls").inner_text() == "1" and page.locator("#team-avg").inner_text() == "50,0"
    _shot(page, "21-manager-page")
    page.locator("#versus tr[data-stage=URC_S_2] a").click()
    page.wait_for_url("**stage=URC_S_2*")
    assert _rows(page) == 1

    # A manager sees their own page; another manager's page is a Russian 404 with a way back.
    _login(page, base, t.users["manager"].username)
    page.goto(f"{base}/dashboard/")
    page.click("#own-page")
    page.wait_for_selector("#versus")
    resp = page.goto(f"{base}/dashboard/managers/{t.managers['m2'].pk}/")
    assert resp.status == 404 and "Страница не найдена" in page.inner_text("#error-page")
    page.click("#error-page >> text=На главную")
    page.wait_for_url(f"{base}/calls/")


@pytest.fixture
def foreign_office(other_org: Tenant) -> int:
    office = other_org.org.offices.first()
    assert office is not None
    return int(office.pk)


def test_time_zone_durations_and_error_pages(
    dash_tenant: Tenant, foreign_office: int, live_server: Any, browser_page: Any
) -> None:
    page, base, t = browser_page, live_server.url, dash_tenant
    office_pk = foreign_office
    _login(page, base, t.users["admin"].username)
    page.goto(f"{base}/calls/?date_from=2025-06-15&date_to=2025-06-15")
    row = page.locator("#calls-table tbody tr").first.inner_text()
    assert "15.06.2025 01:30" in row and "3:38" in row
    page.click("#calls-table >> text=late-call")
    page.wait_for_selector("#call-duration")
    assert page.inner_text("#call-duration") == "3:38" and "2 из 2 этапов" in page.inner_text("main")
    _shot(page, "22-call-local-time")

    page.goto(f"{base}/settings/organisation/")
    page.select_option("#org-time-zone", "UTC")
    page.click("#org-form button[type=submit]")
    page.wait_for_selector("text=Настройки организации сохранены")
    page.goto(f"{base}/calls/?date_from=2025-06-14&date_to=2025-06-14")
    assert "14.06.2025 22:30" in page.locator("#calls-table").inner_text()

    resp = page.goto(f"{base}/dashboard/?office={office_pk}&date_from=когда-то&checklist=99999999999999999999")
    assert resp.status == 200
    notice = page.inner_text("#dash-errors")
    assert "Офис не найден" in notice and "ожидается дата" in notice
    for url in (f"/calls/{'9' * 25}/", f"/calls/{t.calls['m1'].pk + 10_000}/", "/nowhere/"):
        resp = page.goto(base + url)
        assert resp.status == 404 and "Страница не найдена" in page.inner_text("#error-page"), url
    _shot(page, "23-error-404")
    page.context.clear_cookies()
    resp = page.goto(f"{base}/no-such-page/")
    assert resp.status == 404 and "На главную" in page.inner_text("#error-page")
