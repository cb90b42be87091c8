"""A 45-minute 8 kHz stereo MP3 through decode + ASR: wall time, RTF, peak RSS (target <= 1.2 GB).

The recording is the synthesised dialogues of bench/data/asr repeated to ~45 minutes
(ffmpeg concat, no re-encode). The measurement runs in a fresh child process (model load
included in RSS, reported apart in time) so the peak RSS is that of one worker doing the job.

Usage: .venv/bin/python bench/long_call.py [--minutes 44.8]
CPU-heavy (several minutes): run it rarely.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("ROP_SPEECH_CACHE", str(ROOT / "var" / "bench"))


def build(minutes: float) -> Path:
    from bench.asr import load_scripts
    from tests.support.speech import build_dialogue, cache_dir

    out = cache_dir() / f"long-{minutes:g}min.mp3"
    if out.exists():
        return out
    parts = [build_dialogue(s.turns, stereo=True, fmt="mp3", name=s.name) for s in load_scripts()]
    total = sum(p.duration for p in parts)
    repeat = int(minutes * 60 / total) + 1
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        for _ in range(repeat):
            for p in parts:
                fh.write(f"file '{p.path}'\n")
        listing = fh.name
    tmp = out.with_name(out.name + ".tmp.mp3")
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                    "-i", listing, "-t", str(minutes * 60), "-c", "copy", str(tmp)], check=True)
    os.unlink(listing)
    os.replace(tmp, out)
    return out


def child(path: str) -> None:
    """Runs in a fresh process: load the model, decode, transcribe; print figures as JSON."""
    from rop import config
    from rop.asr.engines import get_engine
    from rop.asr.transcribe import transcribe_decoded
    from rop.audio.decode import decode_to_pcm

    cfg = config.get()
    t0 = time.perf_counter()
    engine = get_engine()
    load_s = time.perf_counter() - t0
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory(dir=cfg.tmp_dir) as tmp:
        c0 = time.process_time()
        t0 = time.perf_counter()
        decoded = decode_to_pcm(Path(path), Path(tmp) / "w", cfg.max_audio_seconds)
        decode_s = time.perf_counter() - t0
        segments = transcribe_decoded(Path(tmp) / "w", decoded, engine, time_factor=cfg.asr_time_factor)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
    print(json.dumps({
        "duration": decoded.duration, "load_s": load_s, "decode_s": decode_s, "wall_s": wall, "cpu_s": cpu,
        "segments": len(segments), "rss_after_load_mb": rss_after_load,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=44.8)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    path = build(args.minutes)
    print(f"file {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        raise SystemExit(proc.returncode)
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"audio {r['duration']:.0f}s  model load {r['load_s']:.1f}s  decode {r['decode_s']:.1f}s  "
          f"decode+asr wall {r['wall_s']:.0f}s  RTF {r['wall_s'] / r['duration']:.3f}  "
          f"CPU {r['cpu_s']:.0f}s (CPU-RTF {r['cpu_s'] / r['duration']:.3f})  segments {r['segments']}")
    verdict = "OK" if r["peak_rss_mb"] <= 1200 else "OVER"
    print(f"peak RSS {r['peak_rss_mb']:.0f} MB (after model load {r['rss_after_load_mb']:.0f} MB), "
          f"target <= 1200 MB: {verdict}")


if __name__ == "__main__":
    main()
