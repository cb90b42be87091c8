from __future__ import annotations

import io
import json
import re
import wave
from collections.abc import Iterator

import pytest

from rop import config
from tests.support.httpsrv import LoopbackServer, Recorded, RequestCtx


@pytest.fixture
def asr_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set ROP_ASR_* variables for one test; the config is reloaded before and after."""
    config.reset()
    yield monkeypatch
    monkeypatch.undo()
    config.reset()


def multipart_fields(ctx: RequestCtx | Recorded) -> dict[str, list[bytes]]:
    ctype = ctx.headers.get("Content-Type") or ctx.headers.get("content-type") or ""
    boundary = re.search(r"boundary=(\S+)", ctype)
    assert boundary, ctype
    fields: dict[str, list[bytes]] = {}
    for part in ctx.body.split(b"--" + boundary.group(1).encode()):
        if b"\r\n\r\n" not in part:
            continue
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name:
            fields.setdefault(name.group(1).decode(), []).append(
                value[:-2] if value.endswith(b"\r\n") else value
            )
    return fields


def wav_duration(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as w:
        frames: int = w.getnframes()
        rate: int = w.getframerate()
        return frames / rate


def fake_transcription_server(server: LoopbackServer, words: list[str], status: int = 200) -> str:
    """A FAKE OpenAI-compatible /v1/audio/transcriptions (no real ASR server can run here).

    It answers verbose_json: one segment over the whole uploaded audio with ``words`` spread
    evenly (so tests can check how times are mapped back), and records the requests.
    """

    def handle(ctx: RequestCtx) -> None:
        if status != 200:
            ctx.send(status, b'{"error": {"message": "boom"}}', {"Content-Type": "application/json"})
            return
        fields = multipart_fields(ctx)
        duration = wav_duration(fields["file"][0])
        step = duration / len(words)
        body = {
            "task": "transcribe",
            "language": "russian",
            "duration": duration,
            "text": " ".join(words),
            "segments": [
                {"id": 0, "start": 0.0, "end": duration, "text": " ".join(words), "avg_logprob": -0.2}
            ],
            "words": [
                {"word": w, "start": round(i * step, 3), "end": round((i + 0.9) * step, 3)}
                for i, w in enumerate(words)
            ],
        }
        ctx.send(200, json.dumps(body, ensure_ascii=False).encode(), {"Content-Type": "application/json"})

    return server.route("/v1/audio/transcriptions", handle).rsplit("/audio/transcriptions", 1)[0]
