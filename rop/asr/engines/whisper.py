"""faster-whisper (CTranslate2) on the CPU: the embedded default engine."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rop.asr.engines.base import RawSegment, Spans, Word
from rop.pipeline.errors import PermanentError

log = logging.getLogger("rop.asr")
logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # it logs every file at INFO


@dataclass
class WhisperOptions:
    beam_size: int = 5
    # One fallback step only: full fallback (0.0..1.0) makes runtime explode on unintelligible audio.
    temperature: tuple[float, ...] = (0.0, 0.4)
    compression_ratio_threshold: float = 2.4
    log_prob_threshold: float = -1.0
    no_speech_threshold: float = 0.6
    # Off: on the bench dialogues (2026-11-29) WER manager/client 26.9/19.2 % vs 27.1/19.6 % with it
    # on, RTF 0.058 vs 0.064; it also keeps one misheard window from seeding a repetition loop.
    condition_on_previous_text: bool = False
    vocabulary_mode: str = "hotwords"  # how domain words are given: hotwords | prompt | off
    batch_size: int = 0  # >0: BatchedInferencePipeline over <=30 s windows of whole speech pieces

    @classmethod
    def from_config(cls, cfg: Any) -> WhisperOptions:
        return cls(beam_size=cfg.asr_beam_size, vocabulary_mode=cfg.asr_vocabulary, batch_size=cfg.asr_batch_size)

    def signature(self) -> str:
        """The settings that change what is recognised (a cache of transcripts is keyed by them)."""
        temps = ",".join(str(t) for t in self.temperature)
        out = f"beam={self.beam_size} temperature={temps} condition={self.condition_on_previous_text}"
        if self.batch_size:
            out += f" batch={self.batch_size}"
        return out


class WhisperEngine:
    name = "faster-whisper"

    def __init__(self, model_dir: Path, threads: int = 0, options: WhisperOptions | None = None,
                 streams: int = 0, device: str = "cpu", compute_type: str = ""):
        """``streams``: independent decodes that may run at once (0: one per core, at most 2).

        Beam-search decoding uses several cores poorly, so by default two streams with one
        thread each (stereo: one per channel) beat one stream with two threads.
        """
        from faster_whisper import WhisperModel

        cores = os.cpu_count() or 1
        self.streams = streams or max(1, min(2, cores))
        threads = threads or max(1, cores // self.streams)
        self.model_dir = model_dir
        self.options = options or WhisperOptions()
        self._slots = threading.Semaphore(self.streams)  # decodes at once on this loaded model
        self._lock = threading.Lock()
        self._pipeline: Any = None
        try:
            self.model = WhisperModel(
                str(model_dir),
                device=device,  # "cuda" on a GPU speech node (ROP_ASR_DEVICE)
                compute_type=compute_type or ("float16" if device == "cuda" else "int8"),
                cpu_threads=threads,
                num_workers=self.streams,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise PermanentError(f"Не удалось загрузить модель распознавания {model_dir}: {exc}") from None

    @classmethod
    def from_config(cls, cfg: Any) -> WhisperEngine:
        from rop.asr.model_files import ModelError, ensure_default_model

        if cfg.asr_model:
            model_dir = Path(cfg.asr_model).expanduser()
            if not (model_dir / "model.bin").exists():
                raise PermanentError(f"ROP_ASR_MODEL: в {model_dir} нет model.bin (нужна модель CTranslate2)")
        else:
            try:
                model_dir = ensure_default_model(cfg.models_dir)
            except ModelError as exc:
                raise PermanentError(str(exc)) from None
        options = WhisperOptions.from_config(cfg)
        return cls(model_dir, threads=cfg.asr_threads, options=options, streams=cfg.asr_streams,
                   device=cfg.asr_device, compute_type=cfg.asr_compute_type)

    def transcribe(self, audio: np.ndarray, *, prompt: str = "", deadline: float | None = None,
                   pieces: Spans | None = None) -> list[RawSegment]:
        o = self.options
        kwargs: dict[str, Any] = {}
        if prompt and o.vocabulary_mode == "prompt":
            kwargs["initial_prompt"] = prompt
        elif prompt and o.vocabulary_mode == "hotwords":
            kwargs["hotwords"] = prompt
        out: list[RawSegment] = []
        with self._slots:
            if o.batch_size > 0:
                return self._batched(audio, kwargs, deadline, pieces)
            segments, _info = self.model.transcribe(
                np.ascontiguousarray(audio, dtype=np.float32),
                language="ru",
                task="transcribe",
                beam_size=o.beam_size,
                temperature=list(o.temperature),
                compression_ratio_threshold=o.compression_ratio_threshold,
                log_prob_threshold=o.log_prob_threshold,
                no_speech_threshold=o.no_speech_threshold,
                condition_on_previous_text=o.condition_on_previous_text,
                word_timestamps=True,
                vad_filter=False,
                **kwargs,
            )
            for seg in segments:
                words = [
                    Word(float(w.start), float(w.end), w.word, float(w.probability)) for w in (seg.words or [])
                ]
                out.append(RawSegment(float(seg.start), float(seg.end), seg.text, words, float(seg.avg_logprob)))
                if deadline is not None and time.monotonic() > deadline:
                    log.warning("asr time budget exceeded at %.1fs of %.1fs", seg.end, len(audio) / 16000)
                    break
        return out

    def _batched(self, audio: np.ndarray, kwargs: dict[str, Any], deadline: float | None,
                 pieces: list[tuple[float, float]] | None) -> list[RawSegment]:
        from faster_whisper import BatchedInferencePipeline

        o = self.options
        clips = pack_windows(pieces or [(0.0, len(audio) / 16000)], 29.5)
        with self._lock:
            if self._pipeline is None:
                self._pipeline = BatchedInferencePipeline(self.model)
        segments, _info = self._pipeline.transcribe(
            np.ascontiguousarray(audio, dtype=np.float32),
            language="ru",
            task="transcribe",
            beam_size=o.beam_size,
            temperature=[o.temperature[0]],
            compression_ratio_threshold=o.compression_ratio_threshold,
            log_prob_threshold=o.log_prob_threshold,
            no_speech_threshold=o.no_speech_threshold,
            word_timestamps=True,
            without_timestamps=False,
            vad_filter=False,
            clip_timestamps=[{"start": a, "end": b} for a, b in clips],
            batch_size=o.batch_size,
            **kwargs,
        )
        out: list[RawSegment] = []
        for seg in segments:
            words = [Word(float(w.start), float(w.end), w.word, float(w.probability)) for w in (seg.words or [])]
            out.append(RawSegment(float(seg.start), float(seg.end), seg.text, words, float(seg.avg_logprob)))
            if deadline is not None and time.monotonic() > deadline:
                log.warning("asr time budget exceeded at %.1fs of %.1fs", seg.end, len(audio) / 16000)
                break
        return out


def pack_windows(pieces: list[tuple[float, float]], max_len: float) -> list[tuple[float, float]]:
    """Group consecutive pieces (start, end) into windows no longer than max_len (a longer piece is cut)."""
    windows: list[tuple[float, float]] = []
    for a, b in pieces:
        while b - a > max_len:
            windows.append((a, a + max_len))
            a += max_len
        if windows and b - windows[-1][0] <= max_len and a - windows[-1][1] < 1.0:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows
