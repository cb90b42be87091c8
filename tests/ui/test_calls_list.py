"""The calls list: filters, transcript search (Cyrillic, case-insensitive), keyset paging."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.test import Client
from django.utils import timezone

from rop.core.timezones import org_tz
from rop.org.models import Office
from tests.ui.factories import Tenant, add_call

if TYPE_CHECKING:
    from pytest_django.fixtures import DjangoAssertNumQueries


def _ids(client: Client, query: str) -> set[str]:
    body = client.get(f"/calls/?{query}").content.decode()
    return {cid for cid in ("org-call-m1", "org-call-m2", "org-call-m3") if cid in body}


def test_filters_by_office_manager_status_score_and_failed_stage(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    office = Office.objects.get(org=tenant.org, office_id="office_1")
    assert _ids(client, f"office={office.pk}") == {"org-call-m1", "org-call-m2"}
    assert _ids(client, f"manager={tenant.managers['m2'].pk}") == {"org-call-m2"}
    assert _ids(client, "status=failed") == {"org-call-m3"}
    assert _ids(client, f"checklist={tenant.checklist.pk}&score_min=50") == {"org-call-m2"}
    assert _ids(client, "score_max=10") == {"org-call-m1"}
    assert _ids(client, "failed_stage=URC_S_2") == {"org-call-m1"}


def test_date_range_filter(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    old = add_call(
        tenant.org, "org-call-old", tenant.managers["m1"], created_at=timezone.now() - timedelta(days=40)
    )
    day = timezone.localtime(old.created_at, org_tz(tenant.org)).date().isoformat()  # the org's calendar day
    body = client.get(f"/calls/?date_from={day}&date_to={day}").content.decode()
    assert old.call_id in body and "org-call-m1" not in body


def test_search_finds_cyrillic_text_in_any_case(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    assert _ids(client, "q=ПРИМОРСКИЙ") == {"org-call-m1"}
    assert _ids(client, "q=бюджет") == {"org-call-m2"}
    assert _ids(client, "q=приморск") == {"org-call-m1"}  # a word prefix
    assert _ids(client, "q=интересует+двухкомнатная") == {"org-call-m1"}  # every word
    assert _ids(client, "q=интересует+бюджет") == set()
    assert _ids(client, "q=%25%22*") == set()  # no words: nothing, and no query syntax error


def test_search_index_follows_inserts_updates_and_deletes(client: Client, tenant: Tenant) -> None:
    from rop.asr.models import Segment

    client.force_login(tenant.users["admin"])
    call = tenant.calls["m3"]
    Segment.objects.bulk_create([Segment(call=call, start=0, end=1, speaker="client", text="Нужна парковка")])
    assert _ids(client, "q=парковка") == {"org-call-m3"}
    Segment.objects.filter(call=call).update(text="Нужна кладовая")
    assert _ids(client, "q=парковка") == set() and _ids(client, "q=кладовая") == {"org-call-m3"}
    Segment.objects.filter(call=call).delete()
    assert _ids(client, "q=кладовая") == set()


def test_bad_filter_values_show_a_russian_error(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    body = client.get("/calls/?score_min=abc&date_from=31.12.2025").content.decode()
    assert "Оценка от: ожидается целое число" in body and "ожидается дата" in body


def test_keyset_paging_walks_every_call_once(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    same_time = timezone.now() - timedelta(days=1)
    for i in range(120):  # many share one timestamp: the id breaks ties
        add_call(
            tenant.org,
            f"p-{i:03d}",
            None,
            created_at=same_time if i % 2 else same_time - timedelta(seconds=i),
        )
    pages: list[list[str]] = []
    prevs: list[str | None] = []
    url = "/calls/?status=done"
    while url:
        ctx = client.get(url).context
        pages.append([row["call"].call_id for row in ctx["rows"]])
        prevs.append(ctx["pg"].prev_cursor)
        nxt = ctx["pg"].next_cursor
        url = f"/calls/?status=done&after={nxt}" if nxt else ""
    assert [len(p) for p in pages] == [50, 50, 22]
    seen = [c for page in pages for c in page if c.startswith("p-")]
    assert len(seen) == len(set(seen)) == 120
    assert prevs[0] is None
    # "← Новее" from page 3 shows page 2 again, in the same order
    back = client.get(f"/calls/?status=done&before={prevs[2]}").context
    assert [row["call"].call_id for row in back["rows"]] == pages[1]


def test_list_query_count_does_not_grow_with_rows(
    client: Client, tenant: Tenant, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(tenant.users["admin"])
    for i in range(60):
        add_call(tenant.org, f"q-{i}", tenant.managers["m1"])
    with django_assert_max_num_queries(14):
        assert client.get("/calls/").status_code == 200


def test_list_scores_read_as_stages_done_of_those_that_applied(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    body = client.get("/calls/").content.decode()
    assert "<b>0%</b> · 1 из 2" in body  # m1: one stage done, one failed (the factory's result)
