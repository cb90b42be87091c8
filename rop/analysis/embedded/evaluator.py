"""EmbeddedEvaluator: the offline, explainable engine (no external service, no torch)."""

from __future__ import annotations

from rop.analysis.embedded import checklist as _checklist
from rop.analysis.embedded import fields as _fields
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import ChecklistSpec, StageVerdict, TableResult, TableSpec, Utterance


class EmbeddedEvaluator:
    """Aspect coverage over the right speaker's turns (lemmas + vocabulary + e5 similarity as support),
    natasha / pymorphy3 entities for tables. Models load lazily, once per process."""

    name = "embedded"

    def evaluate_checklist(self, transcript: list[Utterance], checklist: ChecklistSpec) -> list[StageVerdict]:
        prep = prepare(transcript)
        return _checklist.evaluate(prep, checklist.stages)

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableResult:
        prep = prepare(transcript)
        result = TableResult(table.table_id)
        sales = _checklist.is_sales_call(prep, set())
        for spec in table.fields:
            result.values[spec.key] = _fields.extract_field(spec, prep, sales)
        return result

    def warm_up(self) -> None:
        """Load the models now (optional; everything loads lazily on first use otherwise)."""
        from rop.analysis.embedded import entities, lang, semantic

        lang.morph()
        semantic.model()
        entities.spans("Меня зовут Иван, живу в Приморском районе.")
