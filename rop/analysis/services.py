"""Analysis configuration: one path for checklists and analytic tables, driven by a kind.

A kind (``CHECKLISTS``, ``TABLES``; ``KINDS`` lists both) describes what differs: the model,
the items (stages / fields), the export format and the engine call. Everything else is one
code path for both: parse + validate a plain dict (the export format, or the short formats
of docs/import-format.md; all errors collected, Russian messages), save as a new version in
one transaction (nothing is half-saved), export, find, import, applicability, the evaluator
spec of a version snapshot, evaluation of a call and the webhook payload of a result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from django.db import models, transaction

from rop.analysis import quotes
from rop.analysis.models import (
    AnalysisConfig,
    AnalyticTable,
    Checklist,
    ChecklistResult,
    ChecklistStage,
    ChecklistVersion,
    ConfigVersion,
    TableField,
    TableResult,
    TableVersion,
)
from rop.analysis.schemas import ChecklistIn, ConfigSchema, TableIn
from rop.analysis.scoring import score_checklist
from rop.analysis.types import ChecklistSpec, Evaluator, FieldSpec, Guidance, StageSpec, TableSpec, Utterance
from rop.analysis.validation import ConfigInvalid, parse, unique_id
from rop.delivery import outbox
from rop.delivery.payloads import (
    CallRef,
    ChecklistOutcome,
    FieldDetail,
    FieldValueType,
    TableOutcome,
    checklist_payload,
    table_payload,
)
from rop.tenants.models import Organisation

C = TypeVar("C", bound=AnalysisConfig)


@dataclass
class ConfigIn:
    """A validated checklist/table description (what ``ConfigKind.parse`` returns)."""

    head: ConfigSchema  # the validated description (rop.analysis.schemas)
    items: list[dict[str, Any]]  # normalised stages / fields, export-format keys
    ident: str = ""  # the table id given ("" = generate); checklists have none

    @property
    def name(self) -> str:
        return self.head.name


KINDS_DATA = Path(__file__).with_name("data") / "kinds.json"


class ConfigKind(Generic[C]):
    """The per-kind descriptor. Subclasses set ``name``, ``schema`` and the item hooks; their words
    and switches come from data/kinds.json by ``name``. An instance is made with its three models
    (configuration, version snapshot, result)."""

    name: ClassVar[str]  # "checklist" / "table" (also the delivery kind and result FK prefix)
    schema: ClassVar[type[ConfigSchema]]  # what a description may contain (rop.analysis.schemas)
    label: ClassVar[str]  # "Чек-лист" / "Таблица"
    items_key: ClassVar[str]
    lookup_fields: ClassVar[tuple[str, ...]]  # natural keys `find` tries before the primary key
    records_processing_time: ClassVar[bool]  # the result stores processing_seconds
    list_ident: ClassVar[str]  # the attribute the CLI list shows first
    states: ClassVar[tuple[str, str]]  # (active, switched off), in the kind's grammatical gender
    id_prefix: ClassVar[str]  # of generated identifiers (stage ids / table ids)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        entry = json.loads(KINDS_DATA.read_text(encoding="utf-8"))[cls.name]
        cls.label, cls.items_key, cls.list_ident = entry["label"], entry["items_key"], entry["list_ident"]
        cls.lookup_fields, cls.states = tuple(entry["lookup_fields"]), tuple(entry["states"])
        cls.records_processing_time, cls.id_prefix = entry["records_processing_time"], entry["id_prefix"]

    def __init__(self, model: type[C], version_model: type[ConfigVersion], result_model: type[Any]) -> None:
        self.model = model
        self.version_model = version_model
        self.result_model = result_model  # ChecklistResult / TableResult (an AnalysisResult)

    @property
    def fmt(self) -> str:
        """The export format's identifier."""
        return self.schema.FORMAT

    # ------------------------------------------------------------ parse and validate

    def parse(self, data: Any) -> ConfigIn:
        """Validate a description by the kind's schema (ConfigInvalid lists every problem in Russian)."""
        head = parse(self.schema, data)
        return ConfigIn(head, head.items(), head.ident)

    # ------------------------------------------------------------ save (a new version)

    def save(self, org: Organisation, spec: ConfigIn, obj: C | None = None) -> C:
        """Create (obj=None) or update, with the items; records a new version snapshot."""
        with transaction.atomic():
            if obj is not None:
                obj = self.model._default_manager.select_for_update().get(pk=obj.pk, org=org)
            obj = self.prepare(org, spec, obj)
            head = spec.head
            obj.name, obj.prompt, obj.webhook_url = head.name, head.prompt, head.webhook_url
            if head.secret is not None:
                obj.webhook_secret = head.secret
            obj.is_active = head.is_active
            obj.applies_to_all = head.applicability.applies_to_all
            obj.deal_stage_ids = head.applicability.deal_stage_ids
            obj.office_ids = head.applicability.office_ids
            obj.version += 1
            obj.save()
            self.write_items(org, obj, spec.items)
            self.version_model._default_manager.create(
                **{self.name: obj}, number=obj.version, snapshot=self.to_dict(obj))
        return obj

    def prepare(self, org: Organisation, spec: ConfigIn, obj: C | None) -> C:
        """Kind-specific checks before saving (ConfigInvalid); a new instance when obj is None."""
        raise NotImplementedError

    def write_items(self, org: Organisation, obj: C, items: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def create(self, org: Organisation, data: Any) -> C:
        return self.save(org, self.parse(data))

    def update(self, obj: C, data: Any) -> C:
        return self.save(obj.org, self.parse(data), obj)

    def import_(self, org: Organisation, data: Any) -> tuple[C, bool]:
        """Create, or update the one with the same natural key. Returns (object, created)."""
        spec = self.parse(data)
        field, value = self.natural_key(spec)
        existing = self.model._default_manager.filter(org=org, **{field: value}).first() if value else None
        return self.save(org, spec, existing), existing is None

    def natural_key(self, spec: ConfigIn) -> tuple[str, str]:
        return "name", spec.name

    # ------------------------------------------------------------ export and lookup

    def to_dict(self, obj: C, *, with_secret: bool = False) -> dict[str, Any]:
        """The full export format (also the version snapshot)."""
        data: dict[str, Any] = {
            "format": self.fmt,
            **self.ident_dict(obj),
            "name": obj.name,
            "prompt": obj.prompt,
            "webhook_url": obj.webhook_url,
            "has_webhook_secret": bool(obj.webhook_secret),
            "active": obj.is_active,
            "applicability": {
                "all": obj.applies_to_all,
                "deal_stage_ids": list(obj.deal_stage_ids or []),
                "office_ids": list(obj.office_ids or []),
            },
            "version": obj.version,
            self.items_key: self.export_items(obj),
        }
        if with_secret:
            data["webhook_secret"] = obj.webhook_secret
        return data

    def ident_dict(self, obj: C) -> dict[str, Any]:
        return {}

    def export_items(self, obj: C) -> list[dict[str, Any]]:
        raise NotImplementedError

    def find(self, org: Organisation, ref: str) -> C | None:
        """By natural key(s), then by primary key."""
        for field in self.lookup_fields:
            found = self.model._default_manager.filter(org=org, **{field: ref}).first()
            if found is not None:
                return found
        if ref.isdigit() and len(ref) < 19:
            return self.model._default_manager.filter(org=org, pk=int(ref)).first()
        return None

    def current_version(self, obj: C) -> ConfigVersion:
        return self.version_model._default_manager.get(**{self.name: obj}, number=obj.version)

    def applicable(self, call: Any) -> list[C]:
        """Active configurations of this kind that apply to the call, oldest first."""
        offices = manager_office_ids(call)
        qs: models.QuerySet[C] = self.model._default_manager.filter(org_id=call.org_id, is_active=True).order_by("id")
        return [c for c in qs if c.applies(call.deal_stage_id, offices)]

    # ------------------------------------------------------------ evaluation and results

    def spec(self, snapshot: dict[str, Any]) -> Any:
        """The evaluator's spec (ChecklistSpec / TableSpec) of a version snapshot."""
        raise NotImplementedError

    def local_spec(self, parsed: ConfigIn) -> Any:
        """The spec of a description that is not stored (``rop analyze``): positional ids."""
        items = [{**item, "id": item.get("id") or f"S{i + 1}"} for i, item in enumerate(parsed.items)]
        return self.spec({"id": parsed.ident or "TBL_LOCAL", "name": parsed.name, "prompt": parsed.head.prompt,
                          self.items_key: items})

    def evaluate(self, evaluator: Evaluator, transcript: list[Utterance], spec: Any,
                 guidance: Guidance | None = None) -> dict[str, Any]:
        """Run the engine, verify quotes; the result model's fields (scores / values). `guidance`:
        the head of sales' corrections and the organisation's reviewed examples (checklists)."""
        raise NotImplementedError

    def current_results(self, call: Any) -> models.QuerySet[Any]:
        manager: models.Manager[Any] = self.result_model._default_manager
        return (manager.filter(call=call, is_current=True)
                .select_related(self.name, "version", "call__manager").order_by(f"{self.name}__name", "id"))

    def payload(self, result: Any) -> dict[str, Any]:
        """The webhook body of a stored result (rop.delivery.payloads)."""
        raise NotImplementedError

    def deliver(self, result: Any) -> None:
        """One outbox row (a new webhook id) for the result when its checklist/table has a webhook URL."""
        config = getattr(result, self.name)
        if config.webhook_url:
            outbox.enqueue(org=result.org, kind=self.name, url=config.webhook_url,
                           secret=config.webhook_secret, payload=self.payload(result), call=result.call,
                           **{f"{self.name}_result": result})

    def describe(self, obj: C) -> str:
        raise NotImplementedError

    def list_line(self, obj: C) -> str:
        """One row of the CLI list: identifier, name, version, state, webhook URL (tab-separated)."""
        state = self.states[0] if obj.is_active else self.states[1]
        return f"{getattr(obj, self.list_ident)}\t{obj.name}\tверсия {obj.version}\t{state}\t{obj.webhook_url}"


# ---------------------------------------------------------------- checklists


class ChecklistKind(ConfigKind[Checklist]):
    name = "checklist"
    schema = ChecklistIn

    def prepare(self, org: Organisation, spec: ConfigIn, obj: Checklist | None) -> Checklist:
        clash = Checklist.objects.filter(org=org, name=spec.name)
        if obj is not None:
            clash = clash.exclude(pk=obj.pk)
        if clash.exists():
            raise ConfigInvalid([f"Чек-лист с названием «{spec.name}» уже существует (name already used)"])
        others = ChecklistStage.objects.filter(org=org)
        if obj is not None:
            others = others.exclude(checklist=obj)
        used = set(others.values_list("stage_id", flat=True))
        errors = [
            f"Этап {s['id']} уже используется в другом чек-листе (stage id used by another checklist)"
            for s in spec.items
            if s["id"] and s["id"] in used
        ]
        if errors:
            raise ConfigInvalid(errors)
        return obj if obj is not None else Checklist(org=org)

    def write_items(self, org: Organisation, obj: Checklist, items: list[dict[str, Any]]) -> None:
        obj.stages.all().delete()
        taken = set(ChecklistStage.objects.filter(org=org).values_list("stage_id", flat=True))
        taken |= {s["id"] for s in items if s["id"]}
        ChecklistStage.objects.bulk_create([
            ChecklistStage(org=org, checklist=obj, stage_id=s["id"] or unique_id(self.id_prefix, taken), position=i,
                           name=s["name"], criterion=s["criterion"], hints=s["hints"], weight=s["weight"],
                           speaker=s["speaker"], corrections=s.get("corrections") or [])
            for i, s in enumerate(items)
        ])

    def export_items(self, obj: Checklist) -> list[dict[str, Any]]:
        return [
            {"id": s.stage_id, "name": s.name, "criterion": s.criterion, "hints": list(s.hints or []),
             "weight": s.weight, "speaker": s.speaker, "corrections": list(s.corrections or [])}
            for s in obj.stages.order_by("position", "id")
        ]

    def spec(self, snapshot: dict[str, Any]) -> ChecklistSpec:
        stages = tuple(
            StageSpec(stage_id=s["id"], name=s["name"], criterion=s.get("criterion", ""),
                      hints=tuple(s.get("hints") or ()), weight=int(s.get("weight", 1)),
                      speaker=s.get("speaker", "manager"))
            for s in snapshot["stages"]
        )
        return ChecklistSpec(name=snapshot["name"], prompt=snapshot.get("prompt", ""), stages=stages)

    def evaluate(self, evaluator: Evaluator, transcript: list[Utterance], spec: ChecklistSpec,
                 guidance: Guidance | None = None) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if guidance is not None and guidance.compiled:
            extra["compiled"] = guidance.compiled
        if guidance is not None and guidance.examples:
            extra["examples"] = guidance.examples
        # an engine without guidance support (a test double) is called the plain way
        raw = evaluator.evaluate_checklist(transcript, spec, **extra) if extra else \
            evaluator.evaluate_checklist(transcript, spec)
        verdicts = [quotes.verify_verdict(v, transcript) for v in raw]
        scored = score_checklist(spec, verdicts)
        return {"total_score": scored.total_score, "max_score": scored.max_score,
                "completion_percentage": scored.completion_percentage, "stages": scored.stages}

    def payload(self, result: ChecklistResult) -> dict[str, Any]:
        return checklist_payload(ChecklistOutcome(
            call_ref(result.call), result.version.snapshot.get("name", result.checklist.name), result.version.number,
            result.total_score, result.max_score, result.completion_percentage, result.stages, result.created_at,
            result.revision, result.reviewed))

    def describe(self, obj: Checklist) -> str:
        return f"«{obj.name}» (id {obj.pk}, этапов {obj.stages.count()})"


# ---------------------------------------------------------------- analytic tables


class TableKind(ConfigKind[AnalyticTable]):
    name = "table"
    schema = TableIn

    def prepare(self, org: Organisation, spec: ConfigIn, obj: AnalyticTable | None) -> AnalyticTable:
        if obj is not None:
            if spec.ident and spec.ident != obj.table_id:
                raise ConfigInvalid(["Идентификатор таблицы нельзя изменить (table id cannot change)"])
            return obj
        taken = set(AnalyticTable.objects.filter(org=org).values_list("table_id", flat=True))
        if spec.ident and spec.ident in taken:
            raise ConfigInvalid([f"Таблица {spec.ident} уже существует (table id already used)"])
        return AnalyticTable(org=org, table_id=spec.ident or unique_id(self.id_prefix, taken))

    def write_items(self, org: Organisation, obj: AnalyticTable, items: list[dict[str, Any]]) -> None:
        obj.fields.all().delete()
        TableField.objects.bulk_create([
            TableField(table=obj, key=f["key"], label=f.get("label", ""), position=i, description=f["description"],
                       type=f["type"], options=f["options"])
            for i, f in enumerate(items)
        ])

    def natural_key(self, spec: ConfigIn) -> tuple[str, str]:
        return "table_id", spec.ident

    def ident_dict(self, obj: AnalyticTable) -> dict[str, Any]:
        return {"id": obj.table_id}

    def export_items(self, obj: AnalyticTable) -> list[dict[str, Any]]:
        return [
            {"key": f.key, "label": f.label, "description": f.description, "type": f.type,
             "options": list(f.options or [])}
            for f in obj.fields.order_by("position", "id")
        ]

    def spec(self, snapshot: dict[str, Any]) -> TableSpec:
        fields = tuple(
            FieldSpec(key=f["key"], description=f.get("description", ""), type=f.get("type", "string"),
                      options=tuple(f.get("options") or ()))
            for f in snapshot["fields"]
        )
        return TableSpec(table_id=snapshot["id"], name=snapshot["name"], prompt=snapshot.get("prompt", ""),
                         fields=fields)

    def evaluate(self, evaluator: Evaluator, transcript: list[Utterance], spec: TableSpec,
                 guidance: Guidance | None = None) -> dict[str, Any]:
        result = evaluator.extract_table(transcript, spec)
        data: dict[str, FieldValueType] = {}
        details: dict[str, FieldDetail] = {}
        for f in spec.fields:
            fv = result.values.get(f.key)
            if fv is None or fv.value is None:
                data[f.key] = None
                details[f.key] = {"confidence": 0, "quote": "", "quote_start": None}
                continue
            fv = quotes.verify_field(fv, transcript)
            data[f.key] = fv.value
            details[f.key] = {"confidence": fv.confidence, "quote": fv.quote, "quote_start": fv.quote_start}
        return {"data": data, "details": details}

    def payload(self, result: TableResult) -> dict[str, Any]:
        snapshot = result.version.snapshot
        return table_payload(TableOutcome(
            call_ref(result.call), snapshot.get("id", result.table.table_id), snapshot.get("name", result.table.name),
            result.version.number, result.data, result.processing_seconds, result.created_at,
            result.revision, result.reviewed))

    def describe(self, obj: AnalyticTable) -> str:
        return f"{obj.table_id} «{obj.name}» (полей {obj.fields.count()})"


CHECKLISTS = ChecklistKind(Checklist, ChecklistVersion, ChecklistResult)
TABLES = TableKind(AnalyticTable, TableVersion, TableResult)
KINDS: tuple[ConfigKind[Any], ...] = (CHECKLISTS, TABLES)


# ---------------------------------------------------------------- applicability


def manager_office_ids(call: Any) -> set[str]:
    from rop.org.models import OfficeMembership

    if call.manager_id is None:
        return set()
    return set(
        OfficeMembership.objects.filter(manager_id=call.manager_id).values_list("office__office_id", flat=True)
    )


def call_ref(call: Any) -> CallRef:
    manager_id = call.manager.manager_id if call.manager_id and call.manager else ""
    return CallRef(call.call_id, manager_id, call.deal_id or "", call.deal_stage_id or "")
