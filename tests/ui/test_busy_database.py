"""A page request that cannot get SQLite's write lock in time answers 503 with Retry-After and a
Russian page (a real server process, a real second connection holding the lock), never a 500; the
same request succeeds once the lock is released."""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.support.ropenv import RopEnv

PASSWORD = "very-secret-pass"


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def _post_login(opener: urllib.request.OpenerDirector, base: str) -> tuple[int, dict[str, str], str]:
    page = opener.open(base + "/login/", timeout=30).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, page[:500]
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "username": "boss",
                                   "password": PASSWORD, "next": "/calls/"}).encode()
    req = urllib.request.Request(base + "/login/", data=form, method="POST", headers={"Referer": base + "/login/"})
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
def test_page_write_without_the_lock_is_a_russian_503_with_retry_after(ropenv: RopEnv) -> None:
    ropenv.run("createadmin", "--org", "Гамма", "--username", "boss", "--password", PASSWORD)
    server = ropenv.serve(web_workers=1, env={"ROP_DB_LOCK_TIMEOUT": "1"})
    opener = _opener()
    holder = sqlite3.connect(ropenv.data_dir / "rop.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        status, headers, body = _post_login(opener, server.base)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 503, body[:500]
    assert "Сервер занят" in body and "повторите" in body.lower()
    assert 1 <= int(headers["Retry-After"]) <= 60
    status, _, body = _post_login(opener, server.base)
    assert status == 200 and "Звонки" in body, body[:500]
