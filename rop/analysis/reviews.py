"""Review by a person: a РОП or an office leader sets a stage's verdict or a field's value.

A review never edits a stored result: it adds the next revision of the call's result for that
checklist/table (the previous one stops being current), with the reviewed values, the score
recomputed and the evaluator's original kept in the row (``original_status`` …), and queues the
whole result again for the CRM (a new webhook id; docs: contract-notes "Reviewed results").
Dashboards, exports and ``call-ready`` read current results, so they use the reviewed values.
``Review`` rows keep who, when and why; they are also the organisation's labelled examples
(``guidance``) that the evaluators learn from, and a re-analysis applies them again (``reapply``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rop.accounts.permissions import Access, Capability, get_call
from rop.analysis.models import (
    AnalyticTable,
    Checklist,
    ChecklistResult,
    ChecklistVersion,
    Review,
    ReviewKind,
    TableResult,
)
from rop.analysis.scoring import rescore
from rop.analysis.services import CHECKLISTS, TABLES, ConfigKind
from rop.analysis.transcript import load_transcript
from rop.analysis.types import ChecklistSpec, Guidance, StageStatus
from rop.audit.services import Action, record
from rop.calls.models import Call
from rop.core.errors import DomainError, InvalidInput, NotFound
from rop.delivery.payloads import FieldValueType, StageRow, iso_z

log = logging.getLogger(__name__)

STATUS_LABELS: dict[str, str] = {
    "completed": "выполнен", "failed": "не выполнен", "not_applicable": "не применим",
}
COMMENT_MAX = 2000
MAX_EXAMPLES = 40  # reviewed calls per stage handed to the evaluator, newest first


class ReviewRefused(DomainError):
    """The user's role may not review calls (managers)."""


def can_review(access: Access) -> bool:
    return access.has(Capability.REVIEW)


def _check(access: Access, call_pk: int, comment: str) -> Call:
    if not can_review(access):
        raise ReviewRefused("Проверять звонки могут только РОП и руководители офисов")
    call = get_call(access, call_pk)  # another organisation's or office's call: NotFound
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(f"Комментарий длиннее {COMMENT_MAX} символов")
    return call


def next_revision(kind: ConfigKind[Any], call: Call, config: Any) -> int:
    rows = kind.result_model._default_manager.filter(call=call, **{kind.name: config})
    top = rows.aggregate(m=Max("revision"))
    return int(top["m"] or 0) + 1


def _replace(kind: ConfigKind[Any], current: Any, **fields: Any) -> Any:
    """The next revision of `current` with `fields` changed, made current and queued for the CRM."""
    kind.result_model._default_manager.filter(pk=current.pk).update(is_current=False)
    keep = {f.attname: getattr(current, f.attname) for f in kind.result_model._meta.concrete_fields
            if f.attname not in ("id", "created_at", "is_current", "revision", "reviewed")}
    result = kind.result_model._default_manager.create(
        **{**keep, **fields}, is_current=True, reviewed=True, created_at=timezone.now(),
        revision=next_revision(kind, current.call, getattr(current, kind.name)))
    kind.deliver(result)
    _after_stage_verdicts(result)
    return result


def _after_stage_verdicts(result: Any) -> None:
    """Keep the dashboards' per-stage verdict table (rop.analysis.outcomes, branch e10-dash) in step.
    Until that module is merged there is nothing to update."""
    try:
        from rop.analysis.outcomes import set_stage_verdicts  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    if isinstance(result, ChecklistResult):
        set_stage_verdicts(result)


def _audit(access: Access, action_object: str, **details: Any) -> None:
    """One audit entry per review (rop.audit): who changed what on which call (no secrets)."""
    record(access.org, access.profile.user, Action.REVIEW_SAVED, action_object, **details)


Result = TypeVar("Result", ChecklistResult, TableResult)


def _locked_current(call: Call, model: type[Result], missing: str, config: str, **config_id: int) -> Result:
    """The call's current result for one checklist / table, with the call row locked (reviews of a
    call queue up). Runs inside the caller's transaction."""
    Call.objects.select_for_update(of=("self",)).filter(pk=call.pk).first()
    current = model._default_manager.select_related(config, "version", "call").filter(
        call=call, is_current=True, **config_id).first()
    if current is None:
        raise NotFound(missing)
    return current


# ---------------------------------------------------------------- stages


def review_stage(access: Access, call_pk: int, checklist_pk: int, stage_id: str, status: str,
                 comment: str = "") -> ChecklistResult:
    """Set a stage's verdict ("completed" / "failed" / "not_applicable") on a call, with a comment."""
    comment = comment.strip()
    call = _check(access, call_pk, comment)
    if status not in STATUS_LABELS:
        raise InvalidInput("Вердикт должен быть одним из: выполнен, не выполнен, не применим")
    user = access.profile.user
    with transaction.atomic():
        current = _locked_current(call, ChecklistResult, "Результат чек-листа для этого звонка не найден",
                                  "checklist", checklist_id=checklist_pk)
        rows = [cast(dict[str, Any], dict(st)) for st in current.stages or []]
        row = next((r for r in rows if r.get("stage_id") == stage_id), None)
        if row is None:
            raise NotFound(f"Этап {stage_id} не найден в результате чек-листа")
        original = str(row.get("original_status") or row.get("status"))
        _mark_stage(row, status, comment, user.get_username(), timezone.now())
        scored = rescore(cast(list[StageRow], rows))
        result = _replace(CHECKLISTS, current, stages=scored.stages, total_score=scored.total_score,
                          max_score=scored.max_score, completion_percentage=scored.completion_percentage)
        Review.objects.create(org=call.org, call=call, kind=ReviewKind.STAGE, checklist=current.checklist,
                              item=stage_id, original=original, value=status, comment=comment, reviewer=user,
                              reviewer_name=user.get_username(), result_revision=result.revision)
    _audit(access, f"звонок {call.call_id}, этап {stage_id}", checklist=current.checklist.name,
           status=status, original=original, revision=result.revision)
    return cast(ChecklistResult, result)


def _mark_stage(row: dict[str, Any], status: str, comment: str, who: str, at: Any) -> None:
    """A stage row as a person judged it; the evaluator's first status, percentage and comment kept."""
    if not row.get("reviewed"):
        row["original_status"] = row.get("status")
        row["original_percentage"] = row.get("percentage", 0)
        row["original_comment"] = row.get("comment", "")
    row.update(status=status, percentage=100, reviewed=True, reviewed_by=who, reviewed_at=iso_z(at),
               comment=comment or f"Проверено вручную: этап {STATUS_LABELS[status]}.")
    if status != "completed":
        row.update(quote="", quote_start=None, quote_speaker=None)


# ---------------------------------------------------------------- table fields


def parse_value(raw: str, ftype: str, options: Iterable[str]) -> FieldValueType:
    """A reviewer's typed value for a field of this type (empty: "the call does not say")."""
    text = raw.strip()
    if not text:
        return None
    if ftype == "number":
        try:
            num = float(text.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            raise InvalidInput("Значение должно быть числом") from None
        return int(num) if num.is_integer() else num
    if ftype == "enum" and text not in set(options):
        raise InvalidInput("Значение должно быть одним из вариантов: " + ", ".join(options))
    if ftype == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise InvalidInput("Дата должна быть в формате ГГГГ-ММ-ДД") from None
    return text[:1000]


def review_field(access: Access, call_pk: int, table_pk: int, key: str, raw: str,
                 comment: str = "") -> TableResult:
    """Set a table field's value on a call (typed by the field's type), with a comment."""
    comment = comment.strip()
    call = _check(access, call_pk, comment)
    user = access.profile.user
    with transaction.atomic():
        current = _locked_current(call, TableResult, "Результат таблицы для этого звонка не найден",
                                  "table", table_id=table_pk)
        spec = next((f for f in current.version.snapshot.get("fields", []) if f.get("key") == key), None)
        if spec is None:
            raise NotFound(f"Поле {key} не найдено в таблице")
        value = parse_value(raw, spec.get("type", "string"), spec.get("options") or [])
        data = dict(current.data or {})
        details = {k: dict(v) for k, v in (current.details or {}).items()}
        det = details.setdefault(key, {"confidence": 0, "quote": "", "quote_start": None})
        original = det["original_value"] if det.get("reviewed") else data.get(key)
        _mark_field(det, data.get(key), comment, user.get_username(), timezone.now())
        data[key] = value
        result = _replace(TABLES, current, data=data, details=details)
        Review.objects.create(org=call.org, call=call, kind=ReviewKind.FIELD, table=current.table, item=key,
                              original=original, value=value, comment=comment, reviewer=user,
                              reviewer_name=user.get_username(), result_revision=result.revision)
    _audit(access, f"звонок {call.call_id}, поле {key}", table=current.table.table_id, value=value,
           original=original, revision=result.revision)
    return cast(TableResult, result)


def _mark_field(det: dict[str, Any], old: FieldValueType, comment: str, who: str, at: Any) -> None:
    if not det.get("reviewed"):
        det["original_value"] = old
        det["original_confidence"] = det.get("confidence", 0)
    det.update(confidence=100, reviewed=True, reviewed_by=who, reviewed_at=iso_z(at), review_comment=comment)


# ---------------------------------------------------------------- re-analysis and learning


def latest_reviews(call: Call, kind: ReviewKind, config: Checklist | AnalyticTable) -> dict[str, Review]:
    """The newest review of each stage / field of one checklist / table on a call."""
    fk = "checklist" if kind == ReviewKind.STAGE else "table"
    out: dict[str, Review] = {}
    for r in Review.objects.filter(call=call, kind=kind, **{fk: config}).order_by("-created_at", "-id"):
        out.setdefault(r.item, r)
    return out


def reapply(kind: ConfigKind[Any], call: Call, config: Any, fields: dict[str, Any]) -> bool:
    """A re-analysis keeps what people decided: their latest verdicts / values replace the new
    evaluation's in `fields` (the result model's fields, changed in place). True when any did."""
    if kind.name == CHECKLISTS.name:
        reviews = latest_reviews(call, ReviewKind.STAGE, config)
        rows = [cast(dict[str, Any], dict(st)) for st in fields.get("stages", [])]
        hit = False
        for row in rows:
            r = reviews.get(str(row.get("stage_id")))
            if r is not None and r.value in STATUS_LABELS:
                _mark_stage(row, str(r.value), r.comment, r.reviewer_name, r.created_at)
                hit = True
        if hit:
            scored = rescore(cast(list[StageRow], rows))
            fields.update(stages=scored.stages, total_score=scored.total_score, max_score=scored.max_score,
                          completion_percentage=scored.completion_percentage)
        return hit
    reviews = latest_reviews(call, ReviewKind.FIELD, config)
    data, details = fields.get("data", {}), fields.get("details", {})
    for key, r in reviews.items():
        if key in data:
            det = details.setdefault(key, {"confidence": 0, "quote": "", "quote_start": None})
            _mark_field(det, data[key], r.comment, r.reviewer_name, r.created_at)
            data[key] = r.value
    return any(k in data for k in reviews)


def stage_examples(org_id: int, stage_ids: Iterable[str],
                   exclude_call: int | None = None) -> dict[str, list[Any]]:
    """stage_id -> the organisation's reviewed calls for it (rop.analysis.embedded.LabelledExample),
    the newest review of each call, at most MAX_EXAMPLES per stage."""
    from rop.analysis.embedded import LabelledExample

    latest: dict[tuple[str, int], str] = {}
    per_stage: dict[str, int] = {}
    qs = Review.objects.filter(org_id=org_id, kind=ReviewKind.STAGE, item__in=list(stage_ids))
    if exclude_call is not None:
        qs = qs.exclude(call_id=exclude_call)
    newest = qs.order_by("-created_at", "-id").values_list("item", "call_id", "value")[:5000]
    for item, call_id, value in newest:
        if (item, call_id) in latest or per_stage.get(item, 0) >= MAX_EXAMPLES:
            continue  # an older review of the same call and stage: the newest one stands
        latest[(item, call_id)] = str(value)
        per_stage[item] = per_stage.get(item, 0) + 1
    latest = {k: v for k, v in latest.items() if v in STATUS_LABELS}
    calls = {c.pk: c for c in Call.objects.filter(pk__in={cid for _, cid in latest})}
    transcripts = {pk: tuple(load_transcript(c)) for pk, c in calls.items()}
    out: dict[str, list[Any]] = {}
    for (item, call_id), status in latest.items():
        if transcripts.get(call_id):
            out.setdefault(item, []).append(
                LabelledExample(cast(StageStatus, status), transcripts[call_id], calls[call_id].call_id))
    return out


def compiled_corrections(version: ChecklistVersion | dict[str, Any], spec: ChecklistSpec) -> dict[str, Any]:
    """stage_id -> the stage compiled and corrected by the head of sales (only corrected stages)."""
    from rop.analysis.embedded import CorrectionError, apply_corrections, compile_spec

    snapshot = version.snapshot if isinstance(version, ChecklistVersion) else version
    corrections = {s["id"]: s.get("corrections") or [] for s in snapshot.get("stages", [])}
    out: dict[str, Any] = {}
    for st in spec.stages:
        if corrections.get(st.stage_id):
            try:
                out[st.stage_id] = apply_corrections(compile_spec(st), corrections[st.stage_id])
            except CorrectionError as exc:  # the criterion changed since: the corrections no longer fit
                log.warning("stage %s: corrections skipped: %s", st.stage_id, exc)
    return out


def guidance(call: Call, version: ChecklistVersion, spec: ChecklistSpec) -> Guidance:
    """The corrections and reviewed examples for evaluating `call` with this checklist version."""
    ids = [s.stage_id for s in spec.stages]
    return Guidance(compiled=compiled_corrections(version, spec),
                    examples=stage_examples(call.org_id, ids, exclude_call=call.pk))
