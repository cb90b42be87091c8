"""Energy-based speech detection tuned for 8 kHz telephony (upsampled to 16 kHz).

Conservative by design: its job is to skip the long stretches where a channel is silent
(in stereo calls half of each channel is the other speaker talking), never to cut words.
Thresholds adapt to each channel's own noise floor and speech level, with hysteresis,
gap merging and generous padding. In stereo, frames where a channel only carries a much
weaker copy of the other channel (echo, crosstalk) are not counted as its speech.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rop.audio.decode import SAMPLE_RATE, pcm_samples

FRAME = 320  # 20 ms at 16 kHz
FRAME_S = FRAME / SAMPLE_RATE
CHUNK_FRAMES = 3000  # energies are computed a minute at a time


@dataclass(frozen=True)
class VadParams:
    start_db: float = 11.0  # above the noise floor to start a region
    keep_db: float = 6.0  # above the noise floor to stay in it
    min_level_db: float = -62.0  # never treat anything quieter than this as speech
    below_peak_db: float = 38.0  # ... nor anything this far below the channel's loud speech
    merge_gap: float = 0.6  # seconds: closer regions are joined
    pad: float = 0.3  # seconds added before and after each region
    min_speech: float = 0.12  # seconds above start level for a region to count
    echo_db: float = 20.0  # relative level difference that marks a frame as crosstalk


Region = tuple[float, float]


def frame_energies(path: Path) -> np.ndarray:
    """Log energy (dBFS) of each 20 ms frame, read from the raw PCM file a chunk at a time."""
    total = pcm_samples(path) // FRAME
    out = np.empty(total, dtype=np.float32)
    with open(path, "rb") as fh:
        done = 0
        while done < total:
            n = min(CHUNK_FRAMES, total - done)
            raw = np.fromfile(fh, dtype="<i2", count=n * FRAME)
            n = len(raw) // FRAME
            if n == 0:
                break
            x = raw[: n * FRAME].astype(np.float32).reshape(n, FRAME) / 32768.0
            x -= x.mean(axis=1, keepdims=True)  # DC offset is not speech
            out[done : done + n] = 10.0 * np.log10(np.mean(x * x, axis=1) + 1e-10)
            done += n
    return out[:done]


def _levels(energy: np.ndarray) -> tuple[float, float]:
    if len(energy) == 0:
        return -100.0, -100.0
    return float(np.percentile(energy, 10)), float(np.percentile(energy, 97))


def detect(
    energy: np.ndarray, other: np.ndarray | None = None, params: VadParams | None = None
) -> list[Region]:
    """Speech regions (seconds) of one channel; ``other`` is the other channel's energies (stereo)."""
    p = params or VadParams()
    if len(energy) == 0:
        return []
    floor, peak = _levels(energy)
    if peak - floor < p.keep_db or peak < p.min_level_db:
        return []  # a silent (or constant-noise) channel
    start_thr = max(floor + p.start_db, p.min_level_db, peak - p.below_peak_db)
    keep_thr = max(floor + p.keep_db, p.min_level_db, peak - p.below_peak_db - 6.0)
    loud = energy > start_thr
    keep = energy > keep_thr
    if other is not None and len(other) == len(energy):
        o_floor, o_peak = _levels(other)
        if o_peak - o_floor >= p.keep_db:
            rel_self = energy - peak
            rel_other = other - o_peak
            echo = (rel_other - rel_self > p.echo_db) & (other > o_floor + p.start_db)
            loud &= ~echo
    # Hysteresis: runs of "keep" frames that contain enough "loud" frames.
    regions: list[tuple[int, int]] = []
    keep_idx = np.flatnonzero(np.diff(np.concatenate(([0], keep.astype(np.int8), [0]))))
    for a, b in zip(keep_idx[::2], keep_idx[1::2], strict=True):
        if int(loud[a:b].sum()) * FRAME_S >= p.min_speech:
            regions.append((int(a), int(b)))
    if not regions:
        return []
    pad = round(p.pad / FRAME_S)
    gap = round(p.merge_gap / FRAME_S)
    merged: list[list[int]] = []
    for a, b in regions:
        a, b = max(0, a - pad), min(len(energy), b + pad)
        if merged and a - merged[-1][1] <= gap:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a * FRAME_S, b * FRAME_S) for a, b in merged]


def split_long(regions: list[Region], energy: np.ndarray, max_len: float = 25.0) -> list[Region]:
    """Cut regions longer than ``max_len`` at their quietest frame (keeps batches flexible)."""
    out: list[Region] = []
    for start, end in regions:
        stack = [(start, end)]
        while stack:
            a, b = stack.pop(0)
            if b - a <= max_len:
                out.append((a, b))
                continue
            fa, fb = int((a + max_len * 0.3) / FRAME_S), int((a + max_len * 0.9) / FRAME_S)
            window = energy[fa:fb]
            if len(window) == 0:
                out.append((a, b))
                continue
            # smoothed minimum, so the cut falls in a pause rather than a stop consonant
            smooth = np.convolve(window, np.ones(10) / 10, mode="same")
            cut = (fa + int(np.argmin(smooth))) * FRAME_S
            out.append((a, cut))
            stack.insert(0, (cut, b))
    return out


def speech_regions(paths: list[Path], params: VadParams | None = None) -> list[list[Region]]:
    """Regions for each channel file (1 = mono, 2 = stereo with crosstalk suppression)."""
    energies = [frame_energies(p) for p in paths]
    if len(energies) == 2:
        n = min(len(energies[0]), len(energies[1]))
        a, b = energies[0][:n], energies[1][:n]
        return [detect(a, b, params), detect(b, a, params)]
    return [detect(e, None, params) for e in energies]
