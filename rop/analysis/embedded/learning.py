"""Learning from reviewed calls: an organisation's checked verdicts become labelled examples.

Per stage, two things are learnt from the examples:
- calibration: the coverage threshold that best separates the examples' completed / failed
  verdicts (only with enough of both, and only when it does better than the default);
- nearest examples: the stage's evidence in a call (its speaker's sentences closest in meaning
  to the criterion, e5 embeddings) is compared with the examples'; when the rules are unsure
  and the nearest examples agree on another verdict, their verdict wins;
- trust: when, on the examples themselves (leave one out), the nearest examples clearly do
  better than the rules, they decide even where the rules are sure (a stage whose wording the
  rules cannot read, an organisation that judges a stage its own way).
Neither happens when the nearest examples do no better than the most common reviewed verdict:
five reviewed calls of which four passed teach «most calls pass», not how to read a call.
- kinds of call overruled: a kind of call (a job seeker, a wrong number, an existing customer's
  service call, no sales talk) that put the stage out of the rules' reach on calls the reviewer judged
  all the same, more often than on calls the reviewer left not applicable, no longer does: the
  organisation's calls of that sort are not what the rules took them for.
- not required: an element missing from two or more calls the reviewer passed (and the rules
  failed) is dropped, as if the head of sales had dropped it, when the examples are then judged
  right more often and no call the reviewer failed comes out completed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from rop.analysis.embedded import semantic
from rop.analysis.embedded.checklist import COMPLETE_AT, is_sales_call, manager_names
from rop.analysis.embedded.compiler import CompiledStage
from rop.analysis.embedded.transcript import Prepared, prepare
from rop.analysis.embedded.verdict import StageResult, evaluate_compiled, fixed_reason
from rop.analysis.types import StageSpec, StageStatus, StageVerdict, Utterance

MIN_TO_CALIBRATE = 4  # labelled completed/failed examples, with both present
MIN_GAIN = 2  # examples a learnt threshold must get right over the default ...
MIN_GAIN_SHARE = 0.1  # ... and this share of them
MIN_NEIGHBOURS = 3
K = 5
UNSURE = 0.25  # |coverage - threshold| within which the nearest examples may decide
AGREE = 0.7  # weighted share of the nearest examples needed to override the rules
MIN_TO_TRUST = 5  # examples before the nearest ones may overrule confident rules ...
TRUSTED_AGREE = 0.6  # ... when, on the examples, they clearly did better than the rules
_TOP_UNITS = 3
MIN_DROP_EVIDENCE = 2  # calls the reviewer passed without an element before it is dropped


@dataclass(frozen=True)
class LabelledExample:
    """A reviewed call (or an excerpt of it) and the verdict the reviewer confirmed for one stage."""

    status: StageStatus
    transcript: tuple[Utterance, ...]
    call_id: str = ""


@dataclass
class StageModel:
    threshold: float | None = None
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.float32))
    statuses: list[StageStatus] = field(default_factory=list)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # element key -> learnt phrases
    trust_neighbours: bool = False  # on the examples, the nearest ones beat the rules clearly
    neighbours_ok: bool = False  # on the examples, the nearest ones do at least as well as the rules
    dropped: tuple[str, ...] = ()  # element keys the reviewed calls show are not required
    overruled: frozenset[str] = frozenset()  # kinds of call (verdict.kind_key) the reviewers judged on

    @property
    def size(self) -> int:
        return len(self.statuses)


def examples_key(examples: Sequence[LabelledExample]) -> str:
    rows = [(e.status, e.call_id, [(u.speaker, u.text) for u in e.transcript]) for e in examples]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def stage_vector(compiled: CompiledStage, prep: Prepared) -> np.ndarray | None:
    """The mean embedding of the sentences closest in meaning to the criterion."""
    speakers = {el.speaker for el in compiled.elements} or {"manager"}
    units = prep.units if "any" in speakers or len(speakers) > 1 else prep.units_of(next(iter(speakers)))
    texts = [u.text for u in units if len(u.tokens) >= 2]
    if not texts:
        return None
    sims = semantic.similarities(compiled.criterion or compiled.name, texts)
    top = np.argsort(-sims)[:_TOP_UNITS]
    vec = semantic.passage_vecs([texts[i] for i in top]).mean(axis=0)
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else None


def calibrate(pairs: list[tuple[float, bool]]) -> float | None:
    """The threshold that best separates completed (True) from failed scores, or None.

    Kept only when it is right on clearly more examples than the default AND when, fitted on all
    examples but one, it still judges the one left out better than the default does: a threshold
    that only fits the examples it was drawn from is noise, not the organisation's standard."""
    if len(pairs) < MIN_TO_CALIBRATE or len({c for _, c in pairs}) < 2:
        return None
    best = _best_threshold(pairs)
    # one example's worth of gain is noise on a handful of calls: the default stays unless the
    # new threshold is right on clearly more of them
    default = _right(pairs, COMPLETE_AT)
    if _right(pairs, best) - default < max(MIN_GAIN, MIN_GAIN_SHARE * len(pairs)):
        return None
    return best if _held_out_right(pairs) > default else None


def _right(pairs: list[tuple[float, bool]], threshold: float) -> int:
    return sum((s >= threshold) == c for s, c in pairs)


def _best_threshold(pairs: list[tuple[float, bool]]) -> float:
    """The threshold right on most examples (of those, the one nearest the default)."""
    scores = sorted({s for s, _ in pairs})
    cands = [COMPLETE_AT] + [(a + b) / 2 for a, b in pairwise(scores)] + [scores[0], scores[-1] + 0.01]
    cands = [t for t in cands if 0.2 <= t <= 1.0]
    return max(cands, key=lambda t: (_right(pairs, t), -abs(t - COMPLETE_AT)))


def _held_out_right(pairs: list[tuple[float, bool]]) -> int:
    """How many examples a threshold fitted on the others judges right (leave one out)."""
    right = 0
    for i, (score, completed) in enumerate(pairs):
        rest = pairs[:i] + pairs[i + 1 :]
        t = _best_threshold(rest) if len({c for _, c in rest}) == 2 else COMPLETE_AT
        right += (score >= t) == completed
    return right


@dataclass
class _Seen:
    """One example as the rules see it."""

    status: StageStatus  # the reviewer's
    rule: StageStatus  # the rules'
    score: float | None  # coverage, when the rules measured one
    result: StageResult | None = None  # what the rules found, element by element
    prep: Prepared | None = None
    reason: str | None = None  # the kind of call that put the stage out of the rules' reach


def _see(
    compiled: CompiledStage, ex: LabelledExample, overruled: frozenset[str] = frozenset()
) -> tuple[_Seen, np.ndarray | None] | None:
    prep = prepare(list(ex.transcript))
    if not prep.units:
        return None
    verdict, res = _rule_verdict(compiled, prep, overruled)
    score = res.score if res is not None and res.status != "not_applicable" else None
    seen = _Seen(ex.status, verdict.status, score, res, prep, fixed_reason(verdict, prep))
    return seen, stage_vector(compiled, prep)


def learnt_overruled(seen: list[_Seen]) -> frozenset[str]:
    """The kinds of call the reviewer judged the stage on (completed or failed) more often than he
    agreed it was not applicable: on this organisation's calls the rules mistake them."""
    against: dict[str, int] = {}
    agreed: dict[str, int] = {}
    for x in seen:
        if x.reason is not None:
            tally = agreed if x.status == "not_applicable" else against
            tally[x.reason] = tally.get(x.reason, 0) + 1
    return frozenset(k for k, n in against.items() if n > agreed.get(k, 0))


LEARN_SIM = 0.8  # e5 cosine of an example's sentence to the element's words to take it as a phrase


def learnt_phrases(seen: list[_Seen]) -> dict[str, tuple[str, ...]]:
    """A call the reviewer passed that the rules failed: for each element the rules missed, the
    sentence of that call closest in meaning to the element becomes an example phrase of it (as
    if the head of sales had added it), so a similar call is read the same way next time."""
    out: dict[str, list[str]] = {}
    for x in seen:
        if x.status != "completed" or x.rule != "failed" or x.result is None or x.prep is None:
            continue
        for r in x.result.elements:
            if r.score >= 1 or r.element.absent:
                continue
            texts = [u.text for u in x.prep.units_of(r.element.speaker) if len(u.tokens) >= 3]
            if not texts:
                continue
            sims = semantic.similarities(r.element.anchor or r.element.label, texts)
            best = int(np.argmax(sims))
            if sims[best] >= LEARN_SIM and texts[best] not in out.get(r.element.key, []):
                out.setdefault(r.element.key, []).append(texts[best])
    return {k: tuple(p for p in v if not _said_in_failed(p, seen)) for k, v in out.items()}


def _said_in_failed(phrase: str, seen: list[_Seen]) -> bool:
    """A phrase that a call the reviewer failed also says does not tell the verdict: not learnt."""
    from rop.analysis.embedded.verdict import PHRASE_SIM

    texts = [u.text for x in seen if x.status == "failed" and x.prep is not None for u in x.prep.units]
    return bool(texts) and float(np.max(semantic.similarities(phrase, texts))) >= PHRASE_SIM


def without(compiled: CompiledStage, keys: Sequence[str]) -> CompiledStage:
    """The stage without the elements ``keys`` (a copy; at least one element always stays)."""
    kept = [el for el in compiled.elements if el.key not in keys]
    if not keys or not kept:
        return compiled
    out = CompiledStage.from_dict(compiled.to_dict())
    out.elements = [el for el in out.elements if el.key not in keys]
    return out


def learnt_drops(
    compiled: CompiledStage, seen: list[_Seen], overruled: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """The elements the reviewer does not require: each missing from at least MIN_DROP_EVIDENCE calls
    the reviewer passed and the rules failed; all of them together, else the best one alone, kept
    only when the examples are then judged right more often and none the reviewer failed passes."""
    misses: dict[str, int] = {}
    for x in seen:
        if x.status != "completed" or x.rule != "failed" or x.result is None:
            continue
        for r in x.result.elements:
            if r.score == 0 and not r.element.absent:
                misses[r.element.key] = misses.get(r.element.key, 0) + 1
    cands = [k for k, n in misses.items() if n >= MIN_DROP_EVIDENCE]
    before = sum(x.status == x.rule for x in seen)
    best: tuple[int, tuple[str, ...]] = (before, ())
    tries = ([tuple(cands)] + [(k,) for k in cands]) if cands else []
    for keys in tries:
        right = _right_without(compiled, seen, keys, overruled)
        if right is not None and right > best[0]:
            best = (right, keys)
    return best[1]


def _right_without(
    compiled: CompiledStage, seen: list[_Seen], keys: tuple[str, ...], overruled: frozenset[str] = frozenset()
) -> int | None:
    """How many examples the rules judge right without ``keys``; None when a call the reviewer
    failed would pass."""
    reduced = without(compiled, keys)
    if reduced is compiled:
        return None
    right = 0
    for x in seen:
        if x.prep is None:
            right += x.status == x.rule
            continue
        status = _rule_status(reduced, x.prep, overruled)
        if x.status == "failed" and status == "completed":
            return None
        right += status == x.status
    return right


def _rule_status(compiled: CompiledStage, prep: Prepared, overruled: frozenset[str] = frozenset()) -> StageStatus:
    return _rule_verdict(compiled, prep, overruled)[0].status


def _rule_verdict(
    compiled: CompiledStage, prep: Prepared, overruled: frozenset[str]
) -> tuple[StageVerdict, StageResult | None]:
    """The rules' verdict on an example call, as the evaluator would give it."""
    stage = StageSpec("example", compiled.name, compiled.criterion)
    sales = is_sales_call(prep, set())
    return evaluate_compiled(stage, compiled, prep, manager_names(prep), sales, overruled=overruled)


def dropped_note(compiled: CompiledStage, model: StageModel) -> str:
    """The comment's note on the elements the reviewed calls showed are not required."""
    labels = [el.label for el in compiled.elements if el.key in model.dropped]
    return f"Не требуется по проверенным звонкам: {', '.join(labels)}." if labels else ""


def adapted(compiled: CompiledStage, model: StageModel) -> CompiledStage:
    """The stage as the reviewed calls taught it: elements not required dropped, phrases added."""
    return with_phrases(without(compiled, model.dropped), model.phrases)


def with_phrases(compiled: CompiledStage, phrases: dict[str, tuple[str, ...]]) -> CompiledStage:
    """The stage with the phrases learnt from reviewed calls added to its elements (a copy)."""
    if not phrases:
        return compiled
    out = CompiledStage.from_dict(compiled.to_dict())
    for el in out.elements:
        extra = [p for p in phrases.get(el.key, ()) if p not in el.phrases]
        el.phrases = (*el.phrases, *extra)
    return out


def _see_all(compiled: CompiledStage, examples: Sequence[LabelledExample], model: StageModel) -> list[_Seen]:
    """Each example as the rules see it; the model gets the examples' vectors and verdicts."""
    seen: list[_Seen] = []
    vecs: list[np.ndarray] = []
    model.statuses = []
    for ex in examples:
        got = _see(compiled, ex, model.overruled)
        if got is None:
            continue
        seen.append(got[0])
        if got[1] is not None:
            vecs.append(got[1])
            model.statuses.append(ex.status)
    model.vectors = np.stack(vecs).astype(np.float32) if vecs else StageModel().vectors
    return seen


def fit_stage(compiled: CompiledStage, examples: Sequence[LabelledExample]) -> StageModel:
    model = StageModel()
    seen = _see_all(compiled, examples, model)
    model.overruled = learnt_overruled(seen)
    if model.overruled:
        seen = _see_all(compiled, examples, model)
    model.dropped = learnt_drops(compiled, seen, model.overruled)
    if model.dropped:
        seen = _see_all(without(compiled, model.dropped), examples, model)
    pairs = [(x.score, x.status == "completed") for x in seen if x.score is not None and x.status != "not_applicable"]
    model.threshold = calibrate(pairs)
    model.phrases = learnt_phrases(seen)
    t = model.threshold if model.threshold is not None else COMPLETE_AT
    rules_right = sum(
        (x.status == ("completed" if x.score >= t else "failed")) if x.score is not None else x.status == x.rule
        for x in seen
    )
    loo = _loo_right(model) if len(seen) == model.size >= MIN_NEIGHBOURS + 1 else -1
    informative = loo > _prior_right(model.statuses)  # more than the most common verdict says
    model.neighbours_ok = informative and loo >= rules_right
    model.trust_neighbours = informative and model.size >= MIN_TO_TRUST and loo >= rules_right + 0.15 * model.size
    return model


def _prior_right(statuses: list[StageStatus]) -> int:
    """How many examples the most common verdict of the other examples gets right (leave one out):
    nearest examples that only echo how often each verdict was given have learnt nothing of the call."""
    right = 0
    for i, status in enumerate(statuses):
        rest = statuses[:i] + statuses[i + 1 :]
        right += bool(rest) and max(set(rest), key=rest.count) == status and rest.count(status) * 2 > len(rest)
    return right


def _loo_right(model: StageModel) -> int:
    """How many examples their nearest other examples get right (leave one out)."""
    right = 0
    for i in range(model.size):
        keep = [k for k in range(model.size) if k != i]
        rest = StageModel(None, model.vectors[keep], [model.statuses[k] for k in keep])
        vote = nearest_vote(rest, model.vectors[i])
        right += vote is not None and vote[0] == model.statuses[i]
    return right


def nearest_vote(model: StageModel, vec: np.ndarray) -> tuple[StageStatus, float] | None:
    """The nearest examples' verdict and its weighted share, or None with too few examples."""
    if model.size < MIN_NEIGHBOURS:
        return None
    sims = model.vectors @ vec
    top = np.argsort(-sims)[: min(K, model.size)]
    weights = np.exp((sims[top] - sims[top[0]]) / 0.02)
    votes: dict[StageStatus, float] = {}
    for i, w in zip(top, weights, strict=True):
        votes[model.statuses[int(i)]] = votes.get(model.statuses[int(i)], 0.0) + float(w)
    status = max(votes, key=lambda s: votes[s])
    return status, votes[status] / float(weights.sum())


def decide(model: StageModel, rule_status: StageStatus, score: float, vec: np.ndarray | None) -> StageStatus | None:
    """Another verdict when the rules are unsure and the nearest examples agree; else None."""
    if vec is None:
        return None
    vote = nearest_vote(model, vec)
    if vote is None or vote[0] == rule_status:
        return None
    if model.trust_neighbours:
        return vote[0] if vote[1] >= TRUSTED_AGREE else None
    if vote[1] < AGREE or not model.neighbours_ok:
        return None  # the nearest examples have not shown they judge this stage better
    t = model.threshold if model.threshold is not None else COMPLETE_AT
    if vote[0] == "not_applicable":
        return vote[0] if vote[1] >= 0.85 else None
    return vote[0] if abs(score - t) <= UNSURE else None
