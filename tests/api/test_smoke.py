from __future__ import annotations

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import RopEnv


def test_live_server_accepts_a_call_and_shows_it_queued(ropenv: RopEnv, loopback: LoopbackServer) -> None:
    url = loopback.static("/a.mp3", b"ID3" + b"\0" * 200)
    key = ropenv.createkey("Smoke")
    server = ropenv.serve()
    status, _, body = server.request("POST", "/calls", key=key, json_body={"call_id": "s1", "manager_id": "m", "audio_url": url})
    assert status == 200, body
    assert body == {"data": "s1", "error": False, "message": "Звонок успешно получен и поставлен в очередь на анализ"}
    status, _, body = server.request("GET", "/calls/s1", key=key)
    assert status == 200 and body["data"]["status"] == "queued"


def test_client_posts_call_json(client, api_key, loopback: LoopbackServer) -> None:  # type: ignore[no-untyped-def]
    url = loopback.static("/b.mp3", b"ID3" + b"\0" * 200)
    resp = client.post(f"/api/v1/calls?apiKey={api_key}", {"call_id": "x", "manager_id": "m", "audio_url": url},
                       content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["data"] == "x"
