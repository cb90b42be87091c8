"""The evaluator interface: what an analysis engine gets and returns.

Both engines (embedded, llm) implement `Evaluator`. Configuration models are turned into
these plain specs, so engines never touch the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from rop.core.speech import Speaker as Speaker  # re-exported: analysis code names them here
from rop.core.speech import Utterance as Utterance

StageStatus = Literal["completed", "failed", "not_applicable"]


@dataclass(frozen=True)
class StageSpec:
    stage_id: str
    name: str
    criterion: str  # what must happen, in words
    hints: tuple[str, ...] = ()  # key phrases / aspects
    weight: int = 1
    speaker: Literal["manager", "client", "any"] = "manager"


@dataclass(frozen=True)
class ChecklistSpec:
    name: str
    stages: tuple[StageSpec, ...]
    prompt: str = ""


@dataclass
class StageVerdict:
    stage_id: str
    status: StageStatus
    percentage: int  # confidence/degree 0-100
    comment: str  # Russian, explains the verdict
    quote: str = ""  # verbatim from the transcript, or empty
    quote_start: float | None = None
    quote_speaker: Speaker | None = None


FieldType = Literal["string", "number", "enum", "date"]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    description: str
    type: FieldType = "string"
    options: tuple[str, ...] = ()  # for enum


@dataclass(frozen=True)
class TableSpec:
    table_id: str
    name: str
    fields: tuple[FieldSpec, ...]
    prompt: str = ""


@dataclass
class FieldValue:
    key: str
    value: str | float | None  # None when the call does not say
    confidence: int = 0  # 0-100
    quote: str = ""
    quote_start: float | None = None


@dataclass
class TableResult:
    table_id: str
    values: dict[str, FieldValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Guidance:
    """What an organisation taught the engines about one checklist version.

    ``compiled``: stage_id -> the stage's compiled criterion as the head of sales corrected it
    (rop.analysis.embedded.CompiledStage); ``examples``: stage_id -> its reviewed calls
    (rop.analysis.embedded.LabelledExample). Engines take them as keyword arguments of
    ``evaluate_checklist``; the concrete types belong to the embedded package, hence ``Any`` here.
    """

    compiled: Mapping[str, Any] = field(default_factory=dict)
    examples: Mapping[str, Sequence[Any]] = field(default_factory=dict)


class Evaluator(Protocol):
    name: str

    def evaluate_checklist(self, transcript: list[Utterance], checklist: ChecklistSpec) -> list[StageVerdict]:
        """One verdict per stage, in the checklist's order."""
        ...

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableResult:
        """A value (or None) for every field of the table."""
        ...
