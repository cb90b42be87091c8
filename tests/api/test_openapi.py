"""GET /api/v1/openapi.json and /api/v1/docs: the schema is pinned to the customer's document
(parsed at test time), carries its examples, and Swagger UI works offline (assets served locally)."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
from django.test import Client

from tests.api import seeddoc
from tests.support.ropenv import RopEnv

PREFIX = "/api/v1"
# Added by us (contract notes allow additions).
EXTENSIONS = {("GET", "/calls/{call_id}"), ("DELETE", "/calls/{call_id}")}


@pytest.fixture
def schema(client: Client, db: None) -> dict[str, Any]:
    resp = client.get(f"{PREFIX}/openapi.json")
    assert resp.status_code == 200
    body: dict[str, Any] = resp.json()
    return body


def _ops(schema: dict[str, Any]) -> set[tuple[str, str]]:
    return {(m.upper(), p[len(PREFIX):]) for p, item in schema["paths"].items() for m in item}


def _props(node: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = node["schema"]["properties"]
    return props


def _type(prop: dict[str, Any]) -> set[str]:
    if "type" in prop:
        return {prop["type"]}
    return {alt["type"] for alt in prop.get("anyOf", []) if alt.get("type") != "null"}


def test_paths_and_methods_are_exactly_the_documented_ones_plus_extensions(schema: dict[str, Any]) -> None:
    documented = set(seeddoc.endpoints())
    assert documented == {
        ("POST", "/calls/audio-upload"),
        ("POST", "/calls"),
        ("POST", "/settings/offices-update"),
        ("POST", "/settings/managers-update"),
        ("GET", "/tables/call-ready"),
    }
    assert _ops(schema) == documented | EXTENSIONS


@pytest.mark.parametrize("path", ["/calls/audio-upload", "/calls"])
def test_call_intake_fields_and_types_match_the_document(schema: dict[str, Any], path: str) -> None:
    op = schema["paths"][PREFIX + path]["post"]
    content = op["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data", "application/x-www-form-urlencoded"}
    doc_fields = seeddoc.call_fields()
    for ctype in ("application/json", "application/x-www-form-urlencoded"):
        props = _props(content[ctype])
        assert set(props) == set(doc_fields)
        for name, doc_type in doc_fields.items():
            assert _type(props[name]) == {doc_type}, name
        assert set(content[ctype]["schema"]["required"]) == {"call_id", "manager_id", "audio_url"}
    assert set(_props(content["multipart/form-data"])) == set(doc_fields) | {"file"}
    assert content["application/json"]["example"] == seeddoc.curl_json_body()


@pytest.mark.parametrize("path", ["/calls/audio-upload", "/calls"])
def test_call_intake_responses_carry_the_documented_examples(schema: dict[str, Any], path: str) -> None:
    responses = schema["paths"][PREFIX + path]["post"]["responses"]
    for code, body in seeddoc.responses().items():
        example = responses[str(code)]["content"]["application/json"]["example"]
        if code == 200:
            assert example["data"] == seeddoc.curl_json_body()["call_id"]
            body = {**body, "data": example["data"]}
        assert example == body
    assert "429" in responses


@pytest.mark.parametrize("path,key,example", [
    ("/settings/offices-update", "offices", seeddoc.offices_example),
    ("/settings/managers-update", "managers", seeddoc.managers_example),
])
def test_settings_fields_and_examples_match_the_document(schema: dict[str, Any], path: str, key: str,
                                                         example: Any) -> None:
    op = schema["paths"][PREFIX + path]["post"]
    json_body = op["requestBody"]["content"]["application/json"]
    assert json_body["example"] == example()
    props = _props(json_body)
    assert set(props) == {key}
    item_props = props[key]["items"]["properties"]
    params = seeddoc.offices_params() if key == "offices" else seeddoc.managers_params()
    doc_item = params[key][0]
    assert set(item_props) == set(doc_item)
    for name, value in doc_item.items():
        expected = "array" if isinstance(value, list) else "string"
        assert _type(item_props[name]) == {expected}, name


def test_call_ready_parameters_and_example_match_the_document(schema: dict[str, Any]) -> None:
    op = schema["paths"][PREFIX + "/tables/call-ready"]["get"]
    assert [p["name"] for p in op["parameters"]] == seeddoc.call_ready_params()
    ok = op["responses"]["200"]["content"]["application/json"]
    assert ok["example"] == seeddoc.call_ready_response()
    ref = ok["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"ready", "data"} <= set(schema["components"]["schemas"][ref]["properties"])
    assert {"404", "401"} <= set(op["responses"])


def test_all_three_key_forms_are_declared(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"].values()
    assert {"type": "apiKey", "in": "query", "name": "apiKey"} in schemes
    assert {"type": "apiKey", "in": "header", "name": "X-API-Key"} in schemes
    assert {"type": "http", "scheme": "bearer"} in schemes


def test_swagger_ui_assets_are_served_locally(client: Client, db: None) -> None:
    page = client.get(f"{PREFIX}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs)
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), f"external asset {ref}"
        resp = client.get(ref)
        assert resp.status_code == 200, ref
    assert "cdn" not in html.lower()


def test_swagger_ui_renders_the_api_in_a_real_browser_offline(ropenv: RopEnv) -> None:
    """Headless Chromium renders the page; no network exists here but loopback, so it proves offline use."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is required (apt-get install chromium)"
    server = ropenv.serve(web_workers=1)
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--virtual-time-budget=15000", "--dump-dom", f"{server.api}/docs"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    dom = result.stdout
    assert "opblock" in dom, dom[-2000:]  # Swagger UI drew the operations from openapi.json
    for path in (
        "/api/v1/calls/audio-upload",
        "/api/v1/settings/offices-update",
        "/api/v1/tables/call-ready",
    ):
        assert path in dom
