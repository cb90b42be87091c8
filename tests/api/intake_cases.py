"""Behaviour shared by POST /calls/audio-upload and POST /calls (the contract gives both the same
rules). Each endpoint's test file imports these tests and supplies the `endpoint` fixture."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from django.test import Client

from rop import config
from rop.calls.models import Call, CallStatus
from rop.org.models import Manager
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.api import seeddoc
from tests.api.conftest import (
    MSG_BAD_KEY,
    MSG_DUPLICATE,
    MSG_NOT_AUDIO,
    MSG_QUEUED,
    MSG_TOO_LARGE,
    call_body,
    envelope_error,
)
from tests.support.httpsrv import LoopbackServer, RequestCtx
from tests.support.ropenv import free_port

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def _url(endpoint: str, key: str | None) -> str:
    return f"/api/v1{endpoint}" + (f"?apiKey={key}" if key is not None else "")


def _post_json(client: Client, endpoint: str, key: str | None, body: object) -> Response:
    return client.post(_url(endpoint, key), body, content_type="application/json")


def _tmp_uploads() -> list[Path]:
    return list(config.get().tmp_dir.glob("upload-*"))


# --- success in each body form -------------------------------------------------------------

def test_json_call_is_stored_queued_and_answered_with_documented_envelope(
    client: Client, endpoint: str, api_key: str, org: Organisation, audio_url: str
) -> None:
    body = call_body("c-json", audio_url, deal_id="deal_5678", deal_stage_id="stage_q", duration=900)
    resp = _post_json(client, endpoint, api_key, body)
    assert resp.status_code == 200, resp.content
    documented = seeddoc.responses()[200]
    assert resp.json() == {**documented, "data": "c-json"}
    assert resp.json()["message"] == MSG_QUEUED
    call = Call.objects.get(org=org, call_id="c-json")
    assert call.status == CallStatus.QUEUED
    assert (call.deal_id, call.deal_stage_id, call.declared_duration, call.audio_url) == (
        "deal_5678", "stage_q", 900, audio_url)
    assert call.manager is not None and call.manager.manager_id == "mgr_001"
    assert call.events.filter(kind="received").exists()


def test_multipart_form_call_is_accepted(
    client: Client, endpoint: str, api_key: str, org: Organisation, audio_url: str
) -> None:
    resp = client.post(_url(endpoint, api_key), call_body("c-form", audio_url, duration="120"))
    assert resp.status_code == 200, resp.content
    assert resp.json()["data"] == "c-form"
    assert Call.objects.get(org=org, call_id="c-form").declared_duration == 120


def test_urlencoded_call_is_accepted(
    client: Client, endpoint: str, api_key: str, org: Organisation, audio_url: str
) -> None:
    resp = client.post(_url(endpoint, api_key), urlencode(call_body("c-urlenc", audio_url)),
                       content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 200, resp.content
    assert Call.objects.filter(org=org, call_id="c-urlenc", audio_url=audio_url).exists()


@pytest.mark.parametrize("kind", ["mp3", "wav"])
def test_direct_file_upload_is_stored_and_queued(
    client: Client,
    endpoint: str,
    api_key: str,
    org: Organisation,
    kind: str,
    mp3_bytes: bytes,
    wav_bytes: bytes,
) -> None:
    data = mp3_bytes if kind == "mp3" else wav_bytes
    upload = io.BytesIO(data)
    upload.name = f"call.{kind}"
    resp = client.post(
        _url(endpoint, api_key), {"call_id": f"c-file-{kind}", "manager_id": "m1", "file": upload}
    )
    assert resp.status_code == 200, resp.content
    call = Call.objects.get(org=org, call_id=f"c-file-{kind}")
    assert call.audio_path.endswith("." + kind)
    with get_store().local_copy(call.audio_path) as path:
        assert path.read_bytes() == data
    assert _tmp_uploads() == []


# --- 400: not audio ------------------------------------------------------------------------

def test_uploaded_text_file_is_not_audio_and_leaves_no_temp_file(
    client: Client, endpoint: str, api_key: str, org: Organisation
) -> None:
    upload = io.BytesIO(b"<html><body>not a recording</body></html>")
    upload.name = "call.mp3"
    resp = client.post(_url(endpoint, api_key), {"call_id": "c-txt", "manager_id": "m1", "file": upload})
    assert resp.status_code == 400
    assert resp.json() == seeddoc.responses()[400]
    assert envelope_error(resp) == MSG_NOT_AUDIO
    assert not Call.objects.filter(call_id="c-txt").exists()
    assert _tmp_uploads() == []


@pytest.mark.parametrize("content_type,body", [
    ("text/html", b"<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>"),
    ("text/plain", b"File not found, sorry. Please try again later." * 3),
    ("application/json", b'{"error": "expired link"}'),
])
def test_audio_url_serving_html_or_text_is_not_audio(
    client: Client, endpoint: str, api_key: str, loopback: LoopbackServer, content_type: str, body: bytes
) -> None:
    url = loopback.static("/page", body, content_type=content_type)
    resp = _post_json(client, endpoint, api_key, call_body("c-html", url))
    assert resp.status_code == 400
    assert envelope_error(resp) == MSG_NOT_AUDIO
    assert not Call.objects.filter(call_id="c-html").exists()


def test_probe_reads_only_the_first_bytes_with_a_range_request(
    client: Client, endpoint: str, api_key: str, loopback: LoopbackServer, mp3_bytes: bytes
) -> None:
    url = loopback.static("/probe.mp3", mp3_bytes)
    resp = _post_json(client, endpoint, api_key, call_body("c-range", url))
    assert resp.status_code == 200
    probe = [r for r in loopback.requests if r.path == "/probe.mp3"]
    assert len(probe) == 1 and probe[0].headers.get("range", "").startswith("bytes=0-")


@pytest.mark.parametrize(
    "head", [b"OggS\x00\x02" + b"\x00" * 60, b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 50]
)
def test_audio_url_serving_ogg_or_wav_is_accepted(
    client: Client, endpoint: str, api_key: str, loopback: LoopbackServer, head: bytes
) -> None:
    url = loopback.static("/a", head, content_type="application/octet-stream")
    resp = _post_json(client, endpoint, api_key, call_body("c-ogg-wav", url))
    assert resp.status_code == 200, resp.content


# --- source not reachable now: accepted and queued -----------------------------------------

def test_unreachable_audio_source_is_accepted_and_queued(
    client: Client, endpoint: str, api_key: str, org: Organisation
) -> None:
    url = f"http://127.0.0.1:{free_port()}/gone.mp3"  # nothing listens there
    resp = _post_json(client, endpoint, api_key, call_body("c-down", url))
    assert resp.status_code == 200, resp.content
    assert Call.objects.get(org=org, call_id="c-down").status == CallStatus.QUEUED


def test_audio_source_answering_503_is_accepted_and_queued(
    client: Client, endpoint: str, api_key: str, org: Organisation, loopback: LoopbackServer
) -> None:
    url = loopback.static("/busy.mp3", b"busy", status=503, content_type="text/plain")
    resp = _post_json(client, endpoint, api_key, call_body("c-503", url))
    assert resp.status_code == 200, resp.content
    assert Call.objects.filter(org=org, call_id="c-503").exists()


def test_audio_source_declaring_more_than_100_mb_is_refused(
    client: Client, endpoint: str, api_key: str, loopback: LoopbackServer, mp3_bytes: bytes
) -> None:
    def big(ctx: RequestCtx) -> None:
        ctx.send(206, mp3_bytes[:64], {"Content-Type": "audio/mpeg",
                                       "Content-Range": f"bytes 0-63/{101 * 1024 * 1024}"})

    url = loopback.route("/huge.mp3", big)
    resp = _post_json(client, endpoint, api_key, call_body("c-huge", url))
    assert resp.status_code == 400
    assert envelope_error(resp) == MSG_TOO_LARGE


def test_link_local_audio_url_is_refused_without_connecting(
    client: Client, endpoint: str, api_key: str
) -> None:
    resp = _post_json(client, endpoint, api_key, call_body("c-meta", "http://169.254.169.254/latest/meta-data"))
    assert resp.status_code == 400
    assert "audio_url" in envelope_error(resp)


# --- 400: fields ---------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["call_id", "manager_id", "audio_url"])
def test_missing_required_field_is_named_in_400(
    client: Client, endpoint: str, api_key: str, field: str
) -> None:
    body = call_body("c-missing", "http://127.0.0.1:9/a.mp3")
    del body[field]
    resp = _post_json(client, endpoint, api_key, body)
    assert resp.status_code == 400
    assert envelope_error(resp) == f"Не указано обязательное поле: {field}"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/a.mp3",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "not a url",
        "http://user:pw@127.0.0.1/a.mp3",
    ],
)
def test_non_http_audio_url_is_400(client: Client, endpoint: str, api_key: str, url: str) -> None:
    resp = _post_json(client, endpoint, api_key, call_body("c-url", url))
    assert resp.status_code == 400
    assert "audio_url" in envelope_error(resp) or "URL" in envelope_error(resp)


def test_duration_over_2700_seconds_is_400(
    client: Client, endpoint: str, api_key: str, audio_url: str
) -> None:
    resp = _post_json(client, endpoint, api_key, call_body("c-long", audio_url, duration=2701))
    assert resp.status_code == 400
    assert envelope_error(resp) == "Длительность звонка превышает максимальную (2700 секунд)"


@pytest.mark.parametrize("duration", ["abc", 1.5, True, -1, [1], {"s": 1}, "²"])
def test_duration_that_is_not_whole_seconds_is_400(
    client: Client, endpoint: str, api_key: str, audio_url: str, duration: object
) -> None:
    resp = _post_json(client, endpoint, api_key, call_body("c-dur", audio_url, duration=duration))
    assert resp.status_code == 400
    assert envelope_error(resp) == "Поле duration должно быть целым числом секунд"


def test_call_id_longer_than_255_characters_is_400(
    client: Client, endpoint: str, api_key: str, audio_url: str
) -> None:
    resp = _post_json(client, endpoint, api_key, call_body("x" * 256, audio_url))
    assert resp.status_code == 400
    assert "call_id" in envelope_error(resp)


# --- 401 / 409 -----------------------------------------------------------------------------

@pytest.mark.parametrize("key", [None, "", "wrong-key", "rop_" + "x" * 32])
def test_missing_or_wrong_key_is_401_with_documented_body(
    client: Client, endpoint: str, key: str | None, audio_url: str, db: None
) -> None:
    resp = _post_json(client, endpoint, key, call_body("c-401", audio_url))
    assert resp.status_code == 401
    assert resp.json() == seeddoc.responses()[401]
    assert envelope_error(resp) == MSG_BAD_KEY
    assert not Call.objects.filter(call_id="c-401").exists()


def test_duplicate_call_id_returns_409_and_keeps_the_first_call(
    client: Client, endpoint: str, api_key: str, org: Organisation, audio_url: str
) -> None:
    assert (
        _post_json(client, endpoint, api_key, call_body("c-dup", audio_url, deal_id="first")).status_code
        == 200
    )
    resp = _post_json(client, endpoint, api_key, call_body("c-dup", audio_url, deal_id="second"))
    assert resp.status_code == 409
    assert resp.json() == seeddoc.responses()[409]
    assert envelope_error(resp) == MSG_DUPLICATE
    assert Call.objects.get(org=org, call_id="c-dup").deal_id == "first"


def test_unknown_manager_becomes_a_placeholder(
    client: Client, endpoint: str, api_key: str, org: Organisation, audio_url: str
) -> None:
    body = {**call_body("c-mgr", audio_url), "manager_id": "new_manager_42"}
    assert _post_json(client, endpoint, api_key, body).status_code == 200
    manager = Manager.objects.get(org=org, manager_id="new_manager_42")
    assert manager.is_placeholder and manager.name == ""
