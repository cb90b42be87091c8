"""Checklists and analytic tables: validate, create/update (versioned), import/export.

One path for every writer (UI forms, `rop checklist import`, `rop table import`): a plain
dict in the export format (or the short formats documented in docs/import-format.md) goes
through ``parse_checklist`` / ``parse_table`` (all errors collected, Russian messages),
then ``save_checklist`` / ``save_table`` write everything in one transaction and record a
new version snapshot. Nothing is half-saved.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from rop.analysis.models import (
    AnalyticTable,
    Checklist,
    ChecklistStage,
    ChecklistVersion,
    FieldType,
    StageSpeaker,
    TableField,
    TableVersion,
)
from rop.analysis.types import ChecklistSpec, FieldSpec, StageSpec, TableSpec
from rop.net import http
from rop.tenants.models import Organisation

CHECKLIST_FORMAT = "rop.checklist/1"
TABLE_FORMAT = "rop.table/1"
STAGE_PREFIX = "URC_S_"
TABLE_PREFIX = "TBL_"
MAX_STAGES = 200
MAX_FIELDS = 200
SPEAKERS = {c.value for c in StageSpeaker}
FIELD_TYPES = {c.value for c in FieldType}


class ConfigInvalid(ValueError):
    """The checklist/table description is invalid. ``errors``: Russian messages, one per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))

    @property
    def message(self) -> str:
        return "; ".join(self.errors)


# ---------------------------------------------------------------- parsed forms


@dataclass
class ApplicabilityIn:
    applies_to_all: bool = True
    deal_stage_ids: list[str] = field(default_factory=list)
    office_ids: list[str] = field(default_factory=list)


@dataclass
class StageIn:
    stage_id: str  # "" = generate
    name: str
    criterion: str
    hints: list[str]
    weight: int
    speaker: str


@dataclass
class ChecklistIn:
    name: str
    prompt: str
    webhook_url: str
    webhook_secret: str | None  # None = keep the current secret
    is_active: bool
    applicability: ApplicabilityIn
    stages: list[StageIn]


@dataclass
class FieldIn:
    key: str
    description: str
    type: str
    options: list[str]


@dataclass
class TableIn:
    table_id: str  # "" = generate
    name: str
    prompt: str
    webhook_url: str
    webhook_secret: str | None
    is_active: bool
    applicability: ApplicabilityIn
    fields: list[FieldIn]


# ---------------------------------------------------------------- validation helpers


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, msg: str) -> None:
        self.items.append(msg)

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigInvalid(self.items)


def _text(d: dict[str, Any], keys: tuple[str, ...], where: str, errs: _Errors, *, required: bool = False,
          max_len: int = 10_000, default: str = "") -> str:
    value: Any = None
    for k in keys:
        if k in d and d[k] is not None:
            value = d[k]
            break
    if value is None or value == "":
        if required:
            errs.add(f"{where}: не указано обязательное поле «{keys[0]}» (field «{keys[0]}» is required)")
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errs.add(f"{where}.{keys[0]}: должно быть строкой (must be a string)")
        return default
    text = str(value).strip()
    if required and not text:
        errs.add(f"{where}: поле «{keys[0]}» не может быть пустым (must not be empty)")
    if len(text) > max_len:
        errs.add(f"{where}.{keys[0]}: слишком длинное значение (не более {max_len} символов)")
        return text[:max_len]
    return text


def _str_list(value: Any, where: str, errs: _Errors) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # "a; b; c" from a form field
        return [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]
    if not isinstance(value, list):
        errs.add(f"{where}: должно быть списком строк (must be a list of strings)")
        return []
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            errs.add(f"{where}[{i}]: должно быть строкой (must be a string)")
            continue
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def _bool(value: Any, where: str, errs: _Errors, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    errs.add(f"{where}: должно быть true или false (must be a boolean)")
    return default


def _url(value: str, where: str, errs: _Errors) -> str:
    if not value:
        return ""
    try:
        http.validate_url(value)
    except http.InvalidUrl as exc:
        errs.add(f"{where}: {exc.message}")
    return value


def _applicability(d: dict[str, Any], errs: _Errors) -> ApplicabilityIn:
    raw = d.get("applicability")
    if raw is None:
        raw = {k: d[k] for k in ("deal_stage_ids", "office_ids") if k in d}
    if not isinstance(raw, dict):
        errs.add("applicability: должно быть объектом (must be an object)")
        return ApplicabilityIn()
    deal = _str_list(raw.get("deal_stage_ids"), "applicability.deal_stage_ids", errs)
    offices = _str_list(raw.get("office_ids"), "applicability.office_ids", errs)
    all_calls = _bool(raw.get("all"), "applicability.all", errs, default=not (deal or offices))
    if not all_calls and not (deal or offices):
        errs.add("applicability: укажите этапы сделки или офисы, либо all=true (give deal stages or offices)")
    return ApplicabilityIn(all_calls, [] if all_calls else deal, [] if all_calls else offices)


def _root(data: Any, errs: _Errors) -> dict[str, Any]:
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise ConfigInvalid([f"Файл не является корректным JSON (invalid JSON): {exc}"]) from None
    if not isinstance(data, dict):
        raise ConfigInvalid(["Ожидается JSON-объект (expected a JSON object)"])
    return data


# ---------------------------------------------------------------- checklists


@dataclass(frozen=True)
class _Header:
    name: str
    prompt: str
    webhook_url: str
    secret: str | None
    is_active: bool
    applicability: ApplicabilityIn


def _header(d: dict[str, Any], errs: _Errors, fmt_expected: str, name_keys: tuple[str, ...], what: str) -> _Header:
    """The keys checklists and tables share: format, name, prompt, webhook, active, applicability."""
    fmt = d.get("format")
    if fmt is not None and fmt != fmt_expected:
        errs.add(f"format: ожидается «{fmt_expected}», получено {fmt!r} (wrong format)")
    name = _text(d, name_keys, what, errs, required=True, max_len=255)
    prompt = _text(d, ("prompt",), what, errs, max_len=20_000)
    webhook_url = _url(_text(d, ("webhook_url",), what, errs, max_len=2048), "webhook_url", errs)
    secret = d.get("webhook_secret")
    if secret is not None and not isinstance(secret, str):
        errs.add("webhook_secret: должно быть строкой (must be a string)")
        secret = None
    is_active = _bool(d.get("active", d.get("is_active")), "active", errs, default=True)
    return _Header(name, prompt, webhook_url, secret, is_active, _applicability(d, errs))


def _items(d: dict[str, Any], key: str, noun_gen: str, noun_en: str, limit: int,
           errs: _Errors) -> list[tuple[str, dict[str, Any]]]:
    """The non-empty list under ``key`` as (location, object) pairs; problems go to ``errs``."""
    raw = d.get(key)
    if not isinstance(raw, list) or not raw:
        errs.add(f"{key}: нужен непустой список {noun_gen} (a non-empty list of {noun_en} is required)")
        raw = []
    if len(raw) > limit:
        errs.add(f"{key}: не более {limit} {noun_gen}")
        raw = raw[:limit]
    items: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(raw):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            errs.add(f"{where}: должно быть объектом (must be an object)")
            continue
        items.append((where, item))
    return items


def parse_checklist(data: Any) -> ChecklistIn:
    errs = _Errors()
    d = _root(data, errs)
    head = _header(d, errs, CHECKLIST_FORMAT, ("name", "checklist_name"), "чек-лист")
    raw_stages = _items(d, "stages", "этапов", "stages", MAX_STAGES, errs)
    stages: list[StageIn] = []
    seen: set[str] = set()
    for where, raw in raw_stages:
        stage_id = _text(raw, ("id", "stage_id"), where, errs, max_len=64)
        if stage_id:
            if stage_id in seen:
                errs.add(f"{where}: идентификатор этапа {stage_id} повторяется (duplicate stage id)")
            seen.add(stage_id)
        sname = _text(raw, ("name", "stage_name"), where, errs, required=True, max_len=500)
        criterion = _text(raw, ("criterion", "description", "prompt"), where, errs, max_len=10_000)
        hints = _str_list(raw.get("hints"), f"{where}.hints", errs)
        weight_raw = raw.get("weight", 1)
        weight = 1
        if isinstance(weight_raw, bool) or not isinstance(weight_raw, (int, float, str)):
            errs.add(f"{where}.weight: должно быть целым числом от 1 (must be an integer >= 1)")
        else:
            try:
                weight = int(str(weight_raw).strip()) if not isinstance(weight_raw, float) else int(weight_raw)
                if isinstance(weight_raw, float) and not weight_raw.is_integer():
                    raise ValueError
                if weight < 1 or weight > 1000:
                    raise ValueError
            except ValueError:
                errs.add(f"{where}.weight: должно быть целым числом от 1 до 1000 (must be an integer 1..1000)")
                weight = 1
        speaker = raw.get("speaker") or "manager"
        if speaker not in SPEAKERS:
            errs.add(f"{where}.speaker: ожидается manager, client или any (got {speaker!r})")
            speaker = "manager"
        stages.append(StageIn(stage_id, sname, criterion, hints, weight, speaker))
    errs.raise_if_any()
    return ChecklistIn(head.name, head.prompt, head.webhook_url, head.secret, head.is_active, head.applicability,
                       stages)


def _unique_id(prefix: str, taken: set[str]) -> str:
    base = f"{prefix}{int(time.time())}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


def checklist_to_dict(checklist: Checklist, *, with_secret: bool = False) -> dict[str, Any]:
    """The full export format (also the version snapshot)."""
    data: dict[str, Any] = {
        "format": CHECKLIST_FORMAT,
        "name": checklist.name,
        "prompt": checklist.prompt,
        "webhook_url": checklist.webhook_url,
        "has_webhook_secret": bool(checklist.webhook_secret),
        "active": checklist.is_active,
        "applicability": {
            "all": checklist.applies_to_all,
            "deal_stage_ids": list(checklist.deal_stage_ids or []),
            "office_ids": list(checklist.office_ids or []),
        },
        "version": checklist.version,
        "stages": [
            {
                "id": s.stage_id,
                "name": s.name,
                "criterion": s.criterion,
                "hints": list(s.hints or []),
                "weight": s.weight,
                "speaker": s.speaker,
            }
            for s in checklist.stages.order_by("position", "id")
        ],
    }
    if with_secret:
        data["webhook_secret"] = checklist.webhook_secret
    return data


def save_checklist(org: Organisation, spec: ChecklistIn, checklist: Checklist | None = None) -> Checklist:
    """Create (checklist=None) or update a checklist with its stages; records a new version."""
    with transaction.atomic():
        clash = Checklist.objects.filter(org=org, name=spec.name)
        if checklist is not None:
            checklist = Checklist.objects.select_for_update().get(pk=checklist.pk, org=org)
            clash = clash.exclude(pk=checklist.pk)
        if clash.exists():
            raise ConfigInvalid([f"Чек-лист с названием «{spec.name}» уже существует (name already used)"])
        own_ids = set(checklist.stages.values_list("stage_id", flat=True)) if checklist else set()
        org_ids = set(ChecklistStage.objects.filter(org=org).values_list("stage_id", flat=True))
        errors = [
            f"Этап {s.stage_id} уже используется в другом чек-листе (stage id used by another checklist)"
            for s in spec.stages
            if s.stage_id and s.stage_id in org_ids - own_ids
        ]
        if errors:
            raise ConfigInvalid(errors)
        if checklist is None:
            checklist = Checklist(org=org)
        checklist.name = spec.name
        checklist.prompt = spec.prompt
        checklist.webhook_url = spec.webhook_url
        if spec.webhook_secret is not None:
            checklist.webhook_secret = spec.webhook_secret
        checklist.is_active = spec.is_active
        checklist.applies_to_all = spec.applicability.applies_to_all
        checklist.deal_stage_ids = spec.applicability.deal_stage_ids
        checklist.office_ids = spec.applicability.office_ids
        checklist.version += 1
        checklist.save()
        checklist.stages.all().delete()
        taken = org_ids - own_ids | {s.stage_id for s in spec.stages if s.stage_id}
        ChecklistStage.objects.bulk_create(
            [
                ChecklistStage(
                    org=org,
                    checklist=checklist,
                    stage_id=s.stage_id or _unique_id(STAGE_PREFIX, taken),
                    position=i,
                    name=s.name,
                    criterion=s.criterion,
                    hints=s.hints,
                    weight=s.weight,
                    speaker=s.speaker,
                )
                for i, s in enumerate(spec.stages)
            ]
        )
        ChecklistVersion.objects.create(
            checklist=checklist, number=checklist.version, snapshot=checklist_to_dict(checklist)
        )
    return checklist


def create_checklist(org: Organisation, data: Any) -> Checklist:
    return save_checklist(org, parse_checklist(data))


def update_checklist(checklist: Checklist, data: Any) -> Checklist:
    return save_checklist(checklist.org, parse_checklist(data), checklist)


def set_checklist_active(checklist: Checklist, active: bool) -> Checklist:
    """Toggle without touching anything else (still a new version: results record it)."""
    data = checklist_to_dict(checklist)
    data["active"] = active
    return update_checklist(checklist, data)


def import_checklist(org: Organisation, data: Any) -> tuple[Checklist, bool]:
    """Create, or update the checklist with the same name. Returns (checklist, created)."""
    spec = parse_checklist(data)
    existing = Checklist.objects.filter(org=org, name=spec.name).first()
    return save_checklist(org, spec, existing), existing is None


def find_checklist(org: Organisation, ref: str) -> Checklist | None:
    found = Checklist.objects.filter(org=org, name=ref).first()
    if found is None and ref.isdigit() and len(ref) < 19:
        found = Checklist.objects.filter(org=org, pk=int(ref)).first()
    return found


def current_checklist_version(checklist: Checklist) -> ChecklistVersion:
    return ChecklistVersion.objects.get(checklist=checklist, number=checklist.version)


def checklist_spec(snapshot: dict[str, Any]) -> ChecklistSpec:
    return ChecklistSpec(
        name=snapshot["name"],
        prompt=snapshot.get("prompt", ""),
        stages=tuple(
            StageSpec(
                stage_id=s["id"],
                name=s["name"],
                criterion=s.get("criterion", ""),
                hints=tuple(s.get("hints") or ()),
                weight=int(s.get("weight", 1)),
                speaker=s.get("speaker", "manager"),
            )
            for s in snapshot["stages"]
        ),
    )


# ---------------------------------------------------------------- tables


def parse_table(data: Any) -> TableIn:
    errs = _Errors()
    d = _root(data, errs)
    table_id = _text(d, ("id", "table_id"), "таблица", errs, max_len=64)
    head = _header(d, errs, TABLE_FORMAT, ("name", "table_name"), "таблица")
    raw_fields = _items(d, "fields", "полей", "fields", MAX_FIELDS, errs)
    fields: list[FieldIn] = []
    seen: set[str] = set()
    for where, raw in raw_fields:
        key = _text(raw, ("key", "name"), where, errs, required=True, max_len=100)
        if key in seen:
            errs.add(f"{where}: поле {key} повторяется (duplicate field key)")
        seen.add(key)
        description = _text(raw, ("description", "prompt"), where, errs, max_len=10_000)
        ftype = raw.get("type") or "string"
        if ftype not in FIELD_TYPES:
            errs.add(f"{where}.type: ожидается string, number, enum или date (got {ftype!r})")
            ftype = "string"
        options = _str_list(raw.get("options"), f"{where}.options", errs)
        if ftype == "enum" and not options:
            errs.add(f"{where}.options: для типа enum нужен список вариантов (enum needs options)")
        fields.append(FieldIn(key, description, ftype, options if ftype == "enum" else []))
    errs.raise_if_any()
    return TableIn(table_id, head.name, head.prompt, head.webhook_url, head.secret, head.is_active,
                   head.applicability, fields)


def table_to_dict(table: AnalyticTable, *, with_secret: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": TABLE_FORMAT,
        "id": table.table_id,
        "name": table.name,
        "prompt": table.prompt,
        "webhook_url": table.webhook_url,
        "has_webhook_secret": bool(table.webhook_secret),
        "active": table.is_active,
        "applicability": {
            "all": table.applies_to_all,
            "deal_stage_ids": list(table.deal_stage_ids or []),
            "office_ids": list(table.office_ids or []),
        },
        "version": table.version,
        "fields": [
            {"key": f.key, "description": f.description, "type": f.type, "options": list(f.options or [])}
            for f in table.fields.order_by("position", "id")
        ],
    }
    if with_secret:
        data["webhook_secret"] = table.webhook_secret
    return data


def save_table(org: Organisation, spec: TableIn, table: AnalyticTable | None = None) -> AnalyticTable:
    with transaction.atomic():
        if table is not None:
            table = AnalyticTable.objects.select_for_update().get(pk=table.pk, org=org)
            if spec.table_id and spec.table_id != table.table_id:
                raise ConfigInvalid(["Идентификатор таблицы нельзя изменить (table id cannot change)"])
        else:
            taken = set(AnalyticTable.objects.filter(org=org).values_list("table_id", flat=True))
            if spec.table_id and spec.table_id in taken:
                raise ConfigInvalid([f"Таблица {spec.table_id} уже существует (table id already used)"])
            table = AnalyticTable(org=org, table_id=spec.table_id or _unique_id(TABLE_PREFIX, taken))
        table.name = spec.name
        table.prompt = spec.prompt
        table.webhook_url = spec.webhook_url
        if spec.webhook_secret is not None:
            table.webhook_secret = spec.webhook_secret
        table.is_active = spec.is_active
        table.applies_to_all = spec.applicability.applies_to_all
        table.deal_stage_ids = spec.applicability.deal_stage_ids
        table.office_ids = spec.applicability.office_ids
        table.version += 1
        table.save()
        table.fields.all().delete()
        TableField.objects.bulk_create(
            [
                TableField(table=table, key=f.key, position=i, description=f.description, type=f.type,
                           options=f.options)
                for i, f in enumerate(spec.fields)
            ]
        )
        TableVersion.objects.create(table=table, number=table.version, snapshot=table_to_dict(table))
    return table


def create_table(org: Organisation, data: Any) -> AnalyticTable:
    return save_table(org, parse_table(data))


def update_table(table: AnalyticTable, data: Any) -> AnalyticTable:
    return save_table(table.org, parse_table(data), table)


def set_table_active(table: AnalyticTable, active: bool) -> AnalyticTable:
    data = table_to_dict(table)
    data["active"] = active
    return update_table(table, data)


def import_table(org: Organisation, data: Any) -> tuple[AnalyticTable, bool]:
    """Create, or update the table with the same id. Returns (table, created)."""
    spec = parse_table(data)
    existing = AnalyticTable.objects.filter(org=org, table_id=spec.table_id).first() if spec.table_id else None
    return save_table(org, spec, existing), existing is None


def find_table(org: Organisation, ref: str) -> AnalyticTable | None:
    found = AnalyticTable.objects.filter(org=org, table_id=ref).first()
    if found is None:
        found = AnalyticTable.objects.filter(org=org, name=ref).first()
    if found is None and ref.isdigit() and len(ref) < 19:
        found = AnalyticTable.objects.filter(org=org, pk=int(ref)).first()
    return found


def current_table_version(table: AnalyticTable) -> TableVersion:
    return TableVersion.objects.get(table=table, number=table.version)


def table_spec(snapshot: dict[str, Any]) -> TableSpec:
    return TableSpec(
        table_id=snapshot["id"],
        name=snapshot["name"],
        prompt=snapshot.get("prompt", ""),
        fields=tuple(
            FieldSpec(key=f["key"], description=f.get("description", ""), type=f.get("type", "string"),
                      options=tuple(f.get("options") or ()))
            for f in snapshot["fields"]
        ),
    )


# ---------------------------------------------------------------- applicability


def manager_office_ids(call: Any) -> set[str]:
    from rop.org.models import OfficeMembership

    if call.manager_id is None:
        return set()
    return set(
        OfficeMembership.objects.filter(manager_id=call.manager_id).values_list("office__office_id", flat=True)
    )


def applies(obj: Checklist | AnalyticTable, deal_stage_id: str, offices: set[str]) -> bool:
    if obj.applies_to_all:
        return True
    if obj.deal_stage_ids and deal_stage_id not in obj.deal_stage_ids:
        return False
    return not (obj.office_ids and not offices.intersection(obj.office_ids))


def applicable_checklists(call: Any) -> list[Checklist]:
    offices = manager_office_ids(call)
    qs: QuerySet[Checklist] = Checklist.objects.filter(org_id=call.org_id, is_active=True).order_by("id")
    return [c for c in qs if applies(c, call.deal_stage_id, offices)]


def applicable_tables(call: Any) -> list[AnalyticTable]:
    offices = manager_office_ids(call)
    qs: QuerySet[AnalyticTable] = AnalyticTable.objects.filter(org_id=call.org_id, is_active=True).order_by("id")
    return [t for t in qs if applies(t, call.deal_stage_id, offices)]


def delete_checklist(checklist: Checklist) -> None:
    """Delete with its versions, results and pending deliveries (history goes too;
    deactivate instead to keep it)."""
    checklist.delete()


def delete_table(table: AnalyticTable) -> None:
    table.delete()


def reanalyse(call: Any, requested_by: str = "") -> Any:
    """UI "analyse again": queue the call's analysis with the current versions (history kept).
    Returns the ReanalysisRequest; the worker does the work (rop.analysis.stage.run)."""
    from rop.analysis.stage import request_reanalysis

    return request_reanalysis(call, requested_by)
