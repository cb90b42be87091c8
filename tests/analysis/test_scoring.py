"""Scoring exactly as docs/contract-notes.md: ±weight, not_applicable out of max_score."""

from __future__ import annotations

import pytest

from rop.analysis.scoring import completion_percentage, score_checklist
from rop.analysis.types import ChecklistSpec, StageSpec, StageVerdict


def _spec(*weights: int) -> ChecklistSpec:
    return ChecklistSpec(
        "ч", tuple(StageSpec(f"S{i}", f"этап {i}", "", (), w) for i, w in enumerate(weights))
    )


def test_document_example_18_of_20_is_90_percent() -> None:
    assert completion_percentage(18, 20) == 90


def test_nineteen_completed_one_failed_gives_the_documents_18_of_20() -> None:
    spec = _spec(*([1] * 20))
    verdicts = [StageVerdict(f"S{i}", "completed" if i < 19 else "failed", 80, "") for i in range(20)]
    scored = score_checklist(spec, verdicts)
    assert (scored.total_score, scored.max_score, scored.completion_percentage) == (18, 20, 90)


def test_weights_give_plus_and_minus_weight() -> None:
    scored = score_checklist(
        _spec(3, 2), [StageVerdict("S0", "completed", 90, ""), StageVerdict("S1", "failed", 10, "")]
    )
    assert [s["score"] for s in scored.stages] == [3, -2]
    assert (scored.total_score, scored.max_score, scored.completion_percentage) == (1, 5, 20)


def test_not_applicable_scores_zero_and_leaves_weight_out_of_max() -> None:
    scored = score_checklist(
        _spec(1, 1, 5),
        [StageVerdict("S0", "completed", 90, ""), StageVerdict("S1", "completed", 90, ""),
         StageVerdict("S2", "not_applicable", 70, "возражений не было")],
    )
    assert scored.stages[2]["score"] == 0
    assert (scored.total_score, scored.max_score, scored.completion_percentage) == (2, 2, 100)


def test_negative_total_is_clamped_to_zero_percent() -> None:
    scored = score_checklist(
        _spec(1, 1), [StageVerdict("S0", "failed", 5, ""), StageVerdict("S1", "failed", 5, "")]
    )
    assert scored.total_score == -2
    assert scored.completion_percentage == 0


def test_all_not_applicable_gives_max_zero_and_zero_percent() -> None:
    scored = score_checklist(_spec(1), [StageVerdict("S0", "not_applicable", 50, "")])
    assert (scored.total_score, scored.max_score, scored.completion_percentage) == (0, 0, 0)


@pytest.mark.parametrize("total,maximum,expected", [(1, 8, 13), (1, 200, 1), (3, 8, 38), (7, 8, 88)])
def test_rounding_is_half_up(total: int, maximum: int, expected: int) -> None:
    assert completion_percentage(total, maximum) == expected


def test_missing_verdict_counts_as_failed() -> None:
    scored = score_checklist(_spec(1, 1), [StageVerdict("S0", "completed", 90, "")])
    assert scored.stages[1]["status"] == "failed"
    assert scored.total_score == 0
