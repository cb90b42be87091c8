"""The labelled benchmark set (bench/data/analysis) is well formed: the bench relies on it."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "analysis"


@pytest.mark.parametrize("split", ["tune", "holdout", "holdout2", "holdout3"])
def test_every_call_has_a_label_for_every_stage(split: str) -> None:
    path = DATA / f"{split}.json"
    if not path.exists():
        pytest.skip(f"{path.name} is not there")
    data = json.loads(path.read_text(encoding="utf-8"))
    stage_ids = [s["stage_id"] for s in data["checklist"]["stages"]]
    assert 6 <= len(stage_ids) <= 8
    for call in data["calls"]:
        assert set(call["labels"]) == set(stage_ids), call["id"]
        assert set(call["labels"].values()) <= {"completed", "failed", "not_applicable"}
        assert {"client_name", "budget", "district"} <= set(call["fields"])
        assert all(code in {"M", "C"} for code, _ in call["turns"])
        # synthesisable: festival reads no digits
        assert not any(ch.isdigit() for _, text in call["turns"] for ch in text), call["id"]


def test_the_sets_are_big_enough() -> None:
    tune = json.loads((DATA / "tune.json").read_text(encoding="utf-8"))
    assert len(tune["calls"]) >= 12
    labels = [v for c in tune["calls"] for v in c["labels"].values()]
    assert {"completed", "failed", "not_applicable"} <= set(labels)
