"""The fetch stage against a real HTTP audio source on 127.0.0.1 (tests/support/httpsrv.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from rop import config
from rop.calls.models import Call, CallEvent
from rop.fetch import stage as fetch
from rop.pipeline.errors import PermanentError, TransientError
from rop.pipeline.stages import override_stages
from rop.pipeline.worker import Worker
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.pipeline.fake_stages import STAGES as FAKE_STAGES
from tests.pipeline.support import drive
from tests.support.httpsrv import LoopbackServer, RequestCtx

pytestmark = pytest.mark.django_db(transaction=True)

LATER_STAGES = {k: v for k, v in FAKE_STAGES.items() if k != "fetch"}


def _headers(ctx: RequestCtx, status: int = 200, **headers: str) -> None:
    h = ctx.handler
    h.send_response(status)
    for name, value in headers.items():
        h.send_header(name.replace("_", "-"), value)
    h.end_headers()


def _chunk(ctx: RequestCtx, data: bytes) -> None:
    ctx.handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")


def _tmp_files() -> list[str]:
    return [p.name for p in config.get().tmp_dir.glob("fetch-*")]


def _fetch(call: Call) -> Call:
    fetch.run(call)
    return Call.objects.get(pk=call.pk)


def test_audio_is_downloaded_into_the_store(
    loopback: LoopbackServer, make_call: Callable[..., Call], tone: dict[str, bytes], org: Organisation
) -> None:
    call = make_call(audio_url=loopback.static("/rec/1.wav", tone["wav"], content_type="audio/wav"))
    stored = _fetch(call)
    assert stored.audio_path.startswith(f"{org.pk}/") and stored.audio_path.endswith(".wav")
    with get_store().local_copy(stored.audio_path) as path:
        assert path.read_bytes() == tone["wav"]
    assert _tmp_files() == []


def test_chunked_mp3_without_length_is_stored_as_mp3(
    loopback: LoopbackServer, make_call: Callable[..., Call], tone: dict[str, bytes]
) -> None:
    def chunked(ctx: RequestCtx) -> None:
        _headers(ctx, Content_Type="audio/mpeg", Transfer_Encoding="chunked")
        for i in range(0, len(tone["mp3"]), 100):
            _chunk(ctx, tone["mp3"][i:i + 100])
        ctx.handler.wfile.write(b"0\r\n\r\n")

    stored = _fetch(make_call(audio_url=loopback.route("/rec/2", chunked)))
    assert stored.audio_path.endswith(".mp3")
    with get_store().local_copy(stored.audio_path) as path:
        assert path.read_bytes() == tone["mp3"]


def test_direct_upload_is_not_downloaded_again(
    loopback: LoopbackServer, make_call: Callable[..., Call], tone: dict[str, bytes]
) -> None:
    url = loopback.static("/rec/3.wav", tone["wav"])
    call = make_call(audio_url=url)
    Call.objects.filter(pk=call.pk).update(audio_path="1/uploaded.wav")
    call.refresh_from_db()
    assert _fetch(call).audio_path == "1/uploaded.wav"
    assert loopback.hits == {}


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "Файл не найден по ссылке audio_url (HTTP 404)"),
        (410, "Файл не найден по ссылке audio_url (HTTP 410)"),
        (403, "Доступ к файлу по ссылке audio_url запрещён (HTTP 403)"),
        (400, "Не удалось загрузить файл по ссылке audio_url (HTTP 400)"),
    ],
)
def test_client_errors_are_permanent_with_a_clear_reason(
    loopback: LoopbackServer, make_call: Callable[..., Call], status: int, reason: str
) -> None:
    call = make_call(
        audio_url=loopback.static("/gone.mp3", b"nope", status=status, content_type="text/plain")
    )
    with pytest.raises(PermanentError) as exc:
        fetch.run(call)
    assert exc.value.message == reason


def test_missing_file_fails_the_call_through_the_worker(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    worker: Worker,
    fast_retries: Callable[..., None],
) -> None:
    call = make_call(audio_url=loopback.url("/no/such/file.mp3"))
    with override_stages(LATER_STAGES):
        failed = drive(worker, [call.pk])[call.pk]
    assert (failed.status, failed.failed_stage) == ("failed", "fetch")
    assert failed.failure_reason == "Файл не найден по ссылке audio_url (HTTP 404)"
    assert loopback.hits["/no/such/file.mp3"] == 1  # permanent: not retried


def test_server_error_then_ok_completes_after_retries(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    worker: Worker,
    fast_retries: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    def flaky(ctx: RequestCtx) -> None:
        if ctx.hits <= 2:
            ctx.send(503, b"busy", {"Content-Type": "text/plain"})
        else:
            ctx.send(200, tone["wav"], {"Content-Type": "audio/wav"})

    call = make_call(audio_url=loopback.route("/flaky.wav", flaky))
    with override_stages(LATER_STAGES):
        done = drive(worker, [call.pk])[call.pk]
    assert done.status == "done" and done.audio_path.endswith(".wav")
    assert loopback.hits["/flaky.wav"] == 3
    retries = list(CallEvent.objects.filter(call=call, kind="retry").values_list("message", flat=True))
    assert len(retries) == 2 and all("HTTP 503" in m for m in retries)


def test_rate_limited_source_passes_on_retry_after(
    loopback: LoopbackServer, make_call: Callable[..., Call]
) -> None:
    call = make_call(
        audio_url=loopback.static("/limited.mp3", b"", status=429, headers={"Retry-After": "42"})
    )
    with pytest.raises(TransientError) as exc:
        fetch.run(call)
    assert exc.value.retry_after == 42
    assert "HTTP 429" in exc.value.message


def test_slow_drip_slower_than_the_read_timeout_is_transient(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(fetch_read_timeout=0.3)

    def drip(ctx: RequestCtx) -> None:
        _headers(ctx, Content_Type="audio/wav", Content_Length=str(len(tone["wav"])))
        ctx.handler.wfile.write(tone["wav"][:100])
        ctx.handler.wfile.flush()
        for i in range(5):
            time.sleep(1.0)  # the source's own slowness
            ctx.handler.wfile.write(tone["wav"][100 + i:101 + i])
            ctx.handler.wfile.flush()

    call = make_call(audio_url=loopback.route("/drip.wav", drip))
    started = time.monotonic()
    with pytest.raises(TransientError, match="таймаут"):
        fetch.run(call)
    assert time.monotonic() - started < 5
    assert Call.objects.get(pk=call.pk).audio_path == ""
    assert _tmp_files() == []


def test_download_past_the_overall_deadline_is_transient(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(fetch_read_timeout=5, fetch_deadline_seconds=1)

    def trickle(ctx: RequestCtx) -> None:
        _headers(ctx, Content_Type="audio/wav", Content_Length=str(len(tone["wav"])))
        for i in range(60):  # each byte arrives well within the read timeout
            ctx.handler.wfile.write(tone["wav"][i * 64:(i + 1) * 64])
            ctx.handler.wfile.flush()
            time.sleep(0.1)

    call = make_call(audio_url=loopback.route("/trickle.wav", trickle))
    started = time.monotonic()
    with pytest.raises(TransientError, match="Превышено время загрузки"):
        fetch.run(call)
    assert time.monotonic() - started < 4


def test_redirect_to_cloud_metadata_is_blocked(
    loopback: LoopbackServer, make_call: Callable[..., Call]
) -> None:
    url = loopback.static("/r.mp3", b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(PermanentError) as exc:
        fetch.run(make_call(audio_url=url))
    assert "169.254.169.254" in exc.value.message and "запрещён" in exc.value.message
    assert exc.value.message.startswith("Ссылка audio_url недоступна для загрузки")


def test_loopback_source_is_blocked_when_loopback_is_not_allowed(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(fetch_allow_loopback=0)
    target = loopback.static("/real.wav", tone["wav"])
    url = loopback.static("/hop.mp3", b"", status=302, headers={"Location": target})
    with pytest.raises(PermanentError, match="loopback"):
        fetch.run(make_call(audio_url=url))
    assert loopback.hits == {}  # no request reached the loopback server at all


def test_up_to_five_redirects_are_followed_and_a_sixth_is_refused(
    loopback: LoopbackServer, make_call: Callable[..., Call], tone: dict[str, bytes]
) -> None:
    target = loopback.static("/final.wav", tone["wav"])
    for i in range(6, 0, -1):
        loopback.static(
            f"/hop{i}", b"", status=302, headers={"Location": target if i == 6 else f"/hop{i + 1}"}
        )
    assert _fetch(make_call(audio_url=loopback.url("/hop2"))).audio_path  # five redirects
    with pytest.raises(PermanentError, match="Слишком много перенаправлений"):
        fetch.run(make_call(audio_url=loopback.url("/hop1")))  # six


def test_endless_stream_stops_at_the_size_cap(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(max_audio_mb=1)
    sent = {"bytes": 0}

    def endless(ctx: RequestCtx) -> None:
        _headers(ctx, Content_Type="audio/wav", Transfer_Encoding="chunked")
        block = tone["wav"][:44] + b"\0" * (64 * 1024 - 44)
        while sent["bytes"] < 200 * 1024 * 1024:  # bounded so the server thread ends in any case
            _chunk(ctx, block)
            sent["bytes"] += len(block)

    with pytest.raises(PermanentError, match="Размер файла превышает 1 МБ"):
        fetch.run(make_call(audio_url=loopback.route("/endless.wav", endless)))
    assert sent["bytes"] < 20 * 1024 * 1024
    assert _tmp_files() == []


def test_oversized_file_with_content_length_is_refused_before_reading(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(max_audio_mb=1)
    big = tone["wav"] + b"\0" * (2 * 1024 * 1024)
    with pytest.raises(PermanentError, match="Размер файла превышает 1 МБ"):
        fetch.run(make_call(audio_url=loopback.static("/big.wav", big, content_type="audio/wav")))


def test_oversized_chunked_file_without_length_is_refused(
    loopback: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(max_audio_mb=1)

    def chunked(ctx: RequestCtx) -> None:
        _headers(ctx, Content_Type="audio/wav", Transfer_Encoding="chunked")
        for _ in range(40):  # 2.5 MB in total, no Content-Length
            _chunk(ctx, tone["wav"][:44] + b"\0" * (64 * 1024 - 44))
        ctx.handler.wfile.write(b"0\r\n\r\n")

    with pytest.raises(PermanentError, match="Размер файла превышает 1 МБ"):
        fetch.run(make_call(audio_url=loopback.route("/big-chunked.wav", chunked)))


def test_html_page_named_mp3_is_not_audio(loopback: LoopbackServer, make_call: Callable[..., Call]) -> None:
    page = b"<!doctype html><html><body>" + b"Login required " * 20 + b"</body></html>"
    url = loopback.static("/call.mp3", page, content_type="text/html")
    with pytest.raises(PermanentError) as exc:
        fetch.run(make_call(audio_url=url))
    assert exc.value.message == "Файл не является аудио"
    assert _tmp_files() == []


def test_empty_file_is_not_audio(loopback: LoopbackServer, make_call: Callable[..., Call]) -> None:
    with pytest.raises(PermanentError, match="Файл не является аудио"):
        fetch.run(make_call(audio_url=loopback.static("/empty.wav", b"")))


def test_refused_connection_is_retried_then_fails_after_the_window(
    make_call: Callable[..., Call], worker: Worker, fast_retries: Callable[..., None]
) -> None:
    fast_retries(retry_window_seconds=0.5)
    closed = LoopbackServer().start()
    url = closed.url("/gone.mp3")
    closed.stop()  # nothing listens on that port any more
    call = make_call(audio_url=url)
    with override_stages(LATER_STAGES):
        failed = drive(worker, [call.pk])[call.pk]
    assert (failed.status, failed.failed_stage) == ("failed", "fetch")
    assert "отклонил соединение" in failed.failure_reason
    assert "Повторные попытки в течение" in failed.failure_reason
    assert CallEvent.objects.filter(call=call, kind="retry").count() >= 1


def test_audio_on_the_ipv6_loopback_is_downloaded_when_loopback_is_allowed(
    loopback6: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(fetch_allow_loopback=1)
    url = loopback6.static("/v6.wav", tone["wav"], content_type="audio/wav")
    assert url.startswith("http://[::1]:")
    stored = _fetch(make_call(audio_url=url))
    assert stored.audio_path.endswith(".wav")
    with get_store().local_copy(stored.audio_path) as path:
        assert path.read_bytes() == tone["wav"]
    assert loopback6.hits == {"/v6.wav": 1}


def test_audio_on_the_ipv6_loopback_is_refused_without_the_loopback_allowance(
    loopback6: LoopbackServer,
    make_call: Callable[..., Call],
    rop_config: Callable[..., None],
    tone: dict[str, bytes],
) -> None:
    rop_config(fetch_allow_loopback=0, webhook_allow_loopback=1)  # the webhook allowance does not open audio
    url = loopback6.static("/v6.wav", tone["wav"], content_type="audio/wav")
    with pytest.raises(PermanentError, match="loopback") as exc:
        fetch.run(make_call(audio_url=url))
    assert "::1" in exc.value.message
    assert loopback6.hits == {}


@pytest.mark.parametrize("status", [408, 425])
def test_request_timeout_and_too_early_are_transient(
    loopback: LoopbackServer, make_call: Callable[..., Call], status: int
) -> None:
    call = make_call(
        audio_url=loopback.static("/early.mp3", b"", status=status, headers={"Retry-After": "7"})
    )
    with pytest.raises(TransientError) as exc:
        fetch.run(call)
    assert exc.value.retry_after == 7
    assert f"HTTP {status}" in exc.value.message
