"""Decoded channels -> transcript segments with roles. Shared by the pipeline stage and `rop analyze`.

Only speech is transcribed: each channel's speech regions (rop.audio.vad) are concatenated
with short gaps into batches of a few minutes, each batch goes to the engine, and word
times are mapped back to the original timeline. Segments are split where the original
timeline has a pause the concatenation removed (the other speaker may have talked there),
then both channels are merged in time order. Batches bound memory for long calls and each
gets a wall-time budget so unintelligible audio cannot stall a worker.
"""

from __future__ import annotations

import bisect
import logging
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from rop.asr.engines.base import Engine, RawSegment, Word
from rop.audio.decode import SAMPLE_RATE, DecodedAudio, pcm_samples, read_pcm
from rop.audio.vad import Region, VadParams, frame_energies, speech_regions, split_long
from rop.core.speech import Speaker, WordTiming, as_speaker

log = logging.getLogger("rop.asr")

BATCH_SECONDS = 240.0  # speech per engine call: bounds memory (features) for 45-minute calls
JOIN_GAP = 0.3  # seconds of silence between concatenated regions
MAX_REGION = 25.0
STEREO_SPLIT_GAP = 1.0  # a removed pause longer than this ends a segment (stereo)
MONO_VAD = VadParams(merge_gap=0.2, pad=0.1)  # finer regions: each is one speaker's turn candidate

# Whisper's well-known inventions on silence or noise (Russian subtitle credits etc.).
_HALLUCINATIONS = re.compile(
    r"(субтитр|dimatorzok|продолжение следует|спасибо за просмотр|подписывайтесь на канал|"
    r"редактор субтитров|корректор)",
    re.IGNORECASE,
)

Progress = Callable[[float], None]  # fraction 0..1 of the speech transcribed


@dataclass
class Segment:
    start: float
    end: float
    speaker: Speaker
    channel: int | None  # 0 left, 1 right; None for mono
    text: str
    avg_prob: float | None = None
    words: list[WordTiming] = field(default_factory=list)


@dataclass(frozen=True)
class Recognised:
    """A stretch of one channel's speech as the engine heard it, in the call's timeline."""

    start: float
    end: float
    text: str
    words: list[Word]
    piece: int  # index of the speech region (piece) it ends in, counted over the channel


@dataclass
class _Piece:
    concat_start: float
    orig_start: float
    orig_end: float


@dataclass
class _Batch:
    audio: np.ndarray
    pieces: list[_Piece]

    def to_orig(self, t: float) -> tuple[float, int]:
        starts = [p.concat_start for p in self.pieces]
        i = max(0, bisect.bisect_right(starts, t) - 1)
        p = self.pieces[i]
        return min(max(p.orig_start + (t - p.concat_start), p.orig_start), p.orig_end), i


def _batches(path: Path, regions: list[Region], batch_seconds: float = BATCH_SECONDS) -> Iterator[_Batch]:
    """Yield batches of concatenated speech read from the raw PCM file (never the whole file)."""
    gap = np.zeros(int(JOIN_GAP * SAMPLE_RATE), dtype=np.float32)
    total = pcm_samples(path)
    group: list[Region] = []
    length = 0.0
    for region in regions:
        group.append(region)
        length += region[1] - region[0] + JOIN_GAP
        if length >= batch_seconds:
            yield _make_batch(path, group, gap, total)
            group, length = [], 0.0
    if group:
        yield _make_batch(path, group, gap, total)


def _make_batch(path: Path, group: list[Region], gap: np.ndarray, total: int) -> _Batch:
    chunks: list[np.ndarray] = []
    pieces: list[_Piece] = []
    pos = 0
    for start, end in group:
        a, b = int(start * SAMPLE_RATE), min(int(end * SAMPLE_RATE), total)
        if b <= a:
            continue
        if chunks:
            chunks.append(gap)
            pos += len(gap)
        pieces.append(_Piece(pos / SAMPLE_RATE, a / SAMPLE_RATE, b / SAMPLE_RATE))
        chunk = read_pcm(path, a, b - a)
        chunks.append(chunk)
        pos += len(chunk)
    audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return _Batch(audio, pieces)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _segments_from_batch(
    batch: _Batch, raw: list[RawSegment], split_gap: float | None
) -> list[Recognised]:
    """Recognised stretches (words in original time, piece index) split at removed pauses.

    ``split_gap``: split when words fall in pieces whose original gap exceeds it; None: split
    at every piece change (mono: each piece is a turn candidate).
    """
    out: list[Recognised] = []
    for seg in raw:
        if not seg.words:
            s, i = batch.to_orig(seg.start)
            e, _ = batch.to_orig(max(seg.start, seg.end - 0.01))
            if _clean(seg.text):
                out.append(Recognised(s, max(e, s), collapse_loops(_clean(seg.text)), [], i))
            continue
        current: list[Word] = []
        piece = -1
        for w in seg.words:
            ws, i = batch.to_orig((w.start + w.end) / 2)
            start, _ = batch.to_orig(w.start)
            end, _ = batch.to_orig(w.end)
            start, end = max(min(start, ws), batch.pieces[i].orig_start), min(max(end, ws), batch.pieces[i].orig_end)
            moved = Word(start, end, w.text, w.prob)
            if current and i != piece:
                prev_end = batch.pieces[piece].orig_end
                gap = batch.pieces[i].orig_start - prev_end
                if split_gap is None or gap > split_gap:
                    out.append(_emit(current, piece))
                    current = []
            current.append(moved)
            piece = i
        if current:
            out.append(_emit(current, piece))
    return [o for o in out if o.text]


# Whisper's decoding loop: one word over and over («Север-Север-Север-…», «да да да да да»),
# typically where a hotword or a misheard stretch seeds it. A third repeat in a row is dropped.
_LOOP = re.compile(r"\b(\w+)(?:[\s,-]+\1\b){2,}", re.IGNORECASE)
MAX_REPEATS = 2


def collapse_loops(text: str) -> str:
    """«Север-Север-Север-Север» -> «Север»; a word said twice («да, да») stays."""
    return _LOOP.sub(r"\1", text)


def _drop_loops(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for w in words:
        key = w.text.strip(" ,.-").lower()
        if len(out) >= MAX_REPEATS and all(o.text.strip(" ,.-").lower() == key for o in out[-MAX_REPEATS:]):
            continue
        out.append(Word(w.start, w.end, collapse_loops(w.text), w.prob))
    return out


def _emit(words: list[Word], piece: int) -> Recognised:
    words = _drop_loops(words)
    text = _clean("".join(w.text for w in words))
    return Recognised(words[0].start, max(words[-1].end, words[0].start), text, words, piece)


def transcribe_channel(
    engine: Engine,
    path: Path,
    regions: list[Region],
    *,
    prompt: str = "",
    split_gap: float | None = STEREO_SPLIT_GAP,
    time_factor: float = 1.0,
    on_speech_done: Callable[[float], None] | None = None,
) -> list[Recognised]:
    out: list[Recognised] = []
    piece_base = 0
    for batch in _batches(path, regions):
        seconds = len(batch.audio) / SAMPLE_RATE
        deadline = time.monotonic() + max(30.0, time_factor * seconds)
        pieces = [(p.concat_start, p.concat_start + p.orig_end - p.orig_start) for p in batch.pieces]
        raw = engine.transcribe(batch.audio, prompt=prompt, deadline=deadline, pieces=pieces)
        for found in _segments_from_batch(batch, raw, split_gap):
            out.append(replace(found, piece=piece_base + found.piece))
        piece_base += len(batch.pieces)
        if on_speech_done is not None:
            on_speech_done(seconds)
    return out


_Found = list[Recognised]
_Unit = tuple[Path, list[Region], float | None, str]  # file, its regions, split gap, vocabulary prompt


def _run_units(
    engine: Engine,
    units: list[_Unit],
    streams: int,
    time_factor: float,
    advance: Callable[[float], None],
) -> list[_Found]:
    """Transcribe each (file, regions, split_gap, prompt) unit, results in the units' order.

    Every unit is cut into batches of about BATCH_SECONDS of speech (independent engine
    calls); up to ``streams`` batches run at once, from any unit, so a channel with more
    speech does not leave a core idle. Each batch reads its own audio when it starts.
    """
    tasks = [(i, path, group, split_gap, prompt) for i, (path, regs, split_gap, prompt) in enumerate(units)
             for group in _group(regs)]

    def one(task: tuple[int, Path, list[Region], float | None, str]) -> _Found:
        _i, path, group, split_gap, prompt = task
        return transcribe_channel(engine, path, group, prompt=prompt, split_gap=split_gap,
                                  time_factor=time_factor, on_speech_done=advance)

    results: list[_Found] = [[] for _ in units]
    if streams <= 1 or len(tasks) <= 1:
        for task in tasks:
            results[task[0]].extend(one(task))
        return results
    with ThreadPoolExecutor(max_workers=min(streams, len(tasks)), thread_name_prefix="asr") as pool:
        for task, found in zip(tasks, pool.map(one, tasks), strict=True):
            results[task[0]].extend(found)
    return results


def _group(regions: list[Region], batch_seconds: float = BATCH_SECONDS) -> list[list[Region]]:
    groups: list[list[Region]] = []
    length = batch_seconds
    for region in regions:
        if length >= batch_seconds:
            groups.append([])
            length = 0.0
        groups[-1].append(region)
        length += region[1] - region[0] + JOIN_GAP
    return groups


def _split_regions(regions: list[Region], parts: int) -> list[list[Region]]:
    """Consecutive groups of regions with about equal speech time."""
    if parts <= 1 or len(regions) < 2:
        return [regions]
    total = sum(b - a for a, b in regions)
    out: list[list[Region]] = [[]]
    acc = 0.0
    for region in regions:
        if acc >= total * len(out) / parts and len(out) < parts:
            out.append([])
        out[-1].append(region)
        acc += region[1] - region[0]
    return [g for g in out if g]


def _words_json(words: list[Word]) -> list[WordTiming]:
    return [
        {"word": w.text.strip(), "start": round(w.start, 3), "end": round(w.end, 3),
         "prob": round(w.prob, 4) if w.prob is not None else None}
        for w in words
    ]


def _avg_prob(words: list[Word]) -> float | None:
    probs = [w.prob for w in words if w.prob is not None]
    return round(float(np.mean(probs)), 4) if probs else None


def _is_hallucination(text: str) -> bool:
    return bool(_HALLUCINATIONS.search(text))


def transcribe_decoded(
    work_dir: Path,
    decoded: DecodedAudio,
    engine: Engine,
    *,
    manager_channel: str = "left",
    vocabulary: str = "",
    time_factor: float = 1.0,
    progress: Progress | None = None,
    use_vad: bool = True,
    vocabulary_speakers: str = "manager",
) -> list[Segment]:
    """The whole transcript of a decoded call, in time order, with roles.

    ``use_vad=False`` transcribes every channel whole, silence included (the baseline
    bench/asr.py compares against). ``vocabulary_speakers``: on stereo, whose channel gets the
    vocabulary (``manager`` or ``both``; mono always gets it).
    """
    paths = decoded.paths(work_dir)
    prompt = vocabulary_prompt(vocabulary)
    stereo = decoded.mode == "stereo" and len(paths) == 2
    if not use_vad:
        whole = [(0.0, pcm_samples(p) / SAMPLE_RATE) for p in paths]
        regions = [split_long([w], frame_energies(p), MAX_REGION) for w, p in zip(whole, paths, strict=True)]
    elif stereo:
        regions = speech_regions(paths)
        regions = [split_long(r, frame_energies(p), MAX_REGION) for r, p in zip(regions, paths, strict=True)]
    else:
        energy = frame_energies(paths[0])
        regions = [split_long(speech_regions(paths[:1], MONO_VAD)[0], energy, MAX_REGION)]
    total = sum(b - a for rs in regions for a, b in rs) or 1.0
    done = [0.0]

    def advance(seconds: float) -> None:
        done[0] += seconds
        if progress is not None:
            progress(min(1.0, done[0] / (total + JOIN_GAP * sum(len(r) for r in regions))))

    streams = max(1, int(getattr(engine, "streams", 1)))
    segments: list[Segment] = []
    if stereo:
        manager_idx = 0 if manager_channel == "left" else 1
        # The organisation's words are the manager's (company, products): on the client's channel
        # they only tempt Whisper to hear them (ROP_ASR_VOCABULARY_SPEAKERS).
        client_prompt = prompt if vocabulary_speakers == "both" else ""
        units: list[_Unit] = [(path, regs, STEREO_SPLIT_GAP, prompt if ch == manager_idx else client_prompt)
                              for ch, (path, regs) in enumerate(zip(paths, regions, strict=True))]
        results = _run_units(engine, units, streams, time_factor, advance)
        for ch, found in enumerate(results):
            role: Speaker = "manager" if ch == manager_idx else "client"
            for r in found:
                if _is_hallucination(r.text):
                    continue
                segments.append(
                    Segment(r.start, r.end, role, ch, r.text, _avg_prob(r.words), _words_json(r.words))
                )
    else:
        from rop.asr.speakers import assign_roles

        # One channel: its regions are cut into ``streams`` consecutive parts decoded at once.
        parts = _split_regions(regions[0], streams)
        units = [(paths[0], part, None, prompt) for part in parts]
        raw = [r for found in _run_units(engine, units, streams, time_factor, advance) for r in found]
        raw = [r for r in raw if not _is_hallucination(r.text)]
        roles = assign_roles(paths[0], [(r.start, r.end, r.text) for r in raw])
        for r, mono_role in zip(raw, roles, strict=True):
            segments.append(Segment(r.start, r.end, as_speaker(mono_role), None, r.text, _avg_prob(r.words),
                                    _words_json(r.words)))
    segments.sort(key=lambda seg: (seg.start, seg.channel or 0))
    if progress is not None:
        progress(1.0)
    return segments


# Whisper base degrades fast with long hotword lists (measured with bench data, 2026-11-29):
# 5 terms / ~70 characters lowered manager WER 27 -> 23-24 %, 10 terms / ~130 characters raised it
# to 38 %, 16 terms / ~250 characters sent the client channel to 97 % (hallucinated hotwords).
# So only the first terms, in the organisation's order of priority, are used.
MAX_VOCABULARY_TERMS = 6
MAX_VOCABULARY_CHARS = 90


def vocabulary_prompt(vocabulary: str) -> str:
    """Organisation.vocabulary (one term per line or comma-separated) as a short ASR prompt:
    the first distinct terms, at most MAX_VOCABULARY_TERMS and MAX_VOCABULARY_CHARS."""
    terms = [t.strip() for t in re.split(r"[\n,;]+", vocabulary or "") if t.strip()]
    seen: list[str] = []
    for t in terms:
        if t.lower() in (s.lower() for s in seen):
            continue
        if len(seen) >= MAX_VOCABULARY_TERMS or len(", ".join([*seen, t])) > MAX_VOCABULARY_CHARS:
            break
        seen.append(t)
    return ", ".join(seen)
