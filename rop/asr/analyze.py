"""Transcribe a local file with the same decode + ASR code as the pipeline (no database row needed)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rop import config
from rop.asr.engines import get_engine
from rop.asr.transcribe import Segment, transcribe_decoded
from rop.audio.decode import decode_to_pcm
from rop.audio.sniff import sniff
from rop.core.speech import Utterance

StatusFn = Callable[[str, float | None], None]  # (phase, fraction or None)


def transcribe_file(
    path: Path, *, left: str = "manager", vocabulary: str = "", status: StatusFn | None = None
) -> tuple[list[Segment], float, int]:
    """(segments, measured duration, channels). Raises PermanentError/TransientError like the stages."""
    cfg = config.get()
    cfg.tmp_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="analyze-", dir=cfg.tmp_dir))
    try:
        decoded = decode_to_pcm(
            path, work / "audio", cfg.max_audio_seconds,
            progress=(lambda sec: status("decode", None)) if status else None,
        )
        if status:
            status("load", None)
        engine = get_engine()
        segments = transcribe_decoded(
            work / "audio",
            decoded,
            engine,
            manager_channel="left" if left == "manager" else "right",
            vocabulary=vocabulary if cfg.asr_vocabulary != "off" else "",
            time_factor=cfg.asr_time_factor,
            vocabulary_speakers=cfg.asr_vocabulary_speakers,
            progress=(lambda f: status("asr", f)) if status else None,
        )
        return segments, decoded.duration, decoded.channels
    finally:
        shutil.rmtree(work, ignore_errors=True)


def decoding_signature(vocabulary: str = "") -> str:
    """The configured engine, its decoding settings and the prompt it would get for ``vocabulary``:
    two transcripts of one recording with the same signature are the same (a cache key)."""
    from rop.asr.transcribe import vocabulary_prompt

    cfg = config.get()
    if cfg.asr_engine == "openai":
        engine = f"openai model={cfg.asr_model}"
    else:
        from rop.asr.engines.whisper import WhisperOptions

        model = f" model={cfg.asr_model}" if cfg.asr_model else ""
        engine = f"faster-whisper{model} {WhisperOptions.from_config(cfg).signature()}"
    prompt = vocabulary_prompt(vocabulary) if cfg.asr_vocabulary != "off" else ""
    if prompt and cfg.asr_vocabulary_speakers != "both":
        prompt += f" ({cfg.asr_vocabulary_speakers})"
    return f"{engine} vocabulary={cfg.asr_vocabulary}:{prompt}"


def to_utterances(segments: list[Segment]) -> list[Utterance]:
    return [Utterance(start=s.start, end=s.end, speaker=s.speaker, text=s.text) for s in segments]


def looks_like_audio(path: Path) -> bool:
    with open(path, "rb") as fh:
        return sniff(fh.read(64)) is not None
