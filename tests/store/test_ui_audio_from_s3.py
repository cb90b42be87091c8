"""The UI audio player's endpoint streams from the S3 store with Range (nothing lands on local disk)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from rop.store import get_store
from tests.support.s3srv import S3Server
from tests.ui.factories import make_tenant

pytestmark = pytest.mark.django_db


def _body(resp: Any) -> bytes:
    return b"".join(resp.streaming_content)


def test_range_request_streams_the_exact_bytes_from_the_bucket(
    client: Client, s3_env: S3Server, tmp_path: Path, settings: Any
) -> None:
    from tests.ui.conftest import write_wav

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tenant = make_tenant("Альфа S3")
    wav = write_wav(tmp_path / "call.wav")
    data = wav.read_bytes()
    call = tenant.calls["m1"]
    upload = tmp_path / "upload.wav"
    shutil.copyfile(wav, upload)
    get_store().put_file(upload, f"{call.org_id}/ui.wav")
    call.audio_path = f"{call.org_id}/ui.wav"
    call.save(update_fields=["audio_path"])
    client.force_login(tenant.users["rop"])

    resp = client.get(f"/calls/{call.pk}/audio", HTTP_RANGE="bytes=100-70099")
    assert resp.status_code == 206
    assert resp["Content-Type"] == "audio/wav"
    assert resp["Content-Range"] == f"bytes 100-70099/{len(data)}"
    assert _body(resp) == data[100:70100]
    whole = client.get(f"/calls/{call.pk}/audio")
    assert whole.status_code == 200 and _body(whole) == data


def test_audio_missing_from_the_bucket_is_404(client: Client, s3_env: S3Server, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tenant = make_tenant("Бета S3")
    call = tenant.calls["m1"]
    call.audio_path = f"{call.org_id}/gone.wav"
    call.save(update_fields=["audio_path"])
    client.force_login(tenant.users["rop"])
    assert client.get(f"/calls/{call.pk}/audio").status_code == 404
