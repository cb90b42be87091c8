"""The document's own examples (curl form, curl JSON, Python, PHP), taken from the seed document at
test time and run against a live `rop serve`, changed only in base URL, key and audio URL."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api import seeddoc
from tests.api.conftest import MSG_QUEUED
from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import LiveServer, RopEnv

pytestmark = seeddoc.skip_marks()  # every test here replays the customer's document


@pytest.fixture(scope="module")
def server(live_env: RopEnv) -> Iterator[LiveServer]:
    yield live_env.serve(web_workers=1)


@pytest.fixture(scope="module")
def source(module_loopback: LoopbackServer, mp3_bytes: bytes) -> str:
    return module_loopback.static("/files/call.mp3", mp3_bytes)


def _run(cmd: list[str], cwd: Path) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=cwd, check=False)
    assert result.returncode == 0, (cmd, result.stdout, result.stderr)
    return result.stdout


def _call(server: LiveServer, key: str, call_id: str) -> dict[str, Any]:
    status, _, body = server.request("GET", f"/calls/{call_id}", key=key)
    assert status == 200, body
    call: dict[str, Any] = body["data"]
    return call


def test_curl_form_example_queues_the_call(
    live_env: RopEnv, server: LiveServer, source: str, tmp_path: Path
) -> None:
    key = live_env.createkey("Пример curl form")
    script = seeddoc.substitute(seeddoc.curl_form(), server=server.base, key=key, audio_url=source)
    out = _run(["bash", "-c", script + " --silent --show-error --write-out '\\n%{http_code}'"], tmp_path)
    body, code = out.rsplit("\n", 1)
    assert code == "200"
    documented = seeddoc.curl_json_body()
    assert json.loads(body) == {"data": documented["call_id"], "error": False, "message": MSG_QUEUED}
    call = _call(server, key, documented["call_id"])
    assert (call["status"], call["audio_url"], call["deal_stage_id"]) == (
        "queued",
        source,
        documented["deal_stage_id"],
    )


def test_curl_json_example_queues_the_call(
    live_env: RopEnv, server: LiveServer, source: str, tmp_path: Path
) -> None:
    key = live_env.createkey("Пример curl JSON")
    script = seeddoc.substitute(seeddoc.curl_json(), server=server.base, key=key, audio_url=source)
    out = _run(["bash", "-c", script + " --silent --show-error --write-out '\\n%{http_code}'"], tmp_path)
    body, code = out.rsplit("\n", 1)
    documented = seeddoc.curl_json_body()
    assert code == "200" and json.loads(body)["data"] == documented["call_id"]
    assert _call(server, key, documented["call_id"])["declared_duration"] == documented["duration"]


def test_curl_json_example_sent_twice_is_409(
    live_env: RopEnv, server: LiveServer, source: str, tmp_path: Path
) -> None:
    key = live_env.createkey("Пример curl дубль")
    script = seeddoc.substitute(seeddoc.curl_json(), server=server.base, key=key, audio_url=source)
    cmd = ["bash", "-c", script + " --silent --write-out '\\n%{http_code}'"]
    assert _run(cmd, tmp_path).endswith("\n200")
    body, code = _run(cmd, tmp_path).rsplit("\n", 1)
    assert code == "409" and json.loads(body) == seeddoc.responses()[409]


def test_python_example_sends_the_call(
    live_env: RopEnv, server: LiveServer, source: str, tmp_path: Path
) -> None:
    key = live_env.createkey("Пример Python")
    code = seeddoc.substitute(seeddoc.python_example(), server=server.base, key=key, audio_url=source)
    (tmp_path / "example.py").write_text(
        code + "\nprint(json.dumps(result, ensure_ascii=False))\n", encoding="utf-8"
    )
    out = _run([sys.executable, "example.py"], tmp_path)
    assert "Звонок успешно отправлен на анализ" in out
    result = json.loads(out.strip().splitlines()[-1])
    assert result["error"] is False and result["message"] == MSG_QUEUED
    assert _call(server, key, result["data"])["audio_url"] == source


def test_php_example_sends_the_call(
    live_env: RopEnv, server: LiveServer, source: str, tmp_path: Path
) -> None:
    key = live_env.createkey("Пример PHP")
    code = seeddoc.substitute(seeddoc.php_example(), server=server.base, key=key, audio_url=source)
    (tmp_path / "example.php").write_text(code, encoding="utf-8")
    out = _run(["php", "example.php"], tmp_path)
    assert "Результат: 200" in out
    assert "[error] =>" in out and MSG_QUEUED in out
    assert _call(server, key, "call_12345")["status"] == "queued"


def test_php_example_class_updates_offices(
    live_env: RopEnv, server: LiveServer, source: str, tmp_path: Path
) -> None:
    """The document's PHP class also has updateOffices(): call it with the document's office example."""
    key = live_env.createkey("Пример PHP офисы")
    code = seeddoc.substitute(seeddoc.php_example(), server=server.base, key=key, audio_url=source)
    cls = code.split("// Использование")[0]
    offices = json.dumps(seeddoc.offices_example()["offices"], ensure_ascii=False)
    script = cls + (
        f"\n$api = new DigitalROPAPI();\n$r = $api->updateOffices(json_decode('{offices}', true));\n"
        "echo json_encode($r, JSON_UNESCAPED_UNICODE);\n?>"
    )
    (tmp_path / "offices.php").write_text(script, encoding="utf-8")
    out = json.loads(_run(["php", "offices.php"], tmp_path))
    assert out["code"] == 200 and out["data"]["data"]["offices"] == 2
