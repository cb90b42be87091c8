"""A stage verdict from its compiled form: each element's coverage, the requirement, the conditions.

Comments speak in the elements: «Выполнено: приветствие, название компании; не найдено:
представление (имя менеджера).»
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from rop.analysis.embedded import semantic
from rop.analysis.embedded.aspects import Aspect
from rop.analysis.embedded.checklist import (
    COMPLETE_AT,
    FREQUENCY_RX,
    NOT_BY_ANSWER,
    Coverage,
    _objection_stage,
    _set_quote,
    cover,
    objection_units,
    open_question,
)
from rop.analysis.embedded.compiler import CompiledStage, Condition, Element, ElementSpeaker
from rop.analysis.embedded.lang import lemmas
from rop.analysis.embedded.lexicon import BY_KEY, GENERIC_LEMMAS, distinct_hits, hits_needed, load_json
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import StageSpec, StageStatus, StageVerdict

NOT_SALES = "Разговор не похож на продажный звонок (нет обсуждения объекта, цены, покупки): этап не оценивается."


@dataclass
class ElementResult:
    element: Element
    coverage: Coverage

    @property
    def score(self) -> float:
        return self.coverage.score


@dataclass
class StageResult:
    """What the rules found, before the verdict: shared by the verdict and by learning."""

    status: StageStatus
    score: float  # requirement-weighted coverage, 0..1
    elements: list[ElementResult]
    note: str = ""  # the reason of a not_applicable / condition verdict


def aspects_of(el: Element) -> list[Aspect]:
    phrases = tuple(tuple(lemmas(p)) for p in (*el.phrases, *el.examples) if p.strip())
    words = frozenset(el.keywords)
    must = frozenset(el.must)
    if not el.concepts:
        return [Aspect(el.label, None, el.ask, words, phrases, el.anchor or el.label, must)]
    return [Aspect(el.label, BY_KEY[k], el.ask, words, phrases, el.anchor) for k in el.concepts if k in BY_KEY]


def cover_element(el: Element, prep: Prepared, own: set[str]) -> Coverage:
    if el.absent:
        found = cover_element(replace(el, absent=False), prep, own)
        violated = found.score >= 1 and found.note != "по смыслу"
        return Coverage(found.aspect, 0.0 if violated else 1.0, found.units if violated else [])
    best: Coverage | None = None
    for a in aspects_of(el):
        either = a.concept is not None and a.concept.any_speaker and el.speaker != "client"
        pool = prep.units if either else prep.units_of(el.speaker)
        c = cover(a, pool, prep, own)
        if best is None or c.score > best.score:
            best = c
    if best is not None and best.score < 1 and not el.concepts and el.keywords:
        stem = _stem_cover(el, Coverage(best.aspect), prep.units_of(el.speaker))
        best = stem if stem.score > best.score else best
    if best is not None and best.score < 1 and el.phrases:
        best = _phrase_cover(el, best, prep.units_of(el.speaker))
    if best is not None and best.score < 0.5 and el.ask and el.concepts and el.speaker == "manager":
        best = _volunteered(el, best, prep, own)
    return best if best is not None else Coverage(Aspect(el.label))


def _volunteered(el: Element, cov: Coverage, prep: Prepared, own: set[str]) -> Coverage:
    """The client said it before being asked ("квартиру хочу, однокомнатную"): the manager knows it
    without the question; half of the element."""
    said = cover_element(replace(el, speaker="client", ask=False), prep, own)
    if said.score >= 1 and said.units:
        return Coverage(cov.aspect, 0.5, said.units[:1], "клиент сказал сам")
    return cov


PHRASE_SIM = 0.85  # e5 cosine of a sentence to an example phrase (the band is narrow: ~0.78-0.9)
PHRASE_SPREAD = 0.04  # ... and above the call's typical sentence by this much


def _phrase_cover(el: Element, cov: Coverage, units: list[Unit]) -> Coverage:
    """A sentence close in meaning to one of the element's example phrases (the head of sales'
    corrections): "на линии Ирина" for the example "на линии Алексей"."""
    texts = [u.text for u in units if len(u.tokens) >= 2]
    if len(texts) < 3:
        return cov
    for phrase in el.phrases:
        sims = semantic.similarities(phrase, texts)
        best = int(np.argmax(sims))
        if sims[best] >= PHRASE_SIM and sims[best] - float(np.median(sims)) >= PHRASE_SPREAD:
            unit = next(u for u in units if u.text == texts[best])
            cov.score, cov.units, cov.note = 1.0, [unit], ""
            return cov
    return cov


def _same_stem(a: str, b: str) -> bool:
    """ "парковка" / "парковочный", "комплектация" / "комплектующий": a shared stem of 5+ letters
    covering most of the shorter word."""
    n = min(len(a), len(b))
    if n < 5:
        return False
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= max(5, round(0.75 * n))


def _stem_cover(el: Element, cov: Coverage, units: list[Unit]) -> Coverage:
    """A free element's words in another form of the same stem (the customer's wording)."""
    need = hits_needed(el.keywords)
    hits = [
        u
        for u in units
        if distinct_hits(el.keywords, {w for w in el.keywords if any(_same_stem(t.lemma, w) for t in u.tokens)}) >= need
        and set(el.must) <= u.lemma_set
    ]
    if not hits:
        return cov
    asked = [u for u in hits if u.question]
    cov.score = 1.0 if (asked or not el.ask) else 0.5
    cov.units = asked or hits
    return cov


def _any_speaker(el: Element) -> bool:
    return bool(el.concepts) and all(BY_KEY[k].any_speaker for k in el.concepts if k in BY_KEY)


def _near_anchors(results: list[ElementResult]) -> None:
    """Details either side may say (date, time) count only next to the stage's other evidence."""
    anchors = {u.turn for r in results if r.score and not _any_speaker(r.element) for u in r.coverage.units}
    if not anchors:
        return
    for r in results:
        if _any_speaker(r.element):
            near = [u for u in r.coverage.units if any(abs(u.turn - a) <= 2 for a in anchors)]
            if not near:
                r.coverage.score, r.coverage.units = 0.0, []
            else:
                r.coverage.units = near


_EVERY_RX = re.compile(r"\b(?:все|оба|обе|кажд\w+)\b|\sИ\s", re.UNICODE)


def _every_one(compiled: CompiledStage) -> bool:
    """The criterion insists on every element ("Все три элемента", "оба пункта", "бюджет И способ")."""
    insists = bool(_EVERY_RX.search(compiled.criterion))
    return compiled.requirement.mode == "all" and len(compiled.elements) > 1 and insists


def _apply_volunteered(policy: str, results: list[ElementResult], prep: Prepared, own: set[str]) -> None:
    """The criterion says what the client said unprompted is worth: "counts" (as if found out),
    "never" (only the manager's own questions count); otherwise half an element."""
    for r in results:
        el = r.element
        if not el.ask or el.speaker != "manager" or r.score >= 1:
            continue
        if policy == "never":
            r.coverage = Coverage(r.coverage.aspect, 0.0, [], "без вопроса не засчитывается")
            continue
        answer = _elicited(el, prep, own)
        if answer is not None:
            r.coverage = Coverage(r.coverage.aspect, 1.0, [answer], "ответ на вопрос менеджера")
        elif policy == "counts":
            said = cover_element(replace(el, speaker="client", ask=False), prep, own)
            if said.score >= 1 and said.units:
                r.coverage = Coverage(r.coverage.aspect, 1.0, said.units[:1], "клиент сказал сам")


_ANSWERS = {
    "часто": FREQUENCY_RX,
    # a count, not an hour or a sum: "человек пятнадцать", "три точки", not "с 11", "5 000 рублей"
    "сколько": re.compile(
        r"(?<!\bс )(?<!\bв )(?<!\bдо )(?<!\bк )\b\d+\b(?!\s*(?:час|руб|тысяч|минут|млн|[:.]\d|\d{3}))"
    ),
}


def _elicited(el: Element, prep: Prepared, own: set[str]) -> Unit | None:
    """ "Что у вас сейчас?" - "Билайн, сотрудников двенадцать, звонки теряются": what the client says
    in answer to the manager's open question is found out, whatever the question's words. Who decides
    and where the client heard of us need their own question."""
    if set(el.concepts) & NOT_BY_ANSWER:
        return None
    typed = [rx for w, rx in _ANSWERS.items() if w in el.must]
    if typed:  # "как часто?" - "три раза в неделю"; "сколько?" - a number
        units = [u for u in prep.units_of("client") if any(rx.search(u.norm) for rx in typed)]
    else:
        words = tuple(w for w in el.keywords if w not in el.must)
        said = cover_element(replace(el, speaker="client", ask=False, must=(), keywords=words), prep, own)
        units = said.units if said.score >= 1 else []
    for u in units:
        asked = prep.prev_turn_units(u)
        if asked and asked[0].speaker == "manager" and any(open_question(a) for a in asked):
            return u
    return None


def requirement_score(compiled: CompiledStage, scores: list[float]) -> float:
    if not scores:
        return 0.0
    mode = compiled.requirement.mode
    if mode == "any":
        return max(scores)
    if mode == "at_least":  # "не менее двух из": elements that are there, a half does not count
        need = compiled.requirement.needed(len(scores))
        return min(1.0, sum(1 for s in scores if s >= 1) / need)
    return sum(scores) / len(scores)


def _refusal(prep: Prepared, when: str) -> bool:
    """The client refuses ("нам ничего не нужно", "не интересно"): at the start ("сразу"), at the
    end ("окончательно") or anywhere."""
    signals = load_json("outcome.json")["signals"]
    words, phrases = set(signals["refusal"]), [*signals["refusal_phrases"], *_REFUSALS]
    units = prep.units_of("client")
    turns = sorted({u.turn_of_speaker for u in units})
    if when == "start":  # "сразу отказался разговаривать": refused, and the talk went no further
        if len(turns) > 5:
            return False
        units = [u for u in units if u.turn_of_speaker in turns[:3]]
    elif when == "end":
        units = [u for u in units if u.turn_of_speaker in turns[-2:]]
    return any(u.lemma_set & words or any(p in u.norm for p in phrases) for u in units)


_REFUSALS = (
    "ничего не нужно",
    "нам не нужно",
    "не нужно ничего",
    "не надо ничего",
    "не интересует",
    "сейчас неудобно",
    "вообще неудобно",
    "неудобно говорить",
    "некогда",
)


def _all_words(el: Element, cov: Coverage, prep: Prepared) -> Coverage:
    """A condition of several words ("отменить запись") shows only where two of them are said
    together, not wherever one of them is."""
    words = set(el.keywords)
    if el.concepts or len(words) < 2 or el.phrases:
        return cov

    def said(u: Unit) -> int:  # in the same utterance: "Я записана на завтра. Хочу отменить."
        toks = [t for x in prep.utterance_units(u.utt) for t in x.tokens]
        return sum(any(_same_stem(t.lemma, w) for t in toks) for w in words)

    near = [u for u in cov.units if said(u) >= 2]
    if not near:
        return Coverage(cov.aspect)
    return Coverage(cov.aspect, cov.score, near, cov.note)


def condition_holds(cond: Condition, prep: Prepared, own: set[str]) -> bool | None:
    """None when the condition could not be understood (it is then not applied)."""
    if cond.topic:
        return False  # "звонок не по покупке": the call was judged to be about the subject
    if cond.refusal:
        found = _refusal(prep, cond.when)
    elif cond.objections:
        found = bool(objection_units(prep, objection_examples(cond.text)))
    elif cond.element is not None:
        cov = cover_element(cond.element, prep, own)
        cov = cov if cond.negated else _all_words(cond.element, cov, prep)
        if cond.when == "start":  # "пациент сразу назвал ...": in the speaker's first turns
            cov.units = [u for u in cov.units if u.turn_of_speaker < 2]
        found = cov.score >= 1 and bool(cov.units)
        if found and cond.unprompted:
            other: ElementSpeaker = "client" if cond.element.speaker == "manager" else "manager"
            asked = cover_element(replace(cond.element, speaker=other, ask=False), prep, own)
            first = min((u.index for u in asked.units), default=len(prep.units)) if asked.score else len(prep.units)
            found = any(u.index < first for u in cov.units)
    else:
        return None
    return (found != cond.negated) != cond.only_if  # only_if: not applicable when it does NOT hold


def objection_examples(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """ "клиент возражал (дорого, уже есть подрядчик, не сейчас)": the objections the customer
    expects, each as (phrase, its content lemmas)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for inner in re.findall(r"\(([^)]*)\)", text):
        for item in re.split(r"[,;]|\s+или\s+", inner):
            item = item.strip(" «»\"'.").lower()
            if not item:
                continue
            words = tuple(w for w in lemmas(item) if len(w) > 3 and w not in GENERIC_LEMMAS)
            out.append((item, words))
    return out


def compiled_objection_examples(compiled: CompiledStage) -> list[tuple[str, tuple[str, ...]]]:
    return [ex for c in compiled.conditions if c.objections for ex in objection_examples(c.text)]


def analyse(compiled: CompiledStage, prep: Prepared, own: set[str], threshold: float | None) -> StageResult:
    for cond in compiled.conditions:
        if cond.outcome == "not_applicable" and condition_holds(cond, prep, own):
            return StageResult("not_applicable", 0.0, [], f"Не применимо: {cond.text}.")
    results = [ElementResult(el, cover_element(el, prep, own)) for el in compiled.elements]
    _apply_volunteered(compiled.volunteered, results, prep, own)
    _near_anchors(results)
    score = requirement_score(compiled, [r.score for r in results])
    t = threshold if threshold is not None else (compiled.threshold or COMPLETE_AT)
    status: StageStatus = "completed" if results and score >= t else "failed"
    if status == "completed" and _every_one(compiled) and any(r.score == 0 and not r.element.absent for r in results):
        status = "failed"  # "все три элемента", "оба", "и ... И ...": none may be missing
    for cond in compiled.conditions:
        if cond.outcome == "failed" and status == "completed" and condition_holds(cond, prep, own):
            return StageResult("failed", score, results, f"Не выполнено: {cond.text}.")
    return StageResult(status, score, results)


def comment_of(compiled: CompiledStage, res: StageResult) -> str:
    full = [r.element.label for r in res.elements if r.score >= 1]
    part = [
        r.element.label
        + (" (без прямого вопроса)" if r.element.ask else " (частично)")
        + (f" — {r.coverage.note}" if r.coverage.note else "")
        for r in res.elements
        if 0 < r.score < 1
    ]
    miss = [r.element.label for r in res.elements if r.score == 0 and not r.element.absent]
    broken = [r.element.label.removeprefix("не ") for r in res.elements if r.score == 0 and r.element.absent]
    if not res.elements:
        return "Критерий этапа не удалось разобрать на проверяемые элементы."
    if not full and not part:
        text = f"Не найдено ни одного элемента критерия: {', '.join(miss)}"
    else:
        bits = [f"Выполнено: {', '.join(full)}"] if full else []
        if part:
            bits.append(("ч" if bits else "Ч") + f"астично: {', '.join(part)}")
        if miss:
            bits.append(f"не найдено: {', '.join(miss)}")
        if broken:
            bits.append(f"нарушено: {', '.join(broken)}")
        text = "; ".join(bits)
    if compiled.requirement.mode != "all":
        text += f" ({compiled.requirement.describe(len(res.elements))})"
    return text + "."


def verdict_of(stage: StageSpec, compiled: CompiledStage, res: StageResult) -> StageVerdict:
    if res.note and res.status == "not_applicable":
        return StageVerdict(stage.stage_id, "not_applicable", 75, res.note)
    comment = comment_of(compiled, res)
    if res.note:
        comment = f"{res.note} {comment}"
    pct = round(50 + 45 * res.score) if res.status == "completed" else max(5, round(60 * res.score))
    v = StageVerdict(stage.stage_id, res.status, int(pct), comment)
    quote = pick_quote(res, compiled)
    if quote is not None:
        _set_quote(v, quote)
    return v


def pick_quote(res: StageResult, compiled: CompiledStage) -> Unit | None:
    # a failed stage quotes only what fully shows one of its elements, never weak hints
    covs = [r.coverage for r in res.elements if res.status == "completed" or r.score >= 1]
    counts: dict[int, tuple[float, Unit]] = {}
    for c in covs:
        for u in c.units:
            prev = counts.get(u.index, (0.0, u))[0]
            counts[u.index] = (prev + c.score, u)
    if not counts:
        return None
    cands = sorted(counts.values(), key=lambda x: -x[0])
    best = [u for s, u in cands if s == cands[0][0]]
    if len(best) == 1:
        return best[0]
    sims = semantic.similarities(compiled.criterion or compiled.name, [u.text for u in best])
    return best[int(np.argmax(sims))]


def evaluate_compiled(
    stage: StageSpec,
    compiled: CompiledStage,
    prep: Prepared,
    own: set[str],
    sales: bool,
    threshold: float | None = None,
) -> tuple[StageVerdict, StageResult | None]:
    """The rules' verdict (and what they found, for learning; None on the fixed paths)."""
    if not sales:
        return StageVerdict(stage.stage_id, "not_applicable", 80, NOT_SALES), None
    if compiled.objection_handling:
        return _objection_stage(stage, None, prep, compiled_objection_examples(compiled)), None
    res = analyse(compiled, prep, own, threshold)
    return verdict_of(stage, compiled, res), res
