"""Roles for mono recordings (both speakers on one channel).

Method (documented in the report and measured by bench/asr.py):
1. Each segment is one speaker's turn candidate (segments are split at every pause the
   speech detector sees, see rop.asr.transcribe).
2. Per segment: median pitch (F0, normalised autocorrelation over voiced 40 ms frames,
   70-400 Hz) and mean spectral centroid of loud frames.
3. Two clusters by 2-means on standardised (log F0, centroid). If the two centres are
   closer than ``MIN_PITCH_SEPARATION`` (about two semitones), the call is treated as one
   voice or indistinguishable voices: every role is "unknown".
4. Which cluster is the manager: phrases managers say (company greeting, name,
   offers, booking a viewing) against phrases clients say (I'm calling about, how much).
   When the cues do not decide, the roles are "unknown" rather than a guess.
Segments too short to measure take their neighbour's cluster when both neighbours agree,
otherwise "unknown".
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from rop.audio.decode import SAMPLE_RATE, pcm_samples, read_pcm

MIN_PITCH_SEPARATION = 0.11  # natural-log F0 units (~1.9 semitones)
WIN = 640  # 40 ms
HOP = 320

MANAGER_CUES = [
    r"меня зовут", r"агентств", r"компани", r"чем (могу|я могу) помочь", r"слушаю вас", r"беспоко",
    r"удобно (сейчас )?говорить", r"предлага", r"могу предложить", r"запиш", r"на просмотр",
    r"подскажите,? (пожалуйста,? )?(как|ваш|какой|какую|на какой)", r"как к вам обращаться",
    r"отправлю", r"пришлю", r"наш(а|ем|его|и)? (офис|менеджер|специалист)", r"ипотек", r"перезвон",
    r"спасибо за (звонок|обращение)", r"всего доброго", r"застройщик",
]
CLIENT_CUES = [
    r"я (звоню|звонил|звонила)", r"по поводу", r"по объявлению", r"хочу", r"хотел(а)? бы", r"интересу",
    r"сколько (стоит|будет)", r"а (можно|есть)", r"мне (нужн|надо)", r"я подумаю", r"дорого",
    r"у меня (есть|бюджет)", r"мы с (женой|мужем)",
]


def _pitch_and_centroid(x: np.ndarray) -> tuple[float | None, float | None]:
    if len(x) < WIN * 3:
        return None, None
    n = 1 + (len(x) - WIN) // HOP
    idx = np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]
    frames = x[idx] * np.hanning(WIN)[None, :]
    energy = np.mean(frames**2, axis=1)
    loud = energy > max(np.percentile(energy, 40), 1e-7)
    frames = frames[loud]
    if len(frames) < 3:
        return None, None
    spec = np.fft.rfft(frames, n=2 * WIN, axis=1)
    power = np.abs(spec) ** 2
    ac = np.fft.irfft(power, axis=1)[:, :WIN]
    ac = ac / np.maximum(ac[:, :1], 1e-12)
    lo, hi = SAMPLE_RATE // 400, SAMPLE_RATE // 70
    lags = np.argmax(ac[:, lo:hi], axis=1) + lo
    peaks = ac[np.arange(len(ac)), lags]
    voiced = peaks > 0.45
    freqs = np.fft.rfftfreq(WIN, 1 / SAMPLE_RATE)
    mag = np.abs(np.fft.rfft(frames, axis=1))
    centroid = float(np.mean((mag * freqs).sum(axis=1) / np.maximum(mag.sum(axis=1), 1e-9)))
    if voiced.sum() < 3:
        return None, centroid
    return float(np.median(SAMPLE_RATE / lags[voiced])), centroid


def _cue_score(text: str, cues: list[str]) -> int:
    low = text.lower().replace("ё", "е")
    return sum(1 for c in cues if re.search(c, low))


def _kmeans2(x: np.ndarray, iters: int = 30) -> np.ndarray:
    order = np.argsort(x[:, 0])
    centres = np.stack([x[order[: max(1, len(x) // 4)]].mean(axis=0), x[order[-max(1, len(x) // 4):]].mean(axis=0)])
    labels = np.zeros(len(x), dtype=int)
    for _ in range(iters):
        d = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new = np.argmin(d, axis=1)
        if (new == labels).all() and _ > 0:
            break
        labels = new
        for k in (0, 1):
            if (labels == k).any():
                centres[k] = x[labels == k].mean(axis=0)
    return labels


def cluster_voices(path: Path, spans: list[tuple[float, float]]) -> list[int | None]:
    """Cluster label (0/1) per span, None where unmeasurable; all None if one voice."""
    total = pcm_samples(path)
    feats: list[tuple[float, float] | None] = []
    for s, e in spans:
        a, b = int(s * SAMPLE_RATE), min(int(e * SAMPLE_RATE), total)
        f0, cen = _pitch_and_centroid(read_pcm(path, a, max(0, b - a)))
        feats.append((np.log(f0), cen) if f0 is not None and cen is not None else None)
    measured = [i for i, f in enumerate(feats) if f is not None]
    labels: list[int | None] = [None] * len(spans)
    if len(measured) < 2:
        return labels
    x = np.array([feats[i] for i in measured], dtype=float)
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mu) / sd
    z[:, 1] *= 0.5  # pitch is the main cue; the spectral centroid only helps
    lab = _kmeans2(z)
    if len(set(lab.tolist())) < 2:
        return labels
    f0_gap = abs(x[lab == 0, 0].mean() - x[lab == 1, 0].mean())
    if f0_gap < MIN_PITCH_SEPARATION:
        return labels
    for i, found in zip(measured, lab.tolist(), strict=True):
        labels[i] = int(found)
    # unmeasurable spans between two agreeing neighbours take their label
    for i, label in enumerate(labels):
        if label is None:
            prev = next((labels[j] for j in range(i - 1, -1, -1) if labels[j] is not None), None)
            nxt = next((labels[j] for j in range(i + 1, len(labels)) if labels[j] is not None), None)
            if prev is not None and prev == nxt:
                labels[i] = prev
    return labels


def assign_roles(path: Path, segments: list[tuple[float, float, str]]) -> list[str]:
    """manager / client / unknown for each (start, end, text) segment of a mono recording."""
    labels = cluster_voices(path, [(s, e) for s, e, _t in segments])
    score = {0: 0, 1: 0}
    for (_s, _e, text), lab in zip(segments, labels, strict=True):
        if lab is None:
            continue
        signed = _cue_score(text, MANAGER_CUES) - _cue_score(text, CLIENT_CUES)
        score[lab] += signed
        score[1 - lab] -= signed
    if score[0] == score[1]:
        return ["unknown"] * len(segments)
    manager = 0 if score[0] > score[1] else 1
    return ["unknown" if lab is None else ("manager" if lab == manager else "client") for lab in labels]
