"""The embedded (offline) analysis engine: see evaluator.EmbeddedEvaluator."""

from rop.analysis.embedded.compiler import (
    CompiledStage,
    Condition,
    Correction,
    CorrectionError,
    Element,
    Requirement,
    apply_corrections,
    compile_stage,
)
from rop.analysis.embedded.evaluator import EmbeddedEvaluator, compile_checklist, compile_spec
from rop.analysis.embedded.learning import LabelledExample

__all__ = [
    "CompiledStage",
    "Condition",
    "Correction",
    "CorrectionError",
    "Element",
    "EmbeddedEvaluator",
    "LabelledExample",
    "Requirement",
    "apply_corrections",
    "compile_checklist",
    "compile_spec",
    "compile_stage",
]
