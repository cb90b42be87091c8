"""`rop worker` as real processes: crashes, SIGTERM, several workers sharing one database.

Stages are the fake ones from tests/pipeline/fake_stages.py, injected into the worker
processes with the test hook ROP_TEST_STAGES (accepted only for modules under tests.).
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.pipeline.fake_stages import Execution, read_log
from tests.pipeline.procs import query, seed_calls, wait_until
from tests.support.ropenv import RopEnv

REPO = Path(__file__).resolve().parents[2]
STAGES = ("fetch", "audio", "asr", "analysis")


def _env(log: Path, **extra: str) -> dict[str, str]:
    return {
        "PYTHONPATH": str(REPO),
        "ROP_TEST_STAGES": "tests.pipeline.fake_stages",
        "FAKE_STAGE_LOG": str(log),
        "ROP_LEASE_SECONDS": "2",
        "ROP_HEARTBEAT_SECONDS": "0.3",
        "ROP_WORKER_POLL_SECONDS": "0.1",
        "ROP_RETRY_BASE_SECONDS": "0.05",
        **extra,
    }


def _started(log: Path, stage: str) -> list[Execution]:
    return [e for e in read_log(log) if e.event == "start" and e.stage == stage]


def _status(env: RopEnv, pk: int) -> tuple[str, str, str]:
    rows = query(env, f"SELECT status, stage, lease_owner FROM calls_call WHERE id = {pk}")
    return rows[0][0], rows[0][1], rows[0][2]


def _terminate(proc: subprocess.Popen[bytes], timeout: float = 30) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=timeout)


def test_killed_worker_mid_stage_call_is_completed_once_by_another(ropenv: RopEnv, tmp_path: Path) -> None:
    log = tmp_path / "stages.log"
    [pk] = seed_calls(ropenv, 1)
    first = ropenv.spawn("worker", env=_env(log, FAKE_SLOW_STAGE="asr", FAKE_SLOW_SECONDS="30"))
    wait_until(lambda: bool(_started(log, "asr")), 60, "asr started", ropenv)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    second = ropenv.spawn("worker", env=_env(log))
    wait_until(lambda: _status(ropenv, pk)[0] == "done", 60, "call done after takeover", ropenv)
    assert _terminate(second) == 0

    runs = read_log(log)
    starts = Counter(e.stage for e in runs if e.event == "start")
    ends = [e for e in runs if e.event == "end"]
    assert starts == {"fetch": 1, "audio": 1, "asr": 2, "analysis": 1}
    assert Counter(e.stage for e in ends) == {"fetch": 1, "audio": 1, "asr": 1, "analysis": 1}
    assert {e.pid for e in ends if e.stage == "asr"} == {second.pid}
    events = query(ropenv, f"SELECT stage, kind, message FROM calls_callevent WHERE call_id = {pk}")
    assert sum(1 for s, k, _ in events if (s, k) == ("asr", "finished")) == 1
    assert any(k == "retry" and "прервался" in m for s, k, m in events if s == "asr")


def test_sigterm_lets_the_current_stage_finish_then_exits(ropenv: RopEnv, tmp_path: Path) -> None:
    log = tmp_path / "stages.log"
    [pk] = seed_calls(ropenv, 1)
    worker = ropenv.spawn("worker", env=_env(log, FAKE_SLOW_STAGE="asr", FAKE_SLOW_SECONDS="2",
                                             ROP_WORKER_GRACE_SECONDS="30"))
    wait_until(lambda: bool(_started(log, "asr")), 60, "asr started", ropenv)
    assert _terminate(worker) == 0
    runs = read_log(log)
    assert [(e.event, e.stage) for e in runs][-2:] == [("start", "asr"), ("end", "asr")]
    status, stage, owner = _status(ropenv, pk)
    assert (status, stage, owner) == ("analyzing", "analysis", "")  # asr committed, nothing more taken


def test_sigterm_past_grace_releases_the_lease_for_another_worker(ropenv: RopEnv, tmp_path: Path) -> None:
    log = tmp_path / "stages.log"
    [pk] = seed_calls(ropenv, 1)
    worker = ropenv.spawn("worker", env=_env(log, FAKE_SLOW_STAGE="asr", FAKE_SLOW_SECONDS="60",
                                             ROP_WORKER_GRACE_SECONDS="0.5", ROP_LEASE_SECONDS="600"))
    wait_until(lambda: bool(_started(log, "asr")), 60, "asr started", ropenv)
    assert _terminate(worker, timeout=15) == 0
    assert _status(ropenv, pk) == ("transcribing", "asr", "")
    events = query(
        ropenv, f"SELECT kind, message FROM calls_callevent WHERE call_id = {pk} AND stage = 'asr'"
    )
    assert any(k == "retry" and "остановлен" in m for k, m in events)

    # Released, not left to a 10-minute lease: another worker takes it at once.
    other = ropenv.spawn("worker", env=_env(log, ROP_LEASE_SECONDS="600"))
    wait_until(lambda: _status(ropenv, pk)[0] == "done", 60, "call done", ropenv)
    assert _terminate(other) == 0
    assert [e.pid for e in read_log(log) if e.event == "end" and e.stage == "asr"] == [other.pid]


def test_two_worker_processes_never_run_the_same_stage_at_once(ropenv: RopEnv, tmp_path: Path) -> None:
    log = tmp_path / "stages.log"
    env = _env(log, FAKE_STAGE_SECONDS="0.02", ROP_LEASE_SECONDS="3", ROP_HEARTBEAT_SECONDS="0.5")
    workers = [ropenv.spawn("worker", env=env, log_name=f"worker{i}") for i in range(2)]
    wait_until(lambda: ropenv.logs().count(" started") >= 2, 60, "both workers up", ropenv)
    pks = seed_calls(ropenv, 40)
    wait_until(
        lambda: query(ropenv, "SELECT COUNT(*) FROM calls_call WHERE status = 'done'")[0][0] == len(pks),
        120, "all calls done", ropenv,
    )
    for proc in workers:
        assert _terminate(proc) == 0

    spans: dict[tuple[int, str], list[tuple[float, float, int]]] = defaultdict(list)
    open_runs: dict[tuple[int, str, int], float] = {}
    for e in read_log(log):
        if e.event == "start":
            open_runs[(e.call, e.stage, e.pid)] = e.at
        else:
            spans[(e.call, e.stage)].append((open_runs.pop((e.call, e.stage, e.pid)), e.at, e.pid))
    assert not open_runs
    assert set(spans) == {(pk, s) for pk in pks for s in STAGES}
    assert all(len(v) == 1 for v in spans.values()), "a stage ran more than once"
    # Stages of one call never overlap (the next starts after the previous ended).
    for pk in pks:
        ordered = [spans[(pk, s)][0] for s in STAGES]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))
    assert {p for v in spans.values() for _, _, p in v} == {w.pid for w in workers}, "work was not shared"


@pytest.mark.postgres_only
def test_two_workers_on_postgres_with_short_leases_never_overlap(ropenv: RopEnv, tmp_path: Path) -> None:
    """Leases shorter than some stages: heartbeats must keep them, SKIP LOCKED must keep claims apart."""
    log = tmp_path / "stages.log"
    env = _env(log, FAKE_STAGE_SECONDS="0.01", FAKE_SLOW_STAGE="asr", FAKE_SLOW_SECONDS="0.6",
               ROP_LEASE_SECONDS="0.4", ROP_HEARTBEAT_SECONDS="0.1", ROP_WORKER_POLL_SECONDS="0.02")
    workers = [ropenv.spawn("worker", env=env, log_name=f"worker{i}") for i in range(2)]
    wait_until(lambda: ropenv.logs().count(" started") >= 2, 60, "both workers up", ropenv)
    pks = seed_calls(ropenv, 12)
    wait_until(
        lambda: query(ropenv, "SELECT COUNT(*) FROM calls_call WHERE status = 'done'")[0][0] == len(pks),
        120, "all calls done", ropenv,
    )
    for proc in workers:
        assert _terminate(proc) == 0
    runs = read_log(log)
    assert Counter((e.call, e.stage) for e in runs if e.event == "start") == {
        (pk, s): 1 for pk in pks for s in STAGES
    }


def test_concurrency_option_runs_worker_processes_until_nothing_is_due(
    ropenv: RopEnv, tmp_path: Path
) -> None:
    log = tmp_path / "stages.log"
    pks = seed_calls(ropenv, 8)
    result = ropenv.run("worker", "--concurrency", "2", "--once", env=_env(log), timeout=120)
    assert result.returncode == 0
    done = query(ropenv, "SELECT COUNT(*) FROM calls_call WHERE status = 'done'")[0][0]
    assert done == len(pks)
    assert Counter((e.call, e.stage) for e in read_log(log) if e.event == "end") == {
        (pk, s): 1 for pk in pks for s in STAGES
    }


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigterm_stops_the_supervisor_and_all_its_worker_processes(ropenv: RopEnv, tmp_path: Path) -> None:
    supervisor = ropenv.spawn("worker", "--concurrency", "2", env=_env(tmp_path / "stages.log"))
    wait_until(lambda: ropenv.logs().count(" started") >= 2, 60, "both worker processes up", ropenv)
    assert _terminate(supervisor) == 0
    wait_until(lambda: not _group_alive(supervisor.pid), 30, "worker processes gone", ropenv)
    assert ropenv.logs().count(" stopped") == 2
