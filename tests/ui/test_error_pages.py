"""Error pages are styled, in Russian, with a way back; no filter value or id of any kind gives a 500."""

from __future__ import annotations

import base64

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from tests.ui.factories import PASSWORD, Tenant


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


# A URL conf with a view that fails, and the project's handlers (read from the root URL conf).
urlpatterns = [path("boom/", _boom), path("", include("rop.urls"))]
handler400 = "rop.ui.views.errors.bad_request"
handler403 = "rop.ui.views.errors.permission_denied"
handler404 = "rop.ui.views.errors.page_not_found"
handler500 = "rop.ui.views.errors.server_error"

ENGLISH = ("Server Error", "Not Found", "Forbidden", "Bad Request", "CSRF verification failed")


def _is_russian_page(body: str) -> bool:
    return 'id="error-page"' in body and "На главную" in body and not any(e in body for e in ENGLISH)


def test_unknown_page_is_a_russian_404_with_navigation(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.get("/no-such-page/")
    body = resp.content.decode()
    assert resp.status_code == 404 and _is_russian_page(body)
    assert "Страница не найдена" in body and 'class="top"' in body  # the user keeps the menu


def test_anonymous_404_is_russian_too(client: Client, db: None) -> None:
    resp = client.get("/calls/123456/nothing")
    assert resp.status_code == 404 and _is_russian_page(resp.content.decode())


def test_forbidden_page_is_russian_with_a_way_back(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["manager"])
    resp = client.get("/settings/keys/", HTTP_REFERER="/calls/")
    body = resp.content.decode()
    assert resp.status_code == 403 and _is_russian_page(body)
    assert "Недостаточно прав" in body and 'href="/calls/">← Назад' in body


def test_server_error_is_a_russian_page(tenant: Tenant, settings: object) -> None:
    settings.ROOT_URLCONF = __name__  # type: ignore[attr-defined]
    client = Client(raise_request_exception=False)
    client.force_login(tenant.users["rop"])
    resp = client.get("/boom/")
    body = resp.content.decode()
    assert resp.status_code == 500 and _is_russian_page(body) and "Что-то пошло не так" in body


def test_api_errors_stay_json(client: Client, db: None, settings: object) -> None:
    settings.ROOT_URLCONF = __name__  # type: ignore[attr-defined]
    resp = client.get("/api/v1/no-such-endpoint")
    assert resp["Content-Type"].startswith("application/json") and resp.json()["error"] is True


def test_csrf_failure_is_russian(tenant: Tenant) -> None:
    client = Client(enforce_csrf_checks=True)
    resp = client.post("/login/", {"username": tenant.users["rop"].username, "password": PASSWORD})
    body = resp.content.decode()
    assert resp.status_code == 403 and _is_russian_page(body) and "Обновите страницу" in body


HUGE = "9" * 30
BAD_VALUES = [
    "abc",
    "-1",
    "0",
    HUGE,
    "9223372036854775808",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "x" * 3000,
    "'; DROP TABLE x; --",
]
LIST_PARAMS = [
    "office",
    "manager",
    "date_from",
    "date_to",
    "checklist",
    "score_min",
    "score_max",
    "status",
    "failed_stage",
    "q",
    "stage",
    "verdict",
    "reason",
    "after",
    "before",
]
DASH_PARAMS = ["date_from", "date_to", "cmp_from", "cmp_to", "office", "checklist"]


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("role", ["rop", "manager"])
def test_no_filter_value_gives_a_500(client: Client, tenant: Tenant, other: Tenant, role: str) -> None:
    client.force_login(tenant.users[role])
    office = other.org.offices.first()
    assert office is not None
    foreign = {"office": office.pk, "manager": other.managers["m1"].pk, "checklist": other.checklist.pk}
    mpk = tenant.managers["m1"].pk
    pages = {"/calls/": LIST_PARAMS, "/dashboard/": DASH_PARAMS, f"/dashboard/managers/{mpk}/": DASH_PARAMS}
    cursors = [_cursor(f"2026-01-01T00:00:00|{HUGE}"), _cursor("2026-01-01T00:00:00|1"), _cursor("x|y")]
    for url, params in pages.items():
        for name in params:
            values = [
                *BAD_VALUES,
                *([str(foreign[name])] if name in foreign else []),
                *(cursors if name in ("after", "before") else []),
            ]
            for value in values:
                resp = client.get(url, {name: value})
                assert resp.status_code in (200, 404), (url, name, value, resp.status_code)
                assert "Server Error" not in resp.content.decode()


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/calls/{}/", "call"),
        ("/calls/{}/audio", "call"),
        ("/dashboard/managers/{}/", "manager"),
        ("/jobs/{}/", ""),
        ("/settings/checklists/{}/", "checklist"),
        ("/settings/tables/{}/", ""),
    ],
)
def test_huge_or_foreign_ids_in_paths_are_404(
    client: Client, tenant: Tenant, other: Tenant, url: str, kind: str
) -> None:
    client.force_login(tenant.users["admin"])
    foreign = {
        "call": other.calls["m1"].pk,
        "manager": other.managers["m1"].pk,
        "checklist": other.checklist.pk,
    }
    for pk in (HUGE, "9223372036854775807", *([str(foreign[kind])] if kind else [])):
        resp = client.get(url.format(pk))
        assert resp.status_code == 404, (url, pk)
        assert _is_russian_page(resp.content.decode())


def test_foreign_office_on_the_dashboard_is_a_russian_notice(
    client: Client, tenant: Tenant, other: Tenant
) -> None:
    client.force_login(tenant.users["rop"])
    office = other.org.offices.first()
    assert office is not None
    resp = client.get("/dashboard/", {"office": office.pk})
    assert resp.status_code == 200 and "Офис не найден" in resp.content.decode()
