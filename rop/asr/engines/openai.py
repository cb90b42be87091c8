"""An OpenAI-compatible /v1/audio/transcriptions server (verbose_json with segments and words)."""

from __future__ import annotations

import io
import json
import time
import uuid
import wave
from typing import Any

import numpy as np

from rop.asr.engines.base import RawSegment, Spans, Word
from rop.net import http, transport
from rop.pipeline.errors import PermanentError, TransientError, stage_error


def wav_bytes(audio: np.ndarray, rate: int = 16000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def multipart(fields: list[tuple[str, str]], file_field: str, filename: str, data: bytes,
              content_type: str) -> tuple[bytes, str]:
    boundary = "rop-" + uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class OpenAIEngine:
    name = "openai"

    def __init__(self, base_url: str, api_key: str = "", model: str = "whisper-1", timeout: float = 300.0,
                 use_prompt: bool = True):
        if not base_url:
            raise PermanentError("ROP_ASR_BASE_URL не задан: укажите адрес сервера распознавания")
        self.url = base_url.rstrip("/") + "/audio/transcriptions"
        if not base_url.rstrip("/").endswith("/v1"):
            self.url = base_url.rstrip("/") + "/v1/audio/transcriptions"
        self.api_key = api_key
        self.model = model or "whisper-1"
        self.timeout = timeout
        self.use_prompt = use_prompt

    @classmethod
    def from_config(cls, cfg: Any) -> OpenAIEngine:
        return cls(cfg.asr_base_url, cfg.asr_api_key, cfg.asr_model or "whisper-1",
                   use_prompt=cfg.asr_vocabulary != "off")

    def transcribe(self, audio: np.ndarray, *, prompt: str = "", deadline: float | None = None,
                   pieces: Spans | None = None) -> list[RawSegment]:
        fields = [
            ("model", self.model),
            ("language", "ru"),
            ("response_format", "verbose_json"),
            ("timestamp_granularities[]", "segment"),
            ("timestamp_granularities[]", "word"),
        ]
        if prompt and self.use_prompt:
            fields.append(("prompt", prompt))
        body, ctype = multipart(fields, "file", "audio.wav", wav_bytes(audio), "audio/wav")
        headers = {"Content-Type": ctype, "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        timeout = self.timeout
        if deadline is not None:
            timeout = max(5.0, min(timeout, deadline - time.monotonic()))
        try:
            resp = http.request(self.url, method="POST", body=body, headers=headers, read_timeout=timeout,
                                max_body=50 * 1024 * 1024, policy=http.TRUSTED)
        except http.HttpError as exc:
            prefix = "Сервер распознавания недоступен" if exc.transient else "Сервер распознавания"
            raise stage_error(exc, f"{prefix}: {exc.message}") from None
        if resp.status != 200:
            raise stage_error(_status_error(resp))
        try:
            data = json.loads(resp.body)
        except ValueError:
            raise TransientError("Сервер распознавания вернул не JSON") from None
        return parse_verbose_json(data)


def _status_error(resp: http.SimpleResponse) -> http.HttpError:
    """A non-200 answer, classified by rop.net.transport (the server is operator-configured)."""
    status = resp.status
    return transport.configured_endpoint_error(
        status, resp.headers.get("retry-after", ""),
        misconfigured=(f"Сервер распознавания отклонил запрос (HTTP {status}): проверьте ROP_ASR_BASE_URL "
                       "и ROP_ASR_API_KEY"),
        unavailable=f"Сервер распознавания ответил {status}",
        rejected=f"Сервер распознавания отклонил запрос (HTTP {status})")


def parse_verbose_json(data: Any) -> list[RawSegment]:
    if not isinstance(data, dict):
        raise TransientError("Сервер распознавания вернул неожиданный ответ")
    words = [
        Word(float(w["start"]), float(w["end"]), " " + str(w.get("word", "")).strip(),
             float(w["probability"]) if w.get("probability") is not None else None)
        for w in data.get("words") or []
        if isinstance(w, dict) and "start" in w and "end" in w
    ]
    segments: list[RawSegment] = []
    raw_segments = data.get("segments") or []
    if not raw_segments and data.get("text"):
        end = float(data.get("duration") or (words[-1].end if words else 0.0))
        raw_segments = [{"start": 0.0, "end": end, "text": data["text"]}]
    for s in raw_segments:
        if not isinstance(s, dict):
            continue
        start, end = float(s.get("start", 0.0)), float(s.get("end", 0.0))
        seg_words = [w for w in words if start - 0.01 <= (w.start + w.end) / 2 <= end + 0.01]
        # Per-segment words (some servers) take precedence over the top-level list.
        if isinstance(s.get("words"), list):
            seg_words = [
                Word(float(w["start"]), float(w["end"]), " " + str(w.get("word", "")).strip(),
                     float(w["probability"]) if w.get("probability") is not None else None)
                for w in s["words"] if isinstance(w, dict) and "start" in w and "end" in w
            ]
        avg = s.get("avg_logprob")
        segments.append(RawSegment(start, end, str(s.get("text", "")), seg_words,
                                   float(avg) if avg is not None else None))
    return segments
