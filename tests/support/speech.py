"""Russian speech for tests and benchmarks, synthesised here (no recordings needed).

Voice "manager" is festival's msu_ru_nsh_clunits (festvox-ru); voice "client" is the same
voice pitch-shifted up with sox (a clearly different pitch, same words). Dialogues are built
as telephony recordings: stereo with the manager on the left and the client on the right
(turns alternate, the other channel silent), or a mono mix; encoded at 8 kHz as MP3, WAV
or OGG (Vorbis/Opus) with ffmpeg.

Everything generated is cached by content hash under ``cache_dir()`` (the test data dir by
default), so a test session synthesises each phrase once.

Numbers must be written as words: festival's Russian front end does not read digits.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FESTIVAL_VOICE = "voice_msu_ru_nsh_clunits"
RATE = 16000
# Per voice: sox effects applied after synthesis.
VOICES: dict[str, list[str]] = {
    "manager": [],
    "client": ["pitch", "450", "tempo", "1.05"],
    "narrow": ["pitch", "-250"],
}


@dataclass(frozen=True)
class Turn:
    speaker: str  # "manager" | "client"
    text: str


@dataclass
class Placed:
    speaker: str
    text: str
    start: float
    end: float


@dataclass
class Dialogue:
    path: Path
    turns: list[Placed]
    duration: float


def cache_dir() -> Path:
    base = os.environ.get("ROP_SPEECH_CACHE") or os.environ.get("ROP_TEST_DATA_DIR") or tempfile.gettempdir()
    path = Path(base) / "speech-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:24]


def _run(cmd: list[str], stdin: bytes | None = None) -> None:
    proc = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {proc.stderr.decode(errors='replace')[-500:]}")


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        rate = w.getframerate()
    assert rate == RATE, (path, rate)
    return data.astype(np.float32) / 32768.0


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    """samples: (n,) mono or (n, 2) stereo float in [-1, 1]."""
    data = np.clip(samples, -1.0, 1.0)
    channels = 1 if data.ndim == 1 else data.shape[1]
    pcm = (data * 32767).astype("<i2")
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    os.replace(tmp, path)
    return path


def festival_text(text: str) -> str:
    """The same words in punctuation festival can read: it writes no audio for a text with
    dashes, ellipses, a comma after a space, a slash or typographic quotes."""
    text = text.replace("«", "").replace("»", "")
    text = re.sub(r"\s*[—–]\s*", ", ", text)
    text = re.sub(r"\.{2,}|…", ".", text)
    text = re.sub(r"(\w)\.(\w)", r"\1 \2", text)  # ДОМ.РФ
    text = text.replace("/", " ")  # "т/с", "руб/мес": festival writes nothing for a slash
    text = re.sub(r"\s+([,.!?:;])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    return text.lstrip(" .,") or text


def synth(text: str, voice: str = "manager") -> np.ndarray:
    """One phrase as 16 kHz mono float32 (cached)."""
    text = festival_text(text)
    if not any(ch.isalnum() for ch in text):  # a silent turn («…», «—»): festival writes no audio
        return np.zeros(int(RATE * 0.6), dtype=np.float32)
    out = cache_dir() / f"phrase-{_key(text, voice, VOICES[voice])}.wav"
    if not out.exists():
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.wav"
            _run(["text2wave", "-eval", f"({FESTIVAL_VOICE})", "-o", str(raw)], stdin=text.encode("utf-8"))
            fx = Path(tmp) / "fx.wav"
            _run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(fx), *VOICES[voice]])
            os.replace(fx, out)
    return read_wav(out)


def encode(src: Path, dst: Path, *, rate: int = 8000, codec: str | None = None, bitrate: str = "32k") -> Path:
    """Encode a WAV into dst's format (by suffix: .mp3, .wav, .ogg (Vorbis), .opus) at ``rate``."""
    suffix = dst.suffix.lower()
    args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(src)]
    if suffix == ".mp3":
        args += ["-ar", str(rate), "-c:a", codec or "libmp3lame", "-b:a", bitrate]
    elif suffix == ".wav":
        args += ["-ar", str(rate), "-c:a", codec or "pcm_s16le"]
    elif suffix == ".ogg":
        args += ["-ar", str(rate), "-c:a", codec or "libvorbis"]
    elif suffix == ".opus":
        # Opus works at 48 kHz internally; the container may still be called .opus/.ogg.
        args += ["-c:a", codec or "libopus", "-b:a", bitrate, "-f", "ogg"]
    else:
        raise ValueError(suffix)
    tmp = dst.with_name(dst.name + ".tmp" + suffix)
    _run([*args, str(tmp)])
    os.replace(tmp, dst)
    return dst


def build_dialogue(
    turns: list[Turn],
    *,
    stereo: bool = True,
    fmt: str = "mp3",
    rate: int = 8000,
    gap: float = 0.6,
    lead: float = 0.5,
    manager_left: bool = True,
    name: str | None = None,
) -> Dialogue:
    """A telephony-like recording of ``turns`` (cached) and where each turn lies in it."""
    key = _key([(t.speaker, t.text) for t in turns], stereo, fmt, rate, gap, lead, manager_left, VOICES)
    out = cache_dir() / f"{name or 'dialogue'}-{key}.{fmt}"
    meta = out.with_suffix(out.suffix + ".json")
    if out.exists() and meta.exists():
        data = json.loads(meta.read_text())
        return Dialogue(out, [Placed(**p) for p in data["turns"]], data["duration"])
    pieces: list[tuple[str, np.ndarray]] = [(t.speaker, synth(t.text, t.speaker)) for t in turns]
    total = int((lead + sum(len(p) / RATE + gap for _, p in pieces) + 0.5) * RATE)
    left = np.zeros(total, dtype=np.float32)
    right = np.zeros(total, dtype=np.float32)
    placed: list[Placed] = []
    pos = int(lead * RATE)
    for (speaker, audio), turn in zip(pieces, turns, strict=False):
        on_left = (speaker == "manager") == manager_left
        target = left if on_left else right
        target[pos : pos + len(audio)] += audio * 0.8
        placed.append(Placed(speaker, turn.text, pos / RATE, (pos + len(audio)) / RATE))
        pos += len(audio) + int(gap * RATE)
    # A little line noise on both channels, as on a real phone line (not digital silence).
    rng = np.random.default_rng(7)
    left += rng.normal(0, 0.002, total).astype(np.float32)
    right += rng.normal(0, 0.002, total).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "mix.wav"
        samples = np.stack([left, right], axis=1) if stereo else (left + right)
        write_wav(wav, samples)
        encode(wav, out, rate=rate)
    duration = total / RATE
    meta.write_text(
        json.dumps({"turns": [p.__dict__ for p in placed], "duration": duration}, ensure_ascii=False)
    )
    return Dialogue(out, placed, duration)


def silence(
    seconds: float, dst: Path, *, stereo: bool = False, rate: int = 8000, bitrate: str = "8k"
) -> Path:
    """A long silent file made cheaply (low-bitrate MP3 by default; the suffix picks the format)."""
    layout = "stereo" if stereo else "mono"
    args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
            "-i", f"anullsrc=r={rate}:cl={layout}", "-t", str(seconds)]
    if dst.suffix == ".mp3":
        args += ["-c:a", "libmp3lame", "-b:a", bitrate]
    _run([*args, str(dst)])
    return dst


def tone(seconds: float, dst: Path, *, stereo: bool = False, freq: int = 440, rate: int = 8000) -> Path:
    """A sine tone in dst's format (non-silent audio without speech). Stereo: different tones per channel."""
    src = f"sine=frequency={freq}:sample_rate={rate}:duration={seconds}"
    if stereo:
        other = f"sine=frequency={freq * 3 // 2}:sample_rate={rate}:duration={seconds}"
        args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", src,
                "-f", "lavfi", "-i", other, "-filter_complex", "[0:a][1:a]amerge=inputs=2"]
    else:
        args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", src]
    if dst.suffix == ".opus":
        args += ["-c:a", "libopus", "-f", "ogg"]
    elif dst.suffix == ".ogg":
        args += ["-c:a", "libvorbis"]
    _run([*args, str(dst)])
    return dst
