"""Scale-out benchmark: the same batch of calls through 1, then 2 worker processes on PostgreSQL.

Each run is a fresh isolated rop instance (own PostgreSQL database) with N separate
`rop worker` processes, each with its own ROP_DATA_DIR (as on separate machines) and pinned to
one core of its own (taskset), the audio in an S3-compatible store (moto_server on loopback,
standing in for MinIO/Ceph; --store file for a local directory), every stage real:
fetch (from a loopback HTTP server), audio decode, ASR (embedded faster-whisper,
ROP_ASR_THREADS=1 per process so that scaling comes from processes), analysis (embedded; no
checklists configured, so it is near-instant).
Audio: Russian two-voice telephony dialogues synthesised with festival (festvox-ru,
tests/support/speech.py), stereo 8 kHz MP3, the first --turns turns of bench/data/asr/*.txt.

Figures printed per run: batch wall time (first call queued -> last call done, from the
database), throughput in calls/min and audio-minutes/min, and the 2-vs-1 ratio. Model
loading is inside the measured time for both runs (once per worker process).

Usage: .venv/bin/python bench/scale.py [--calls 6] [--turns 6] [--workers 1,2] [--store s3|file]
Needs PostgreSQL: ROP_DATABASE_URL=postgres://… or the default local one on 127.0.0.1:55432
(started with .ci/start-postgres when it is not running). CPU-heavy: run it rarely.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ROP_SPEECH_CACHE", str(ROOT / "var" / "bench"))
DEFAULT_PG = "postgres://postgres@127.0.0.1:55432/rop"

from tests.pipeline.procs import query
from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import RopEnv
from tests.support.s3srv import S3Server, s3_server
from tests.support.speech import Turn, build_dialogue

SEED = """
import json, sys
from rop.calls.models import Call, CallEvent
from rop.tenants.services import get_or_create_org
urls = json.loads(sys.stdin.read())
org = get_or_create_org("Бенчмарк масштабирования")[0]
for i, url in enumerate(urls):
    call = Call.objects.create(org=org, call_id=f"bench-{i}", audio_url=url)
    CallEvent.objects.create(call=call, kind="received", message="Звонок получен через API")
print(len(urls))
"""


def ensure_postgres() -> str:
    url = os.environ.get("ROP_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "55432", "-q"], check=False)
    if ready.returncode != 0:
        subprocess.run([str(ROOT / ".ci" / "start-postgres")], check=True)
    return DEFAULT_PG


def dialogues(n_turns: int) -> list[Path]:
    out = []
    for src in sorted((ROOT / "bench" / "data" / "asr").glob("*.txt")):
        turns = []
        for line in src.read_text(encoding="utf-8").splitlines():
            if line[:2] in ("M:", "C:"):
                turns.append(Turn("manager" if line[0] == "M" else "client", line[2:].strip()))
        out.append(build_dialogue(turns[:n_turns], stereo=True, name=f"scale-{src.stem}").path)
    return out


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _spawn_workers(env: RopEnv, workers: int) -> list[subprocess.Popen[bytes]]:
    """N `rop worker` processes, each with its own data dir and its own core (when there are enough)."""
    shared_models = ROOT / "var" / "bench" / "models"  # joined once; joining it is not what we measure
    shared_models.mkdir(parents=True, exist_ok=True)
    cpus = sorted(os.sched_getaffinity(0))
    procs = []
    for i in range(workers):
        data_dir = env.root / f"node-{i}"
        data_dir.mkdir()
        (data_dir / "models").symlink_to(shared_models, target_is_directory=True)
        proc = env.spawn("worker", log_name=f"worker{i}", env={"ROP_DATA_DIR": str(data_dir)})
        if len(cpus) >= workers:
            subprocess.run(["taskset", "-a", "-p", "-c", str(cpus[i]), str(proc.pid)], check=False,
                           capture_output=True)
        procs.append(proc)
    return procs


def run_batch(workers: int, urls: list[str], root: Path, timeout: float, asr_streams: int,
              s3: S3Server | None) -> dict[str, Any]:
    extra = {
        "ROP_ASR_THREADS": "1",
        "ROP_ASR_STREAMS": str(asr_streams),
        "ROP_WORKER_POLL_SECONDS": "0.2",
        "ROP_LOG_LEVEL": "INFO",
    }
    if s3 is not None:
        bucket = f"bench-{workers}-{int(time.time())}"
        s3.create_bucket(bucket)
        extra.update(s3.env, ROP_STORE_URL=f"s3://{bucket}/calls")
    env = RopEnv(root / f"w{workers}", extra_env=extra)
    try:
        env.migrate()
        procs = _spawn_workers(env, workers)
        subprocess.run([sys.executable, "-m", "rop", "shell", "-c", SEED], input=json.dumps(urls), text=True,
                       env=env.env, check=True, capture_output=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            left = query(env, "SELECT COUNT(*) FROM calls_call WHERE status NOT IN ('done', 'failed')")[0][0]
            if left == 0:
                break
            time.sleep(0.5)
        else:
            raise SystemExit(
                f"batch with {workers} worker(s) did not finish in {timeout}s:\n{env.logs()[-3000:]}"
            )
        cpu = sum(_cpu_seconds(proc.pid) for proc in procs)
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        rows = query(env, "SELECT status, failure_reason, duration, "
                          "EXTRACT(EPOCH FROM created_at), EXTRACT(EPOCH FROM finished_at) FROM calls_call")
        failed = [r[1] for r in rows if r[0] != "done"]
        if failed:
            print(f"  {len(failed)} call(s) failed: {failed[:3]}", file=sys.stderr)
        span = float(max(r[4] for r in rows) - min(r[3] for r in rows))
        audio = sum(float(r[2] or 0) for r in rows)
        # Which worker process transcribed how many calls (from "worker <id>: call N stage asr" log lines).
        per_worker = Counter(m.group(1) for m in re.finditer(r"worker (\S+): call \d+ stage asr", env.logs()))
        stored = len(s3.keys(bucket)) if s3 is not None else len(urls)
        return {"calls": len(rows), "done": len(rows) - len(failed), "span": span, "audio": audio,
                "asr_per_worker": sorted(per_worker.values(), reverse=True), "stored": stored, "cpu": cpu}
    finally:
        env.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=6)
    parser.add_argument("--turns", type=int, default=6, help="dialogue turns per call (length of the audio)")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument(
        "--asr-streams", type=int, default=1,
        help="ASR decoding streams per worker process (1: one core per worker, so scaling shows)",
    )
    parser.add_argument("--store", choices=("s3", "file"), default="s3")
    args = parser.parse_args()
    os.environ["ROP_DATABASE_URL"] = ensure_postgres()
    files = dialogues(args.turns)
    server = LoopbackServer().start()
    with tempfile.TemporaryDirectory(prefix="rop-s3-") as s3_logs:
        if args.store == "s3":
            with s3_server(Path(s3_logs)) as s3:
                _run_all(args, files, server, s3)
        else:
            _run_all(args, files, server, None)


def _run_all(
    args: argparse.Namespace, files: list[Path], server: LoopbackServer, s3: S3Server | None
) -> None:
    try:
        urls = []
        for i in range(args.calls):
            f = files[i % len(files)]
            urls.append(server.static(f"/rec/{i}.mp3", f.read_bytes(), content_type="audio/mpeg"))
        print(f"batch: {args.calls} calls, stereo 8 kHz MP3 festival dialogues, {args.turns} turns each; "
              f"cpus={os.cpu_count()}; store={args.store}")
        results: dict[int, dict[str, Any]] = {}
        with tempfile.TemporaryDirectory(prefix="rop-scale-") as tmp:
            for n in (int(x) for x in args.workers.split(",")):
                load = os.getloadavg()[0]
                r = run_batch(n, urls, Path(tmp), args.timeout, args.asr_streams, s3)
                results[n] = r
                print(f"workers={n}: {r['done']:.0f}/{r['calls']:.0f} done in {r['span']:.1f} s, "
                      f"{r['calls'] / r['span'] * 60:.2f} calls/min, "
                      f"{r['audio'] / r['span']:.2f} audio-min/min (audio {r['audio'] / 60:.1f} min); "
                      f"asr calls per worker process {r['asr_per_worker']}; objects in store {r['stored']}; "
                      f"worker CPU {r['cpu']:.1f} s ({r['cpu'] / r['span']:.2f} cores busy); "
                      f"load avg before {load:.1f}")
        if 1 in results and 2 in results:
            print(f"throughput ratio 2 workers / 1 worker: {results[1]['span'] / results[2]['span']:.2f}x")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
