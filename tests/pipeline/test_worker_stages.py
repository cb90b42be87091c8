"""`rop worker --stages`: a worker claims only calls whose current stage is in its list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rop.calls.models import Call
from rop.pipeline import work
from tests.pipeline.fake_stages import read_log
from tests.pipeline.procs import query, seed_calls
from tests.pipeline.test_worker_command import _env
from tests.support.ropenv import RopEnv


@pytest.mark.django_db(transaction=True)
def test_claim_skips_calls_whose_stage_is_not_in_the_list(make_call):  # type: ignore[no-untyped-def]
    fetching = make_call()
    decoded = make_call()
    Call.objects.filter(pk=decoded.pk).update(stage="asr")
    assert work.claim("speech-node", ("asr", "analysis")).call.pk == decoded.pk  # type: ignore[union-attr]
    assert work.claim("speech-node", ("asr", "analysis")) is None
    assert work.claim("fetch-node", ("fetch", "audio")).call.pk == fetching.pk  # type: ignore[union-attr]


def test_split_workers_each_run_only_their_stages(ropenv: RopEnv, tmp_path: Path) -> None:
    log = tmp_path / "stages.log"
    pks = seed_calls(ropenv, 4)
    first = ropenv.run("worker", "--stages", "fetch,audio", "--once", env=_env(log), timeout=120)
    assert first.returncode == 0
    assert query(ropenv, "SELECT DISTINCT stage, status FROM calls_call") == [("asr", "transcribing")]
    ends = [e for e in read_log(log) if e.event == "end"]
    assert {e.stage for e in ends} == {"fetch", "audio"}

    ropenv.run("worker", "--stages", "asr,analysis", "--once", env=_env(log), timeout=120)
    assert query(ropenv, "SELECT COUNT(*) FROM calls_call WHERE status = 'done'")[0][0] == len(pks)
    ends = [e for e in read_log(log) if e.event == "end"]
    assert Counter((e.call, e.stage) for e in ends) == {
        (pk, s): 1 for pk in pks for s in ("fetch", "audio", "asr", "analysis")
    }
    pids = {stage: {e.pid for e in ends if e.stage == stage} for stage in ("fetch", "asr")}
    assert pids["fetch"].isdisjoint(pids["asr"])  # two different processes


def test_unknown_stage_name_is_refused_with_a_russian_message(ropenv: RopEnv) -> None:
    result = ropenv.run("worker", "--stages", "fetch,transcribe", "--once", check=False)
    assert result.returncode != 0
    assert "неизвестные этапы: transcribe" in result.stderr
