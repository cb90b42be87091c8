"""Under the production server (`rop serve`: waitress + whitenoise) the UI and its vendored assets load."""

from __future__ import annotations

import urllib.request

from tests.support.ropenv import RopEnv


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


def test_login_page_and_vendored_htmx_are_served(ropenv: RopEnv) -> None:
    server = ropenv.serve(workers=0, web_workers=1)
    status, ctype, body = _get(server.base + "/login/")
    assert status == 200 and "text/html" in ctype and "Имя пользователя".encode() in body
    status, ctype, body = _get(server.base + "/static/ui/htmx.min.js")
    assert status == 200 and "javascript" in ctype and body.startswith(b"var htmx=")
    status, _, body = _get(server.base + "/static/ui/app.css")
    assert status == 200 and b".quote" in body
    with urllib.request.urlopen(server.base + "/calls/", timeout=10) as resp:  # redirected to log in
        assert resp.url == server.base + "/login/?next=/calls/"
