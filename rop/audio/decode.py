"""Streaming decode: any supported file -> 16 kHz int16 PCM, one raw file per channel.

PyAV decodes frame by frame and its resampler converts each frame to 16 kHz as it comes,
so a 45-minute recording is never held in memory: only one frame and the channel
statistics are. The real duration is counted from decoded samples (the declared one is
never trusted) and decoding stops as soon as it passes the limit.

Stereo files where both channels carry the same signal, or one channel is silent, are
reported as ``mode="mono"`` (the speakers cannot be told apart by channel).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np

from rop.pipeline.errors import PermanentError

SAMPLE_RATE = 16000
NOT_AUDIO = "Файл не является аудио или повреждён"
DAMAGED = "Запись повреждена"
DAMAGED_NO_FRAMES = DAMAGED + ": в файле нет декодируемого звука"
DAMAGED_MOSTLY = DAMAGED + ": большая часть файла не декодируется"
MIN_AUDIO_SECONDS = 0.5  # less decoded sound than this is no recording (a header and noise)
MANIFEST = "audio.json"

Progress = Callable[[float], None]  # seconds of audio decoded so far


@dataclass
class DecodedAudio:
    """What the audio stage leaves in the work dir for the ASR stage."""

    duration: float  # seconds, measured from decoded samples
    channels: int  # channels in the file
    mode: str  # "stereo" (one speaker per channel) or "mono"
    files: list[str]  # raw int16 16 kHz PCM, one per used channel (names inside the work dir)
    codec: str = ""

    def paths(self, work_dir: Path) -> list[Path]:
        return [work_dir / name for name in self.files]

    def save(self, work_dir: Path) -> None:
        tmp = work_dir / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(asdict(self)))
        os.replace(tmp, work_dir / MANIFEST)  # the manifest appears last: its presence means "complete"

    @classmethod
    def load(cls, work_dir: Path) -> DecodedAudio | None:
        path = work_dir / MANIFEST
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        decoded = cls(**data)
        if not all(p.exists() for p in decoded.paths(work_dir)):
            return None
        return decoded


def _too_long_message(limit: int) -> str:
    minutes = limit / 60
    shown = f"{minutes:g}" if minutes == int(minutes) else f"{minutes:.1f}"
    return f"Запись длиннее допустимого: больше {shown} мин ({limit} с)"


def read_pcm(path: Path, start: int = 0, count: int = -1) -> np.ndarray:
    """Samples [start, start+count) of a raw int16 file as float32 in [-1, 1]."""
    with open(path, "rb") as fh:
        fh.seek(start * 2)
        raw = np.fromfile(fh, dtype="<i2", count=count)
    return raw.astype(np.float32) / 32768.0


def pcm_samples(path: Path) -> int:
    return path.stat().st_size // 2


def decode_to_pcm(
    src: Path, work_dir: Path, max_seconds: float, progress: Progress | None = None
) -> DecodedAudio:
    """Decode ``src`` into ``work_dir`` (replacing what is there). PermanentError on bad input."""
    if work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True)
    try:
        container = av.open(str(src), mode="r")
    except (av.FFmpegError, OSError, UnicodeDecodeError):
        raise PermanentError(NOT_AUDIO) from None
    try:
        if not container.streams.audio:
            raise PermanentError(NOT_AUDIO)
        stream = container.streams.audio[0]
        codec = stream.codec_context.name or ""
        in_channels = int(stream.codec_context.channels or 0)
        stereo = in_channels == 2
        layout = "stereo" if stereo else "mono"
        resampler = av.AudioResampler(format="s16p", layout=layout, rate=SAMPLE_RATE)
        n_out = 2 if stereo else 1
        outs = [open(work_dir / f"ch{i}.pcm", "wb") for i in range(n_out)]  # noqa: SIM115 - closed below
        in_samples = 0  # at the stream's own rate, counted frame by frame
        in_seconds = 0.0
        energy = np.zeros(3)  # sum of squares: left, right, left-right
        bad_packets = 0
        bytes_ok = bytes_bad = 0  # packet bytes that decoded / failed to decode
        decoded_any = False
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.FFmpegError:
                    bad_packets += 1
                    bytes_bad += packet.size
                    if not decoded_any and bad_packets > 20:
                        raise PermanentError(DAMAGED_NO_FRAMES) from None
                    continue
                bytes_ok += packet.size
                for frame in frames:
                    if not frame.samples:
                        continue
                    decoded_any = True
                    in_samples += frame.samples
                    in_seconds += frame.samples / float(frame.sample_rate or SAMPLE_RATE)
                    if in_seconds > max_seconds:
                        raise PermanentError(_too_long_message(int(max_seconds)))
                    for out_frame in resampler.resample(frame):
                        _write(out_frame, outs, energy, stereo)
                    if progress is not None:
                        progress(in_seconds)
            for out_frame in resampler.resample(None):
                _write(out_frame, outs, energy, stereo)
        finally:
            for fh in outs:
                fh.close()
    except av.FFmpegError:
        raise PermanentError(NOT_AUDIO) from None
    finally:
        container.close()
    _check_damage(decoded_any, in_seconds, bytes_ok, bytes_bad, bad_packets)

    mode, files = _channel_use(energy, stereo, work_dir)
    decoded = DecodedAudio(
        duration=round(in_seconds, 3), channels=in_channels, mode=mode, files=files, codec=codec
    )
    decoded.save(work_dir)
    return decoded


def _channel_use(energy: np.ndarray, stereo: bool, work_dir: Path) -> tuple[str, list[str]]:
    """("stereo", both files) when the channels carry different speakers, else ("mono", the used one)."""
    if not stereo:
        return "mono", ["ch0.pcm"]
    files = ["ch0.pcm", "ch1.pcm"]
    mode = "stereo"
    left, right, diff = energy
    loud = max(left, right)
    if loud <= 0 or diff < 0.01 * loud:
        mode = "mono"
    elif min(left, right) < 1e-4 * loud:  # one channel is (near) silent
        mode = "mono"
        if right > left:
            files = [files[1]]
    if mode == "mono" and len(files) == 2:
        files = [files[0]]
    for name in {"ch0.pcm", "ch1.pcm"} - set(files):
        (work_dir / name).unlink(missing_ok=True)
    return mode, files


def _check_damage(decoded_any: bool, seconds: float, bytes_ok: int, bytes_bad: int, bad_packets: int) -> None:
    """A file whose stream holds (almost) no decodable sound is a damaged recording, not a silent call."""
    if not decoded_any:
        raise PermanentError(DAMAGED_NO_FRAMES)
    if seconds < MIN_AUDIO_SECONDS:
        shown = f"{seconds:.1f}".replace(".", ",")
        raise PermanentError(f"{DAMAGED}: звука всего {shown} с")
    if bad_packets >= 3 and bytes_bad > bytes_ok:
        raise PermanentError(DAMAGED_MOSTLY)


def _write(frame: av.AudioFrame, outs: Sequence[BinaryIO], energy: np.ndarray, stereo: bool) -> None:
    planes = frame.to_ndarray()  # s16p: shape (channels, samples)
    if planes.ndim == 1:
        planes = planes[None, :]
    for i, fh in enumerate(outs):
        fh.write(np.ascontiguousarray(planes[i], dtype="<i2").tobytes())
    if stereo and planes.shape[0] >= 2:
        left = planes[0].astype(np.float32)
        right = planes[1].astype(np.float32)
        energy[0] += float(np.dot(left, left))
        energy[1] += float(np.dot(right, right))
        d = left - right
        energy[2] += float(np.dot(d, d))
