"""«Как система понимает этап»: a stage's compiled criterion with the head of sales' corrections,
in plain Russian, for the checklist editor; and the check that the corrections fit the stage.

Corrections are stored with the stage (``corrections`` in the checklist's export format and
version snapshot) and applied to the compiled stage by the analysis stage (rop.analysis.reviews).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from rop.analysis.embedded import CompiledStage, CorrectionError, apply_corrections, compile_spec
from rop.analysis.types import StageSpec

WHO = {"manager": "менеджер", "client": "клиент", "any": "любой участник"}
SPEAKERS = ("manager", "client", "any")


@dataclass
class ElementView:
    key: str
    label: str
    who: str
    phrases: list[str]
    absent: bool


@dataclass
class Understanding:
    explain: str  # the whole stage in one paragraph (CompiledStage.explain)
    elements: list[ElementView] = field(default_factory=list)
    requirement: str = "all"
    corrections: int = 0  # how many corrections are applied
    error: str = ""  # the corrections no longer fit the stage (Russian)


def _spec(stage: dict[str, Any]) -> StageSpec:
    hints = stage.get("hints") or []
    if isinstance(hints, str):
        hints = [h.strip() for h in hints.split(";") if h.strip()]
    speaker = stage.get("speaker") if stage.get("speaker") in SPEAKERS else "manager"
    return StageSpec(str(stage.get("id") or "s"), str(stage.get("name") or ""), str(stage.get("criterion") or ""),
                     tuple(str(h) for h in hints), 1, cast(Any, speaker))


def corrected(stage: dict[str, Any]) -> CompiledStage:
    """The stage (export-format dict) compiled and corrected; CorrectionError when they do not fit."""
    return apply_corrections(compile_spec(_spec(stage)), list(stage.get("corrections") or []))


def understand(stage: dict[str, Any]) -> Understanding | None:
    """What the evaluator will check for this stage; None for a stage without any text yet."""
    if not (str(stage.get("name") or "").strip() or str(stage.get("criterion") or "").strip()):
        return None
    corrections = stage.get("corrections") or []
    error = ""
    try:
        comp = corrected(stage) if _well_formed(corrections) else compile_spec(_spec(stage))
    except CorrectionError as exc:
        comp, error = compile_spec(_spec(stage)), str(exc)
    elements = [ElementView(e.key, e.label, WHO.get(e.speaker, e.speaker), list(e.phrases), e.absent)
                for e in comp.elements]
    return Understanding(comp.explain(), elements, comp.requirement.mode, len(corrections), error)


def _well_formed(corrections: Any) -> bool:
    return bool(corrections) and isinstance(corrections, list) and all(isinstance(c, dict) for c in corrections)


def check_corrections(stages: list[dict[str, Any]]) -> list[str]:
    """Russian messages for stages whose corrections do not fit their compiled criterion."""
    errors = []
    for i, stage in enumerate(stages):
        if not _well_formed(stage.get("corrections")):
            continue  # none, or not a list of corrections: the checklist's validation reports it
        try:
            corrected(stage)
        except CorrectionError as exc:
            errors.append(f"Этап {i + 1} «{stage.get('name', '')}»: {exc} Сбросьте исправления или измените их.")
    return errors
