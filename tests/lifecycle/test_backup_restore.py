"""`rop backup` while the server runs (SQLite: online backup API; PostgreSQL: pg_dump), then
`rop restore` into a fresh data directory and database: the call, its audio and the API key are
all back. Restoring over a database that has data is refused unless forced."""

from __future__ import annotations

import tarfile
from pathlib import Path

from tests.support.ropenv import rop_env

BOUNDARY = "ropbackupboundary"


def _upload_body(call_id: str, audio: bytes) -> bytes:
    fields = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"call_id\"\r\n\r\n{call_id}\r\n"
              f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"manager_id\"\r\n\r\nm1\r\n"
              f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
              "Content-Type: audio/mpeg\r\n\r\n").encode()
    return fields + audio + f"\r\n--{BOUNDARY}--\r\n".encode()


def test_backup_of_a_running_server_restores_into_a_fresh_install(tmp_path: Path, mp3_bytes: bytes) -> None:
    with rop_env(tmp_path / "a") as first:
        key = first.createkey("Резервная копия")
        server = first.serve(web_workers=1)
        status, _, _ = server.request("POST", "/calls/audio-upload", key=key, data=_upload_body("bk-1", mp3_bytes),
                                      headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
        assert status == 200
        archive = Path(first.run("backup", "--output", str(tmp_path / "backups")).stdout.strip().splitlines()[-1])
        # The server keeps working during and after the backup.
        assert server.request("GET", "/calls/bk-1", key=key)[0] == 200
    assert archive.is_file() and archive.stat().st_mode & 0o077 == 0  # holds the secret key: owner only
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("audio/") and n.endswith(".mp3") for n in names)

    with rop_env(tmp_path / "b") as fresh:
        out = fresh.run("restore", str(archive)).stdout
        assert "Восстановлено" in out and "аудиофайлов 1" in out
        server = fresh.serve(web_workers=1)
        status, _, body = server.request("GET", "/calls/bk-1", key=key)  # the old key works: same database
        assert status == 200 and body["data"]["call_id"] == "bk-1" and body["data"]["status"] == "queued"
        restored_audio = list((fresh.data_dir / "audio").rglob("*.mp3"))
        assert [p.read_bytes() for p in restored_audio] == [mp3_bytes]
        # A second restore over the now non-empty database is refused without --force.
        fresh.stop_all()
        refused = fresh.run("restore", str(archive), check=False)
        assert refused.returncode != 0 and "уже содержит данные" in refused.stderr
        assert fresh.run("restore", "--force", str(archive)).returncode == 0


def test_restore_of_something_else_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all")
    with rop_env(tmp_path / "c") as env:
        result = env.run("restore", str(junk), check=False)
        assert result.returncode != 0 and "не является резервной копией" in result.stderr
        missing = env.run("restore", str(tmp_path / "absent.tar"), check=False)
        assert missing.returncode != 0 and "не найден" in missing.stderr
