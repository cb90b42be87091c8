"""EmbeddedEvaluator: the offline, explainable engine (no external service, no torch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from rop.analysis.embedded import calltype, learning
from rop.analysis.embedded import checklist as _checklist
from rop.analysis.embedded import fields as _fields
from rop.analysis.embedded.compiler import CompiledStage, compile_stage, stage_index
from rop.analysis.embedded.lang import lemmas
from rop.analysis.embedded.learning import LabelledExample, StageModel
from rop.analysis.embedded.lexicon import GENERIC_LEMMAS
from rop.analysis.embedded.transcript import Prepared, configured_names, prepare
from rop.analysis.embedded.verdict import NOT_SALES_KEY, cover_element, evaluate_compiled
from rop.analysis.types import ChecklistSpec, StageSpec, StageVerdict, TableResult, TableSpec, Utterance

EMPTY = "Расшифровка пуста: этап не оценивается."


@lru_cache(maxsize=512)
def _compiled_cached(name: str, criterion: str, hints: tuple[str, ...], speaker: str) -> CompiledStage:
    return compile_stage(name, criterion, hints=hints, speaker=speaker)  # type: ignore[arg-type]


def compile_spec(stage: StageSpec) -> CompiledStage:
    """The stage as the evaluator reads it (elements, requirement, conditions); a fresh copy."""
    c = _compiled_cached(stage.name, stage.criterion, stage.hints, stage.speaker)
    return CompiledStage.from_dict(c.to_dict())


def compile_checklist(checklist: ChecklistSpec) -> dict[str, CompiledStage]:
    """Every stage compiled, by stage_id: store it with the checklist version, show it, correct it."""
    return {s.stage_id: compile_spec(s) for s in checklist.stages}


def _does_the_checklist(comps: list[CompiledStage], prep: Prepared, own: set[str]) -> bool:
    """A call of another trade than the sales vocabulary knows still is one when it talks about
    the checklist's own subject: elements in the checklist's own words (not the built-in sales
    vocabulary, which any call may brush against) are found for at least two stages."""
    if len(prep.utterances) < 4:
        return False
    hit = 0
    for comp in comps:
        for el in comp.elements:
            if el.absent or el.concepts:
                continue
            if cover_element(el, prep, own).score >= 1:
                hit += 1
                break
        if hit >= 2:
            return True
    return False


def _about_the_table(table: TableSpec, prep: Prepared) -> bool:
    """The call talks about the table's own subject: the words of two fields' descriptions
    ("Порода собаки", "Вид стрижки") are said in it."""
    if len(prep.utterances) < 4:
        return False
    said = set().union(*(u.lemma_set for u in prep.units))
    generic = GENERIC_LEMMAS | _COMMON_FIELD_WORDS
    hits = 0
    for spec in table.fields:
        words = {w for w in lemmas(spec.description) if len(w) > 3 and w not in generic}
        hits += bool(words & said)
    return hits >= 2


_COMMON_FIELD_WORDS = frozenset({"имя", "клиент", "звонок", "дата", "время", "телефон", "есть", "какой", "нужный"})


class EmbeddedEvaluator:
    """Compiled criterion elements checked in the right speaker's turns (lemmas + vocabulary + e5
    similarity as support), optionally calibrated by reviewed examples; natasha / pymorphy3
    entities for tables. Models load lazily, once per process."""

    name = "embedded"

    def __init__(self) -> None:
        self._models: dict[tuple[str, str, str], StageModel] = {}

    def evaluate_checklist(
        self,
        transcript: list[Utterance],
        checklist: ChecklistSpec,
        *,
        compiled: Mapping[str, CompiledStage] | None = None,
        examples: Mapping[str, Sequence[LabelledExample]] | None = None,
    ) -> list[StageVerdict]:
        """One verdict per stage. `compiled`: stage_id -> the stage as corrected by the head of sales
        (stages not given are compiled from their criterion); `examples`: stage_id -> reviewed calls."""
        prep = prepare(transcript, configured_names(checklist))
        if not prep.units:
            return [StageVerdict(s.stage_id, "not_applicable", 90, EMPTY) for s in checklist.stages]
        own = _checklist.manager_names(prep)
        comps = [(compiled or {}).get(s.stage_id) or compile_spec(s) for s in checklist.stages]
        comps = _same_cases(checklist, comps)
        sales = (
            _checklist.is_sales_call(prep, set())
            or calltype.cold_opening(prep)
            or calltype.manager_opens(prep)
            or _does_the_checklist(comps, prep, own)
        )
        out: list[StageVerdict] = []
        named = frozenset(k for c in comps for cond in c.not_applicable_if for k in cond.call_kinds)
        for stage, comp in zip(checklist.stages, comps, strict=True):
            exs = (examples or {}).get(stage.stage_id) or ()
            model = self._model(stage.stage_id, comp, exs) if exs else None
            out.append(self._stage(stage, comp, prep, own, sales, model, named))
        return _following(checklist, comps, out)

    def _stage(
        self,
        stage: StageSpec,
        comp: CompiledStage,
        prep: Prepared,
        own: set[str],
        sales: bool,
        model: StageModel | None,
        named: frozenset[str] = frozenset(),
    ) -> StageVerdict:
        threshold = model.threshold if model is not None else None
        used = learning.adapted(comp, model) if model is not None else comp
        overruled = model.overruled if model is not None else frozenset()
        verdict, res = evaluate_compiled(stage, used, prep, own, sales, threshold, named, overruled)
        if model is None or not (sales or NOT_SALES_KEY in overruled):
            return verdict
        note = learning.dropped_note(comp, model) if res is not None else ""
        if note:
            verdict.comment += " " + note
        score = res.score if res is not None else 0.5  # objection handling: no coverage score
        other = learning.decide(model, verdict.status, score, learning.stage_vector(used, prep))
        if other is not None:
            verdict.status = other
            verdict.comment += " Вердикт уточнён по похожим проверенным звонкам этой организации."
            if other == "not_applicable":
                verdict.quote, verdict.quote_start, verdict.quote_speaker = "", None, None
        return verdict

    def _model(self, stage_id: str, comp: CompiledStage, exs: Sequence[LabelledExample]) -> StageModel:
        key = (stage_id, repr(comp.to_dict()), learning.examples_key(exs))
        model = self._models.get(key)
        if model is None:
            if len(self._models) > 256:
                self._models.clear()
            model = self._models[key] = learning.fit_stage(comp, exs)
        return model

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableResult:
        prep = prepare(transcript, configured_names(table))
        result = TableResult(table.table_id)
        # an outbound opening is a sales call whatever the ASR made of its sales words
        sales = _checklist.is_sales_call(prep, set()) or calltype.cold_opening(prep) or _about_the_table(table, prep)
        for spec in table.fields:
            result.values[spec.key] = _fields.extract_field(spec, prep, sales, table.fields)
        return result

    def warm_up(self) -> None:
        """Load the models now (optional; everything loads lazily on first use otherwise)."""
        from rop.analysis.embedded import entities, lang, semantic

        lang.morph()
        semantic.model()
        entities.spans("Меня зовут Иван, живу в Приморском районе.")


def _same_cases(checklist: ChecklistSpec, comps: list[CompiledStage]) -> list[CompiledStage]:
    """ "Не применимо в тех же случаях, что и этап 2": the cases stage 2 names (its own n/a conditions)
    are checked on this call for this stage too; this is no dependency on stage 2's verdict (stage 2
    may be not applicable for reasons of its own, a client who told everything himself, say). Only a
    stage that names no cases of its own (or is judged only on objections) is followed by verdict."""
    stages = [(s.stage_id, s.name) for s in checklist.stages]
    out = list(comps)
    for _round in range(3):  # "как этап 3", which is "как этап 2": resolved a few links deep
        changed = False
        for k, comp in enumerate(out):
            refs = [c for c in comp.conditions if c.same_cases]
            for cond in refs:
                j = stage_index(cond.stage_ref, stages)
                if j is None or j == k:
                    continue
                # the cases it names, not its scope («Если клиент просит скидку, …»: what it is about)
                cases = [c for c in out[j].not_applicable_if if not c.stage_ref and not c.only_if]
                if not cases or any(c.same_cases for c in out[j].conditions):
                    continue  # nothing to copy yet (or stage j waits for its own reference)
                new = CompiledStage.from_dict(out[k].to_dict())
                keep = out[j].objection_handling  # "no objections": only stage j's verdict tells
                new.conditions = [c for c in new.conditions if not (c.same_cases and c.stage_ref == cond.stage_ref)]
                new.conditions += [replace(c, stage_ref="") for c in cases]
                if keep:
                    new.conditions.append(replace(cond, same_cases=False))
                out[k] = new
                changed = True
        if not changed:
            break
    return out


def _following(checklist: ChecklistSpec, comps: list[CompiledStage], out: list[StageVerdict]) -> list[StageVerdict]:
    """ "Н/п, когда этап 3 не оценивается": a stage that follows another is not applicable with it."""
    stages = [(s.stage_id, s.name) for s in checklist.stages]
    for k, comp in enumerate(comps):
        for cond in comp.not_applicable_if:
            j = stage_index(cond.stage_ref, stages) if cond.stage_ref else None
            if j is None or j == k or out[j].status != "not_applicable" or out[k].status == "not_applicable":
                continue
            name = checklist.stages[j].name
            out[k] = StageVerdict(
                out[k].stage_id, "not_applicable", 75, f"Этап «{name}» не оценивается, этот — вслед за ним."
            )
    return out
