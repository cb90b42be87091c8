"""Checklist scoring, exactly as docs/contract-notes.md fixes it.

- completed: ``score = +weight``; failed: ``score = -weight``;
- not_applicable: ``score = 0`` and the stage's weight is left out of ``max_score``;
- ``total_score = Σ score``, ``max_score = Σ weight`` of the applicable stages;
- ``completion_percentage = max(0, round(100 * total_score / max_score))``, rounding half up
  (the document's example: 18 of 20 -> 90). With ``max_score == 0`` (no stage applies) the
  percentage is 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rop.analysis.types import ChecklistSpec, StageVerdict
from rop.delivery.payloads import StageRow


def stage_score(status: str, weight: int) -> int:
    if status == "completed":
        return weight
    if status == "failed":
        return -weight
    return 0


def completion_percentage(total_score: int, max_score: int) -> int:
    if max_score <= 0:
        return 0
    return max(0, math.floor(100 * total_score / max_score + 0.5))


@dataclass
class Scored:
    total_score: int
    max_score: int
    completion_percentage: int
    stages: list[StageRow]  # payload-shaped stage rows (+ extension keys)


def score_checklist(checklist: ChecklistSpec, verdicts: list[StageVerdict]) -> Scored:
    """Score verdicts (any order; missing stages count as failed, 0 %)."""
    by_id = {v.stage_id: v for v in verdicts}
    total = 0
    maximum = 0
    stages: list[StageRow] = []
    for spec in checklist.stages:
        v = by_id.get(spec.stage_id) or StageVerdict(
            stage_id=spec.stage_id, status="failed", percentage=0, comment="Нет оценки для этапа"
        )
        score = stage_score(v.status, spec.weight)
        total += score
        if v.status != "not_applicable":
            maximum += spec.weight
        stages.append(
            {
                "stage_id": spec.stage_id,
                "stage_name": spec.name,
                "score": score,
                "percentage": max(0, min(100, int(v.percentage))),
                "status": v.status,
                "comment": v.comment,
                "quote": v.quote,
                # extension keys
                "weight": spec.weight,
                "quote_start": v.quote_start,
                "quote_speaker": v.quote_speaker,
            }
        )
    return Scored(total, maximum, completion_percentage(total, maximum), stages)


def rescore(stages: list[StageRow]) -> Scored:
    """Stored stage rows scored again after a status changed (a person's review): each row's
    ``score`` follows its status and weight, totals as in ``score_checklist``."""
    total = 0
    maximum = 0
    rows: list[StageRow] = []
    for st in stages:
        weight = int(st.get("weight", 1) or 1)
        row: StageRow = {**st, "score": stage_score(st["status"], weight)}
        total += row["score"]
        if st["status"] != "not_applicable":
            maximum += weight
        rows.append(row)
    return Scored(total, maximum, completion_percentage(total, maximum), rows)
