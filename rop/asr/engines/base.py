"""What every engine returns: segments with word timings, times relative to the audio given."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass
class Word:
    start: float
    end: float
    text: str  # as the engine writes it (Whisper keeps the leading space)
    prob: float | None = None


@dataclass
class RawSegment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float | None = None


# (start, end) seconds of the speech regions concatenated into the audio an engine is given.
Spans = list[tuple[float, float]]


class Engine(Protocol):
    name: str

    def transcribe(self, audio: np.ndarray, *, prompt: str = "", deadline: float | None = None,
                   pieces: Spans | None = None) -> list[RawSegment]:
        """Russian speech in ``audio`` (16 kHz mono float32). ``prompt``: domain words.

        ``pieces``: (start, end) of the speech regions concatenated into ``audio`` (a hint
        for engines that cut windows; they may ignore it).

        ``deadline`` (time.monotonic()): stop and return what is done when it passes.
        Raises rop.pipeline.errors.TransientError/PermanentError.
        """
        ...
