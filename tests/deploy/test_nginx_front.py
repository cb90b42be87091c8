"""The shipped nginx site (deploy/nginx/rop.conf) in front of a real `rop serve`, over TLS with a
self-signed certificate: upload, UI login with a Secure session cookie, audio Range, static files."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.pipeline.procs import query
from tests.store.test_split_nodes import multipart
from tests.support.ropenv import RopEnv, free_port

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "deploy" / "nginx" / "rop.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Front:
    base: str
    context: ssl.SSLContext
    backend: str


def _cert(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def _render_site(root: Path, backend_port: int, https_port: int, static_dir: Path) -> str:
    cert, key = _cert(root)
    site = SITE.read_text()
    for old, new in [
        ("server 127.0.0.1:8000", f"server 127.0.0.1:{backend_port}"),
        ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("/etc/ssl/rop/fullchain.pem", str(cert)),
        ("/etc/ssl/rop/privkey.pem", str(key)),
        ("/var/lib/rop/static/", f"{static_dir}/"),
        ("rop.example.com", "localhost"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    return site


@pytest.fixture
def front(ropenv: RopEnv, tmp_path: Path) -> Iterator[Front]:
    root = tmp_path / "nginx"
    root.mkdir()
    ropenv.run("collectstatic", "--no-input")
    server = ropenv.serve(workers=0, web_workers=1, env={"ROP_TRUSTED_PROXIES": "127.0.0.1"})
    https_port = free_port()
    (root / "site.conf").write_text(_render_site(root, int(server.base.rsplit(":", 1)[1]), https_port,
                                                 ropenv.data_dir / "static"))
    temp = "".join(f"{name}_temp_path {root / name};\n" for name in
                   ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {root / 'nginx.pid'};\n"
        f"error_log {root / 'error.log'};\n"
        f"events {{ worker_connections 64; }}\nhttp {{\ninclude /etc/nginx/mime.types;\n"
        f"access_log {root / 'access.log'};\n{temp}include {root / 'site.conf'};\n}}\n"
    )
    proc = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    context = ssl.create_default_context(cafile=str(root / "cert.pem"))
    base = f"https://localhost:{https_port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", context=context, timeout=2).close()
            break
        except (OSError, urllib.error.HTTPError) as exc:
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise AssertionError(f"nginx did not start: {exc}\n{err}") from None
            time.sleep(0.1)  # polling for readiness of a starting server
    try:
        yield Front(base, context, server.base)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _open(
    front: Front, path: str, *, opener: urllib.request.OpenerDirector | None = None,
    data: bytes | None = None, headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(front.base + path, data=data, headers=headers or {})
    try:
        if opener is not None:
            resp = opener.open(req, timeout=30)
        else:
            resp = urllib.request.urlopen(req, context=front.context, timeout=30)
        with resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_site_caps_bodies_at_the_audio_limit() -> None:

    site = SITE.read_text()
    cap_mb = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))  # type: ignore[union-attr]
    assert cap_mb == 100 + 1  # ROP_MAX_AUDIO_MB default (100) + multipart overhead
    assert "proxy_request_buffering on;" in site and "X-Forwarded-Proto $scheme" in site


def test_upload_login_audio_range_and_static_through_nginx(ropenv: RopEnv, front: Front) -> None:
    from tests.support.speech import tone

    key = ropenv.createkey("Организация за nginx")
    audio = tone(2, ropenv.root / "tone.mp3").read_bytes()
    body, ctype = multipart({"call_id": "via-nginx", "manager_id": "m1"}, "tone.mp3", audio)
    status, _, answer = _open(front, "/api/v1/calls/audio-upload", data=body,
                              headers={"Content-Type": ctype, "X-API-Key": key})
    assert status == 200, answer

    status, headers, css = _open(front, "/static/ui/app.css")
    assert status == 200 and css and "max-age" in headers.get("Cache-Control", "")
    assert _open(front, "/metrics")[0] == 404

    ropenv.run("createadmin", "--org", "Организация за nginx", "--username", "boss",
               "--password", "S3cret-pass!x", "--no-input")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=front.context),
                                         urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    status, _, page = _open(front, "/login/", opener=opener)
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"username": "boss", "password": "S3cret-pass!x",
                                   "csrfmiddlewaretoken": token}).encode()
    status, headers, _ = _open(front, "/login/", opener=opener, data=form,
                               headers={"Referer": front.base + "/login/", "Origin": front.base,
                                        "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302, "login through nginx failed (needs ROP_TRUSTED_PROXIES / X-Forwarded-Proto)"

    pk = query(ropenv, "SELECT id FROM calls_call WHERE call_id = 'via-nginx'")[0][0]
    status, headers, part = _open(front, f"/calls/{pk}/audio", opener=opener,
                                  headers={"Range": "bytes=10-109"})
    assert status == 206
    assert part == audio[10:110]
    assert headers["Content-Range"] == f"bytes 10-109/{len(audio)}"

    # Last, as it depends on the web nodes trusting X-Forwarded-Proto from the proxy (ROP_TRUSTED_PROXIES).
    session = [c for c in jar if c.name == "sessionid"]
    assert session and session[0].secure, "session cookie over https must be Secure"
