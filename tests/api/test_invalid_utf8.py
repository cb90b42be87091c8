"""Bytes that are not UTF-8 in any field (urlencoded body, multipart part, query string) are a 400 with
a Russian message in the envelope, never silently replaced with U+FFFD: otherwise %ff%fe and %fe%ff
would both be the call id «��» and collide."""

from __future__ import annotations

import pytest
from django.test import Client

from rop.calls.models import Call
from rop.org.models import Manager
from rop.tenants.models import Organisation
from tests.api.conftest import envelope_error

MSG = "Запрос содержит текст не в кодировке UTF-8"
FORM = "application/x-www-form-urlencoded"


def _multipart(fields: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "rop-utf8-boundary"
    parts = [
        b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\""
        + name.encode()
        + b"\"\r\n\r\n" + value + b"\r\n"
        for name, value in fields.items()
    ]
    body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("path", ["/calls", "/calls/audio-upload"])
def test_urlencoded_call_id_with_invalid_utf8_is_400_and_stores_nothing(
    client: Client, api_key: str, org: Organisation, audio_url: str, path: str
) -> None:
    body = f"call_id=%ff%fe&manager_id=m-utf8&audio_url={audio_url}".encode()
    resp = client.post(f"/api/v1{path}?apiKey={api_key}", body, content_type=FORM)
    assert resp.status_code == 400
    assert envelope_error(resp) == MSG
    assert not Call.objects.filter(org=org).exists()
    assert not Manager.objects.filter(org=org, manager_id="m-utf8").exists()


def test_two_different_invalid_ids_do_not_collide(client: Client, api_key: str, org: Organisation,
                                                   audio_url: str) -> None:
    answers = [
        client.post(f"/api/v1/calls?apiKey={api_key}", f"call_id={cid}&manager_id=m&audio_url={audio_url}",
                    content_type=FORM).status_code
        for cid in ("%ff%fe", "%fe%ff")
    ]
    assert answers == [400, 400]


def test_valid_cyrillic_urlencoded_call_id_is_accepted(client: Client, api_key: str, org: Organisation,
                                                        audio_url: str) -> None:
    body = f"call_id=%D0%B7%D0%B2%D0%BE%D0%BD%D0%BE%D0%BA+1&manager_id=m&audio_url={audio_url}"
    resp = client.post(f"/api/v1/calls?apiKey={api_key}", body, content_type=FORM)
    assert resp.status_code == 200, resp.content
    assert Call.objects.filter(org=org, call_id="звонок 1").exists()


def test_multipart_field_with_invalid_utf8_is_400(client: Client, api_key: str, org: Organisation,
                                                  audio_url: str) -> None:
    raw, ctype = _multipart({"call_id": b"\xff\xfe", "manager_id": b"m", "audio_url": audio_url.encode()})
    resp = client.post(f"/api/v1/calls/audio-upload?apiKey={api_key}", raw, content_type=ctype)
    assert resp.status_code == 400
    assert envelope_error(resp) == MSG
    assert not Call.objects.filter(org=org).exists()


def test_query_parameter_with_invalid_utf8_is_400(client: Client, api_key: str, org: Organisation,
                                                 audio_url: str) -> None:
    resp = client.post(f"/api/v1/calls?apiKey={api_key}&call_id=%ff%fe",
                       {"manager_id": "m", "audio_url": audio_url}, content_type="application/json")
    assert resp.status_code == 400 and envelope_error(resp) == MSG
    resp = client.get(f"/api/v1/tables/call-ready?apiKey={api_key}&tab=T&call=%ff%fe")
    assert resp.status_code == 400 and envelope_error(resp) == MSG
    resp = client.get(f"/api/v1/calls/c1?apiKey={api_key}&x=%c3")
    assert resp.status_code == 400 and envelope_error(resp) == MSG


@pytest.mark.parametrize("path", ["/settings/managers-update", "/settings/offices-update"])
def test_settings_form_with_invalid_utf8_is_400(client: Client, api_key: str, org: Organisation,
                                                path: str) -> None:
    body = "managers=%5B%7B%22manager_id%22%3A%22%ff%22%7D%5D&offices=%5B%5D"
    resp = client.post(f"/api/v1{path}?apiKey={api_key}", body, content_type=FORM)
    assert resp.status_code == 400 and envelope_error(resp) == MSG
    assert not Manager.objects.filter(org=org).exists()
