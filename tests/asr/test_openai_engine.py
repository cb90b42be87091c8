"""The OpenAI-compatible engine against a FAKE transcription server on 127.0.0.1 (see conftest)."""

from __future__ import annotations

import numpy as np
import pytest

from rop.asr.engines.openai import OpenAIEngine
from rop.pipeline.errors import PermanentError, StageError, TransientError
from tests.asr.conftest import fake_transcription_server, multipart_fields, wav_duration
from tests.support.httpsrv import LoopbackServer


def test_sends_multipart_audio_and_parses_verbose_json(loopback: LoopbackServer) -> None:
    base = fake_transcription_server(loopback, ["добрый", "день", "агентство"])
    engine = OpenAIEngine(base, api_key="sk-test-123", model="whisper-large")
    audio = (np.sin(np.arange(32000) / 7) * 0.3).astype(np.float32)
    segments = engine.transcribe(audio, prompt="Лесная Гавань, эскроу")
    assert [s.text for s in segments] == ["добрый день агентство"]
    assert [w.text.strip() for w in segments[0].words] == ["добрый", "день", "агентство"]
    assert segments[0].words[1].start == pytest.approx(2 / 3, abs=0.01)
    req = loopback.requests[-1]
    assert (req.method, req.path) == ("POST", "/v1/audio/transcriptions")
    headers = {k.lower(): v for k, v in req.headers.items()}
    assert headers["authorization"] == "Bearer sk-test-123"
    fields = multipart_fields(req)
    assert fields["model"] == [b"whisper-large"]
    assert fields["language"] == [b"ru"]
    assert fields["response_format"] == [b"verbose_json"]
    assert fields["prompt"] == ["Лесная Гавань, эскроу".encode()]
    assert wav_duration(fields["file"][0]) == pytest.approx(2.0)


def test_base_url_without_v1_is_completed(loopback: LoopbackServer) -> None:
    base = fake_transcription_server(loopback, ["алло"])
    engine = OpenAIEngine(base.removesuffix("/v1"))
    assert engine.transcribe(np.zeros(16000, dtype=np.float32))[0].text == "алло"
    assert "authorization" not in {k.lower() for k in loopback.requests[-1].headers}


@pytest.mark.parametrize(("status", "error"), [
    (500, TransientError), (503, TransientError), (429, TransientError), (400, PermanentError),
    (401, TransientError), (408, TransientError), (425, TransientError), (404, TransientError),
    (422, PermanentError)])
def test_server_errors_map_to_transient_or_permanent(
    loopback: LoopbackServer, status: int, error: type[StageError]
) -> None:
    base = fake_transcription_server(loopback, ["x"], status=status)
    with pytest.raises(error) as err:
        OpenAIEngine(base).transcribe(np.zeros(16000, dtype=np.float32))
    assert "Сервер распознавания" in err.value.message


def test_wrong_key_or_address_names_the_settings_to_check(loopback: LoopbackServer) -> None:
    for status in (401, 404):
        base = fake_transcription_server(loopback, ["x"], status=status)
        with pytest.raises(TransientError, match="ROP_ASR_API_KEY") as err:
            OpenAIEngine(base).transcribe(np.zeros(16000, dtype=np.float32))
        assert "ROP_ASR_BASE_URL" in err.value.message


def test_rate_limited_server_passes_its_retry_after_to_the_worker(loopback: LoopbackServer) -> None:
    loopback.static("/v1/audio/transcriptions", b"{}", status=429, content_type="application/json",
                    headers={"Retry-After": "90"})
    with pytest.raises(TransientError) as err:
        OpenAIEngine(loopback.url("/v1")).transcribe(np.zeros(16000, dtype=np.float32))
    assert err.value.retry_after == 90


def test_unreachable_server_is_transient() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(TransientError, match="Сервер распознавания недоступен"):
        OpenAIEngine(f"http://127.0.0.1:{port}/v1").transcribe(np.zeros(1600, dtype=np.float32))


def test_missing_base_url_is_a_configuration_error() -> None:
    with pytest.raises(PermanentError, match="ROP_ASR_BASE_URL"):
        OpenAIEngine("")
