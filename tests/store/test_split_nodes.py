"""Scale-out, black box: a web node with no workers, a download/decode worker and a speech/analysis
worker, each with its own ROP_DATA_DIR, sharing only PostgreSQL and an S3-compatible store."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import RopEnv
from tests.support.s3srv import s3_server

AUDIO_SUFFIXES = {".mp3", ".wav", ".ogg", ".pcm", ".part", ".raw"}


def multipart(fields: dict[str, str], file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: audio/mpeg\r\n\r\n".encode() + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def audio_files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and (p.suffix in AUDIO_SUFFIXES or p.name.startswith(
        ("upload-", "fetch-", "store-")))]


@pytest.mark.slow
@pytest.mark.postgres_only
def test_calls_flow_through_split_stage_workers_with_separate_data_dirs(
    ropenv: RopEnv, loopback: LoopbackServer, tmp_path: Path
) -> None:
    from tests.support.speech import Turn, build_dialogue

    dialogue = build_dialogue([
        Turn("manager", "Здравствуйте, меня зовут Анна, компания Северный город."),
        Turn("client", "Добрый день, я по поводу двухкомнатной квартиры."),
        Turn("manager", "Хорошо, давайте встретимся в офисе в субботу."),
    ], stereo=True, name="split-nodes")
    audio = dialogue.path.read_bytes()
    with s3_server(tmp_path / "moto") as s3:
        s3.create_bucket("rop-audio")
        store_env = {**s3.env, "ROP_STORE_URL": "s3://rop-audio/calls", "ROP_WORKER_POLL_SECONDS": "0.1"}
        ropenv.env.update(store_env)
        key = ropenv.createkey("Распределённая организация")
        server = ropenv.serve(workers=0, web_workers=1)
        nodes = {name: tmp_path / f"node-{name}" for name in ("a", "b")}
        ropenv.spawn("worker", "--stages", "fetch,audio", log_name="worker-a",
                     env={"ROP_DATA_DIR": str(nodes["a"])})
        ropenv.spawn("worker", "--stages", "asr,analysis", "--no-deliveries", log_name="worker-b",
                     env={"ROP_DATA_DIR": str(nodes["b"])})

        ids = [f"split-{i}" for i in range(8)]
        for i, call_id in enumerate(ids):
            if i % 2:
                url = loopback.static(f"/rec/{call_id}.mp3", audio)
                status, _, body = server.request("POST", "/calls", key=key, json_body={
                    "call_id": call_id, "manager_id": "mgr_1", "audio_url": url})
            else:
                data, ctype = multipart({"call_id": call_id, "manager_id": "mgr_1"}, f"{call_id}.mp3", audio)
                status, _, body = server.request("POST", "/calls/audio-upload", key=key, data=data,
                                                 headers={"Content-Type": ctype})
            assert status == 200, body

        for call_id in ids:
            done = server.wait_for(call_id, key, timeout=900)
            assert done["status"] == "done", done
            assert {seg["speaker"] for seg in done["transcript"]} == {"manager", "client"}, done["transcript"]

        originals = [k for k in s3.keys("rop-audio") if k.startswith("calls/")]
        assert len(originals) == 8, originals
        assert audio_files_under(ropenv.data_dir) == []  # the web node keeps no audio
        assert not (ropenv.data_dir / "audio").exists()
        # Worker A ran no ASR: it kept no decoded audio for it.
        assert audio_files_under(nodes["a"]) == []
        logs = ropenv.logs()
        assert "stages: fetch,audio" in logs and "stages: asr,analysis" in logs
