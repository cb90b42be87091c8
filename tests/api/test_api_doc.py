"""docs/api.ru.md (our own API document) cannot drift from the code: it names every v1 path and
quotes every MSG_* message word for word, and it never carries the customer's example host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.api import apidoc, seeddoc


def test_doc_names_every_v1_path_with_its_method() -> None:
    doc = apidoc.text()
    routes = apidoc.endpoints()
    assert ("POST", "/calls") in routes and ("GET", "/calls/{call_id}") in routes
    missing = [f"{method} {path}" for method, path in routes if f"{method} {apidoc.PREFIX}{path}" not in doc]
    assert missing == [], "docs/api.ru.md does not document these operations"


def test_doc_quotes_every_message_constant() -> None:
    doc = apidoc.text()
    found = apidoc.messages()
    assert "rop/core/envelope.py:MSG_QUEUED" in found
    missing = {name: message for name, message in found.items() if message not in doc}
    assert missing == {}, "messages the API returns that docs/api.ru.md does not quote"


def test_doc_examples_use_a_placeholder_host_and_key() -> None:
    doc = apidoc.text()
    hosts = set(re.findall(r"https?://([\w.-]+)(?::\d+)?/api/v1", doc))
    assert hosts == {"rop.example.ru"}, hosts
    assert "apiKey=ВАШ_КЛЮЧ" in doc or "apiKey=$ROP_KEY" in doc


def test_without_the_customer_document_its_tests_are_skipped_saying_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(seeddoc, "SEED_DOC", tmp_path / "absent.md")
    assert not seeddoc.available()
    (case,) = seeddoc.params(seeddoc.endpoints, width=2)
    assert [m.kwargs["reason"] for m in case.marks] == [seeddoc.SEED_MISSING]
    assert [m.kwargs["reason"] for m in seeddoc.skip_marks()] == [seeddoc.SEED_MISSING]
    with pytest.raises(pytest.skip.Exception, match="документ заказчика"):
        seeddoc.text()
