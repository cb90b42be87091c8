"""`rop serve` end to end: a call posted to the API is fetched and finished by the embedded worker."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import LiveServer, RopEnv

REPO = Path(__file__).resolve().parents[2]


def _wav(tmp_path: Path) -> bytes:
    path = tmp_path / "tone.wav"
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "2", str(path), "synth", "1", "sine", "440"], check=True)
    return path.read_bytes()


def _post(server: LiveServer, key: str, call_id: str, url: str) -> None:
    status, _, body = server.request("POST", "/calls", key=key,
                                     json_body={"call_id": call_id, "manager_id": "m1", "audio_url": url})
    assert status == 200, body


def test_posted_call_is_downloaded_and_finished_by_the_embedded_worker(
    ropenv: RopEnv, loopback: LoopbackServer, tmp_path: Path
) -> None:
    env = {"PYTHONPATH": str(REPO), "ROP_TEST_STAGES": "tests.pipeline.fake_later_stages",
           "ROP_WORKER_POLL_SECONDS": "0.1"}
    server = ropenv.serve(workers=1, web_workers=1, env=env)
    key = ropenv.createkey("Сквозной тест")
    good = loopback.static("/rec/good.wav", _wav(tmp_path), content_type="audio/wav")
    _post(server, key, "good", good)
    _post(server, key, "missing", loopback.url("/rec/missing.mp3"))

    done = server.wait_for("good", key, timeout=60)
    assert done["status"] == "done"
    assert any(r.method == "GET" and "range" not in r.headers and r.path == "/rec/good.wav"
               for r in loopback.requests)  # the full download, after the intake probe

    failed = server.wait_for("missing", key, timeout=60)
    assert failed["status"] == "failed"
    assert failed["failure_reason"] == "Файл не найден по ссылке audio_url (HTTP 404)"


@pytest.mark.slow
def test_posted_call_goes_through_the_real_stages(ropenv: RopEnv, loopback: LoopbackServer) -> None:
    from tests.support.speech import Turn, build_dialogue

    dialogue = build_dialogue([
        Turn("manager", "Агентство недвижимости, здравствуйте, меня зовут Анна."),
        Turn("client", "Добрый день, я звоню по поводу квартиры."),
    ], stereo=True, name="serve-e2e")
    server = ropenv.serve(workers=1, web_workers=1, env={"ROP_WORKER_POLL_SECONDS": "0.1"})
    key = ropenv.createkey("Сквозной тест")
    _post(server, key, "real", loopback.static("/rec/real.mp3", dialogue.path.read_bytes()))
    done = server.wait_for("real", key, timeout=300)
    assert done["status"] == "done", done
    assert done["channels"] == 2 and done["duration"] > 2
    text = " ".join(seg["text"] for seg in done["transcript"]).lower()
    assert "квартир" in text or "здравствуйте" in text, done["transcript"]
