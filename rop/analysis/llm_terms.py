"""The llm engine's prompt in the terms of the compiled stage (rop.analysis.embedded.compiler).

Each stage is given to the model as its elements (what must happen, who says it, example phrases),
its requirement (all / any / at least N) and its conditions (when it is not applicable or failed),
the same terms in which the embedded evaluator and the checklist editor's «Как система понимает
этап» speak. The model answers per element (found or not, with a quote), and the verdict comment
is written from those answers: "Найдено: …; не найдено: …". A few of the organisation's reviewed
calls (labelled examples) are added per stage as short excerpts with the reviewer's verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rop.analysis.types import ChecklistSpec, StageSpec

WHO = {"manager": "менеджер", "client": "клиент", "any": "любой участник"}
VERDICT_RU = {"completed": "выполнено", "failed": "не выполнено", "not_applicable": "не применимо"}
MAX_EXAMPLES = 3  # reviewed calls per stage in the prompt
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class StageElement:
    id: str  # "<stage_id>.<n>": what the model answers with
    label: str
    who: str
    phrases: tuple[str, ...] = ()
    absent: bool = False  # must NOT happen
    ask: bool = False  # the speaker has to find it out by asking, not merely mention it


@dataclass
class StageTerms:
    elements: list[StageElement] = field(default_factory=list)
    requirement: str = ""  # "нужны все элементы" …
    conditions: list[str] = field(default_factory=list)  # "Если … — не применимо."


def compile_stages(checklist: ChecklistSpec, compiled: Mapping[str, Any] | None = None) -> dict[str, StageTerms]:
    """stage_id -> the stage's terms: the corrected compiled stage when given, else compiled here."""
    from rop.analysis.embedded import compile_spec

    out: dict[str, StageTerms] = {}
    for st in checklist.stages:
        comp = (compiled or {}).get(st.stage_id) or compile_spec(st)
        elements = [StageElement(f"{st.stage_id}.{i + 1}", e.label, WHO.get(e.speaker, e.speaker),
                                 tuple(e.phrases[:3]), e.absent, e.ask) for i, e in enumerate(comp.elements)]
        conditions = []
        labels = {e.key: e.label for e in comp.elements}
        for c in comp.conditions:
            if c.outcome == "relaxed":  # "Если клиент позвонил сам — достаточно имени и компании"
                named = ", ".join(labels.get(k, k) for k in c.keep or c.drop)
                conditions.append(f"если {c.text} — {'достаточно' if c.keep else 'не нужно'}: {named}")
                continue
            outcome = VERDICT_RU[c.outcome]
            conditions.append(f"оценивается, только если {c.text}; иначе — не применимо" if c.only_if
                              else f"если {c.text} — {outcome}")
        if comp.objection_handling and not any("возраж" in c for c in conditions):
            conditions.append("если клиент не возражал и не сомневался — не применимо")
        out[st.stage_id] = StageTerms(elements, comp.requirement.describe(len(elements)), conditions)
    return out


def stage_lines(terms: StageTerms) -> list[str]:
    """The stage's elements, requirement and conditions as prompt lines."""
    lines = []
    for e in terms.elements:
        line = f"    {e.id}: {e.label} ({e.who})"
        if e.absent:
            line += " — этого НЕ должно быть"
        elif e.ask:
            line += " — выяснить вопросом"
        if e.phrases:
            line += "; например: " + "; ".join(f"«{p}»" for p in e.phrases)
        lines.append(line)
    if terms.elements:
        lines.append(f"    Требование: {terms.requirement}.")
    lines += [f"    Условие: {c}." for c in terms.conditions]
    return lines


def _excerpt(stage: StageSpec, transcript: Sequence[Any]) -> str:
    """The example call's lines that share most words with the stage, in order, cut to EXCERPT_CHARS."""
    words = {w for w in (stage.criterion + " " + stage.name + " " + " ".join(stage.hints)).lower().split()
             if len(w) > 3}
    scored = sorted(range(len(transcript)), key=lambda i: -len(words & set(str(transcript[i].text).lower().split())))
    keep = sorted(scored[:3])
    text = " / ".join(str(transcript[i].text) for i in keep)
    return text[:EXCERPT_CHARS]


def example_lines(stage: StageSpec, examples: Sequence[Any]) -> list[str]:
    """A few reviewed calls of the stage: the reviewer's verdict and a short excerpt."""
    lines = []
    for ex in list(examples)[:MAX_EXAMPLES]:
        excerpt = _excerpt(stage, ex.transcript)
        if excerpt:
            lines.append(f"    Пример проверенного звонка: «{excerpt}» — {VERDICT_RU.get(ex.status, ex.status)}.")
    return lines


def element_comment(terms: StageTerms | None, answers: Any, comment: str) -> str:
    """The verdict comment in the stage's elements ("Найдено: …; не найдено: …"), then the model's own."""
    if terms is None or not isinstance(answers, list):
        return comment
    labels = {e.id: e.label for e in terms.elements}
    found: dict[str, bool] = {}
    for a in answers:
        if isinstance(a, dict) and a.get("id") in labels and isinstance(a.get("found"), bool):
            found.setdefault(str(a["id"]), bool(a["found"]))
    if not found:
        return comment
    yes = [labels[i] for i in labels if found.get(i) is True]
    no = [labels[i] for i in labels if found.get(i) is False]
    parts = ([f"Найдено: {', '.join(yes)}"] if yes else []) + ([f"не найдено: {', '.join(no)}"] if no else [])
    head = "; ".join(parts)
    head = head[:1].upper() + head[1:] + "."
    return f"{head} {comment}".strip()
