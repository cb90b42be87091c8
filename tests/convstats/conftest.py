"""A FAKE OpenAI-compatible transcription server that times its words by the audio's energy.

No real ASR can run in the fast tests. This fake answers every upload with one "word" per run of
loud 20 ms frames (runs closer than 0.1 s joined), so the word times it returns are where the
uploaded speech really is, and the conversation statistics can be checked against the placement
of synthesised phrases. The real engine's timing is checked by the slow test with Whisper.
"""

from __future__ import annotations

import io
import json
import wave

import numpy as np

from tests.asr.conftest import asr_env, multipart_fields  # noqa: F401 - asr_env: a fixture for these tests
from tests.support.httpsrv import LoopbackServer, RequestCtx

FRAME = 320  # 20 ms at 16 kHz
LOUD_DB = 30.0  # a frame within this of the upload's loudest frame is speech
JOIN = 5  # frames: quieter gaps up to 0.1 s stay inside one word


def energy_words(data: bytes) -> list[dict[str, object]]:
    with wave.open(io.BytesIO(data)) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    frame = FRAME * rate // 16000
    n = len(samples) // frame
    if n == 0:
        return []
    db = 10 * np.log10(np.mean(samples[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-10)
    loud = db > db.max() - LOUD_DB
    runs: list[list[int]] = []
    for i in np.flatnonzero(loud):
        if runs and i - runs[-1][1] <= JOIN:
            runs[-1][1] = int(i) + 1
        else:
            runs.append([int(i), int(i) + 1])
    step = frame / rate
    return [{"word": "слово", "start": round(a * step, 3), "end": round(b * step, 3)} for a, b in runs]


def energy_transcription_server(server: LoopbackServer) -> str:
    def handle(ctx: RequestCtx) -> None:
        words = energy_words(multipart_fields(ctx)["file"][0])
        text = " ".join(str(w["word"]) for w in words)
        end = float(words[-1]["end"]) if words else 0.0  # type: ignore[arg-type]
        body = {"task": "transcribe", "language": "russian", "text": text,
                "segments": [{"id": 0, "start": 0.0, "end": end, "text": text, "avg_logprob": -0.2}] if words else [],
                "words": words}
        ctx.send(200, json.dumps(body, ensure_ascii=False).encode(), {"Content-Type": "application/json"})

    return server.route("/v1/audio/transcriptions", handle).rsplit("/audio/transcriptions", 1)[0]
