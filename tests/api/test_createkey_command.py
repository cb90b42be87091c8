"""`rop createkey`: creates the organisation if new, prints the key alone on the last line, once."""

from __future__ import annotations

import re

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import RopEnv


def test_createkey_prints_a_working_key_alone_on_the_last_line(ropenv: RopEnv) -> None:
    result = ropenv.run("createkey", "--org", "ООО Ромашка", "--name", "CRM")
    lines = result.stdout.rstrip("\n").splitlines()
    key = lines[-1]
    assert re.fullmatch(r"rop_[A-Za-z0-9_-]{32}", key), lines
    assert key not in "\n".join(lines[:-1])  # shown once
    assert "ООО Ромашка" in result.stdout
    server = ropenv.serve(web_workers=1)
    status, _, body = server.request("GET", "/calls/none", key=key)
    assert status == 404 and body["message"] == "Звонок не найден"  # authenticated


def test_second_key_for_the_same_organisation_sees_the_same_data(
    ropenv: RopEnv, loopback: LoopbackServer
) -> None:
    first = ropenv.createkey("Одна организация")
    second = ropenv.createkey("Одна организация")
    assert first != second
    server = ropenv.serve(web_workers=1)
    url = loopback.static("/a.mp3", b"ID3" + b"\0" * 100)
    assert server.request("POST", "/calls", key=first, json_body={"call_id": "k1", "manager_id": "m",
                                                                  "audio_url": url})[0] == 200
    assert server.request("GET", "/calls/k1", key=second)[0] == 200


def test_createkey_without_org_fails_with_a_message(ropenv: RopEnv) -> None:
    result = ropenv.run("createkey", "--org", "   ", check=False)
    assert result.returncode != 0
    assert "пуст" in result.stderr


def test_if_no_keys_creates_the_first_key_only(ropenv: RopEnv) -> None:
    first = ropenv.run("createkey", "--org", "Первая", "--if-no-keys").stdout.strip().splitlines()[-1]
    assert first.startswith("rop_")
    again = ropenv.run("createkey", "--org", "Первая", "--if-no-keys").stdout
    assert "rop_" not in again and "already exists" in again
