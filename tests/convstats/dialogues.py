"""Stereo test calls with phrases placed at KNOWN times (overlaps and silences included).

Each synthesised phrase is trimmed to its audible speech (frames within 40 dB of its loudest),
so a placed phrase's start and end are where its speech is: the hand measurement the
statistics are checked against. Manager on the left channel, client on the right; a little
line noise on both; encoded as 8 kHz MP3 like telephony.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.support import speech

RATE = speech.RATE


@dataclass(frozen=True)
class Cue:
    """Where a phrase goes: ``after`` seconds after the previous phrase's end (negative: overlap)."""

    speaker: str
    text: str
    after: float


@dataclass(frozen=True)
class Placed:
    speaker: str
    text: str
    start: float
    end: float


def trimmed(text: str, speaker: str) -> np.ndarray:
    audio = speech.synth(text, speaker)
    n = len(audio) // 320
    db = 10 * np.log10(np.mean(audio[: n * 320].reshape(n, 320) ** 2, axis=1) + 1e-10)
    loud = np.flatnonzero(db > db.max() - 40)
    return audio[loud[0] * 320 : (loud[-1] + 1) * 320]


def place(cues: list[Cue], name: str, lead: float = 0.6, tail: float = 0.8) -> tuple[Path, list[Placed]]:
    """The call's MP3 (cached by content) and where each phrase lies in it."""
    key = speech._key([(c.speaker, c.text, c.after) for c in cues], lead, tail, "placed-v1")
    out = speech.cache_dir() / f"{name}-{key}.mp3"
    meta = out.with_suffix(".json")
    if out.exists() and meta.exists():
        return out, [Placed(**p) for p in json.loads(meta.read_text())]
    placed: list[Placed] = []
    clips: list[np.ndarray] = []
    pos = lead
    for cue in cues:
        clip = trimmed(cue.text, cue.speaker)
        start = pos if not placed else placed[-1].end + cue.after
        placed.append(Placed(cue.speaker, cue.text, start, start + len(clip) / RATE))
        clips.append(clip)
        pos = start
    total = int((max(p.end for p in placed) + tail) * RATE)
    channels = np.zeros((2, total), dtype=np.float32)
    for p, clip in zip(placed, clips, strict=True):
        a = round(p.start * RATE)
        channels[0 if p.speaker == "manager" else 1, a : a + len(clip)] += clip * 0.8
    channels += np.random.default_rng(11).normal(0, 0.002, channels.shape).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        wav = speech.write_wav(Path(tmp) / "mix.wav", channels.T)
        speech.encode(wav, out)
    meta.write_text(json.dumps([p.__dict__ for p in placed], ensure_ascii=False))
    return out, placed
