"""The S3 backend against a real S3-compatible HTTP server (moto_server on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rop.store import StoreError, StoreMissing, get_store
from rop.store.s3 import S3Store
from tests.support.s3srv import S3Server, s3_server


def _file(tmp_path: Path, data: bytes, name: str = "src.mp3") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_put_file_uploads_under_the_prefix_and_removes_the_local_file(
    s3_env: S3Server, tmp_path: Path
) -> None:
    src = _file(tmp_path, b"ID3" + bytes(range(256)) * 40)
    get_store().put_file(src, "7/abc.mp3")
    assert not src.exists()
    assert "calls/7/abc.mp3" in s3_env.keys("rop-audio")
    assert get_store().size("7/abc.mp3") == 3 + 256 * 40


def test_iter_range_streams_exactly_the_requested_bytes(s3_env: S3Server, tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000
    get_store().put_file(_file(tmp_path, data), "1/range.wav")
    got = b"".join(get_store().iter_range("1/range.wav", 1000, 70000))
    assert got == data[1000:71000]


def test_local_copy_is_a_temporary_file_removed_after_use(s3_env: S3Server, tmp_path: Path) -> None:
    get_store().put_file(_file(tmp_path, b"hello audio"), "1/copy.ogg")
    with get_store().local_copy("1/copy.ogg") as path:
        assert path.read_bytes() == b"hello audio"
        assert path.suffix == ".ogg"
    assert not path.exists()


def test_missing_key_is_reported_as_missing_not_as_an_outage(s3_env: S3Server) -> None:
    store = get_store()
    assert store.size("1/none.mp3") is None
    assert not store.exists("1/none.mp3")
    with pytest.raises(StoreMissing), store.local_copy("1/none.mp3"):
        pass


def test_delete_removes_the_object(s3_env: S3Server, tmp_path: Path) -> None:
    get_store().put_file(_file(tmp_path, b"x"), "2/del.mp3")
    get_store().delete("2/del.mp3")
    assert "calls/2/del.mp3" not in s3_env.keys("rop-audio")


def test_missing_bucket_fails_the_check_with_a_clear_russian_message(
    s3_env: S3Server, tmp_path: Path
) -> None:
    with pytest.raises(StoreError) as err:
        S3Store("s3://no-such-bucket/x", tmp_path).check()
    assert "no-such-bucket" in err.value.message
    assert "не найдена" in err.value.message


def test_bad_credentials_fail_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with s3_server(tmp_path / "moto", auth=True) as server:
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "wrong")
        with pytest.raises(StoreError) as err:
            S3Store("s3://rop-audio", tmp_path).check()
    assert "отказало в доступе" in err.value.message


def test_unreachable_endpoint_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.ropenv import free_port

    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "a")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "b")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with pytest.raises(StoreError) as err:
        S3Store("s3://rop-audio", tmp_path).check()
    assert "недоступно" in err.value.message
