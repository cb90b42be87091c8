"""Ids in UI addresses and filters that are too large for the database, or not numbers, are
"not found" (the styled Russian 404 page), never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern

from rop.ui import urls as ui_urls
from tests.ui.factories import Tenant, login

HUGE = "99999999999999999999"  # 20 digits: past bigint
JUST_PAST = str(2**63)  # 19 digits, one past the largest id


def _id_routes() -> list[str]:
    routes = []
    for pattern in ui_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if "<id:pk>" in route:
            routes.append("/" + route)
    return routes


ID_ROUTES = _id_routes()


def test_every_ui_route_with_an_id_is_covered() -> None:
    assert len(ID_ROUTES) >= 10
    assert "/settings/users/<id:pk>/" in ID_ROUTES


@pytest.mark.parametrize("route", ID_ROUTES)
@pytest.mark.parametrize("bad", [HUGE, JUST_PAST, "-1", "abc"])
def test_out_of_range_id_in_a_ui_address_is_404(client: Client, tenant: Tenant, route: str, bad: str) -> None:
    login(client, tenant.users["admin"])
    client.raise_request_exception = False
    path = route.replace("<id:pk>", bad)
    for method in ("get", "post"):
        resp = getattr(client, method)(path)
        assert resp.status_code == 404, (method, path, resp.status_code)
        assert "Страница не найдена" in resp.content.decode()


@pytest.mark.parametrize("param", ["office", "manager", "checklist", "after", "before", "score_min"])
@pytest.mark.parametrize("page", ["/calls/", "/dashboard/", "/settings/webhooks/"])
def test_out_of_range_number_in_a_filter_is_never_a_server_error(client: Client, tenant: Tenant,
                                                                   page: str, param: str) -> None:
    login(client, tenant.users["admin"])
    client.raise_request_exception = False
    resp = client.get(page, {param: HUGE})
    assert resp.status_code in (200, 404), (page, param, resp.status_code)


def test_huge_manager_id_in_a_user_form_is_never_a_server_error(client: Client, tenant: Tenant) -> None:
    login(client, tenant.users["admin"])
    client.raise_request_exception = False
    rop = tenant.users["rop"]
    resp = client.post(f"/settings/users/{rop.pk}/", {"role": "rop", "manager": HUGE, "is_active": "on"})
    assert resp.status_code in (302, 400, 404), resp.status_code
