"""Small hand-made transcripts for the embedded evaluator tests."""

from __future__ import annotations

from typing import Literal

from rop.analysis.types import ChecklistSpec, Speaker, StageSpec, Utterance


def dialog(*turns: tuple[str, str]) -> list[Utterance]:
    """("M"|"C", text) turns -> utterances, 4 s each."""
    roles: dict[str, Speaker] = {"M": "manager", "C": "client", "?": "unknown"}
    return [Utterance(float(i * 4), float(i * 4 + 3.5), roles[code], text) for i, (code, text) in enumerate(turns)]


def stage(
    criterion: str,
    stage_id: str = "s",
    speaker: Literal["manager", "client", "any"] = "manager",
    hints: tuple[str, ...] = (),
) -> StageSpec:
    return StageSpec(stage_id, criterion[:40], criterion, hints, 1, speaker)


def checklist(*stages: StageSpec) -> ChecklistSpec:
    return ChecklistSpec("Тестовый чек-лист", tuple(stages))


def status_of(transcript: list[Utterance], spec: StageSpec) -> str:
    """The embedded evaluator's verdict on one stage compiled from its criterion."""
    from rop.analysis.embedded import EmbeddedEvaluator, compile_stage

    compiled = {spec.stage_id: compile_stage(spec.name, spec.criterion)}
    [verdict] = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(spec), compiled=compiled)
    return verdict.status


NEEDS = "МРК выяснил количество комнат, район и сроки сдачи"
OBJECTIONS = "МРК отработал возражения клиента"
GREETING = "МРК поздоровался, представился и назвал агентство"
