"""Transcript search by word form: lemmas indexed on SQLite and PostgreSQL, phrases, snippets, marks."""

from __future__ import annotations

from django.test import Client

from rop.asr.models import Segment
from rop.asr.search import highlight, parse_query, snippet
from tests.ui.factories import Tenant, add_call


def _ids(client: Client, query: str) -> set[str]:
    body = client.get("/calls/", {"q": query}).content.decode()
    return {cid for cid in ("org-call-m1", "org-call-m2", "org-call-m3", "org-call-meet") if cid in body}


def _meeting_call(tenant: Tenant) -> None:
    add_call(tenant.org, "org-call-meet", tenant.managers["m3"], segments=[
        (0.0, 3.0, "manager", "Давайте назначим встречу на завтра в офисе."),
        (3.5, 6.0, "client", "Хорошо, ипотеку тоже обсудим."),
    ])


def test_a_query_word_finds_other_forms_of_it(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    _meeting_call(tenant)
    assert _ids(client, "встреча") == {"org-call-meet"}  # the call says «встречу»
    assert _ids(client, "ипотека") == {"org-call-meet"}
    assert _ids(client, "встречи назначить") == {"org-call-meet"}  # every word, any order
    assert _ids(client, "квартиры") == {"org-call-m1"}  # «квартира»
    assert _ids(client, "бюджета") == {"org-call-m2"}


def test_words_must_share_a_segment_and_phrases_keep_their_order(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    _meeting_call(tenant)
    assert _ids(client, "встреча ипотека") == set()  # said in different segments
    assert _ids(client, '"назначить встречу"') == {"org-call-meet"}
    assert _ids(client, '"назначим встречи" завтра') == {"org-call-meet"}
    assert _ids(client, '"встречу назначим"') == set()  # a phrase is matched in its order
    assert _ids(client, '"назначим завтра"') == set()  # …and without gaps
    assert _ids(client, 'встреч"') == {"org-call-meet"}  # an unbalanced quote: plain words


def test_list_shows_a_snippet_with_the_matches_marked(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    _meeting_call(tenant)
    body = client.get("/calls/", {"q": "встреча"}).content.decode()
    assert "назначим <mark>встречу</mark> на завтра" in body
    call = Segment.objects.filter(text__startswith="Давайте").get().call
    assert f'href="/calls/{call.pk}/?q=%D0%B2%D1%81%D1%82%D1%80%D0%B5%D1%87%D0%B0"' in body


def test_call_page_marks_the_searched_words(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    call = tenant.calls["m1"]
    body = client.get(f"/calls/{call.pk}/", {"q": "квартиры"}).content.decode()
    assert "двухкомнатная <mark>квартира</mark>." in body
    assert "<mark>" not in client.get(f"/calls/{call.pk}/").content.decode()


def test_snippet_is_cut_around_the_first_match_and_escaped() -> None:
    text = "Начало разговора. " * 10 + "Клиент спросил про <скидку> на квартиру. " + "Конец разговора. " * 10
    out = snippet(text, "скидка")
    assert "&lt;<mark>скидку</mark>&gt;" in out
    assert out.startswith("… ") and out.endswith(" …") and len(out) < len(text)
    assert highlight("a < b", "") == "a &lt; b"


def test_query_parsing_limits_words_and_keeps_typed_prefixes() -> None:
    q = parse_query('"Назначить встречу" кварт ' + "слово " * 20)
    assert q.terms[0].lemmas == ("назначить", "встреча")
    assert q.terms[1].prefixes() == ["кварт", "кварта"]  # typed «кварт» also finds «квартира»
    assert sum(len(t.lemmas) for t in q.terms) == 8
