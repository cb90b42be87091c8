"""The UI runs under its Content-Security-Policy with no violation: a real Chromium (Playwright)
walks the main pages as an administrator, uses the htmx and script-driven controls, and the
console shows no CSP report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import chromium_page
from tests.ui.factories import PASSWORD, Tenant, make_tenant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def live_tenant(transactional_db: Any, settings: Any, wav_file: Path) -> Tenant:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_tenant("Альфа Недвижимость", audio=wav_file)


@pytest.fixture
def page_and_console() -> Iterator[tuple[Any, list[str]]]:
    with chromium_page(viewport={"width": 1280, "height": 720}) as opened:
        yield opened.page, opened.console


def _csp_reports(console: list[str]) -> list[str]:
    return [m for m in console if "Content Security Policy" in m or "Refused to" in m or "pageerror" in m]


def test_main_pages_have_no_csp_violations(live_tenant: Tenant, live_server: Any,
                                           page_and_console: tuple[Any, list[str]]) -> None:
    page, console = page_and_console
    base, t = live_server.url, live_tenant
    call_pk, checklist_pk = t.calls["m1"].pk, t.checklist.pk
    response = page.goto(f"{base}/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=username]", t.users["admin"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/calls/")
    for path in ["/calls/", f"/calls/{call_pk}/", "/dashboard/", "/settings/checklists/",
                 f"/settings/checklists/{checklist_pk}/", "/settings/tables/", "/settings/tables/new",
                 "/settings/org/", "/settings/organisation/", "/settings/webhooks/", "/settings/keys/",
                 "/settings/users/", "/settings/audit/"]:
        resp = page.goto(base + path)
        assert resp.status == 200, path
        page.wait_for_load_state("load")
    # htmx and the former inline handlers still work under the policy.
    page.goto(f"{base}/settings/checklists/new")
    before = page.locator(".stage-form").count()
    page.click("text=Добавить этап")
    page.locator(".stage-form").nth(before).wait_for()  # no string evaluation: the CSP forbids eval
    page.locator(".stage-form [data-remove-closest]").last.click()
    assert page.locator(".stage-form").count() == before
    page.goto(f"{base}/settings/keys/")
    page.fill("input[name=name]", "CRM")
    page.click("text=Создать ключ")
    page.wait_for_selector("#new-key-value")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("text=Отозвать")
    assert dialogs and "Отозвать ключ" in dialogs[0]
    assert page.locator("text=Отозвать").count() >= 1  # dismissed: the key is still active
    assert _csp_reports(console) == [], console
