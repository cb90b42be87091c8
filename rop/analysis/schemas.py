"""Pydantic schemas of the analysis configuration: the one description of a checklist and an analytic table.

What a checklist / table file, a settings form (rop.ui) and a CLI import may contain is declared here
once: ``ChecklistIn`` (stages: ``StageIn``, their ``CorrectionIn``) and ``TableIn`` (fields:
``FieldIn``), with ``ApplicabilityIn`` shared. docs/import-format.md lists the same keys (a test
checks it against these models); ``ConfigSchema.json_schema()`` is the machine-readable form.

Input is read leniently, as the import format promises: an alias key (``checklist_name``,
``stage_id``, ``description``…) stands for its field, ``None`` is "not given", numbers are accepted
where a string is expected, text is trimmed, ``"a; b"`` is a list. Every problem is a
``PydanticCustomError`` whose type names it (``rop_string``, ``rop_too_long``…); validation
collects all of them and ``rop.analysis.validation.errors_of`` turns them into the Russian messages
users see, all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Self, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, core_schema

from rop.analysis.models import FieldType, StageSpeaker
from rop.net import http

SPEAKERS = tuple(c.value for c in StageSpeaker)
FIELD_TYPES = tuple(c.value for c in FieldType)
CorrectionOp = Literal["add_phrase", "drop_element", "set_requirement", "add_element"]
CORRECTION_OPS: tuple[str, ...] = get_args(CorrectionOp)
MAX_ITEMS = 200
MAX_CORRECTIONS = 100


def problem(kind: str, gist: str, **ctx: Any) -> PydanticCustomError:
    """One validation problem: ``kind`` selects the Russian message (rop.analysis.validation)."""
    return PydanticCustomError(kind, gist, ctx or None)


def aliases(*names: str, **kw: Any) -> Any:
    """A field that also accepts the given alias keys (first one not None wins); shown in the JSON schema."""
    return Field(json_schema_extra={"aliases": list(names)}, **kw)


# ---------------------------------------------------------------- lenient scalar types


@dataclass(frozen=True)
class Text:
    """``Annotated[str, Text(n)]``: a trimmed string of at most n characters (numbers accepted); None or
    "" is empty, and when ``required`` reads as "not given"."""

    max_len: int
    required: bool = False

    def check(self, value: Any) -> str:
        if value is None or value == "":
            if self.required:
                raise problem("missing", "field required")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise problem("rop_string", "must be a string")
        text = str(value).strip()
        if len(text) > self.max_len:
            raise problem("rop_too_long", "at most {max_len} characters", max_len=self.max_len)
        if self.required and not text:
            raise problem("rop_empty", "must not be empty")
        return text

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "string", "maxLength": self.max_len}


def _list_item(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise problem("rop_string", "must be a string")
    return str(value).strip()


def _str_list(value: Any, handler: ValidatorFunctionWrapHandler) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # "a; b; c" from a form field
        return [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]
    if not isinstance(value, list):
        raise problem("rop_string_list", "must be a list of strings")
    out: list[str] = []
    for text in handler(value):
        if text and text not in out:
            out.append(text)
    return out


StrList = Annotated[list[Annotated[str, PlainValidator(_list_item, json_schema_input_type=str)]],
                    WrapValidator(_str_list)]
"""Distinct non-empty strings; a "a; b" string is split; None is empty."""


def _bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise problem("rop_bool", "must be a boolean")


Flag = Annotated[bool | None, PlainValidator(_bool, json_schema_input_type=bool)]


def choice(choices: tuple[str, ...], default: str) -> PlainValidator:
    """``Annotated[str, choice(...)]``: one of ``choices``; empty or missing is ``default``."""

    def check(value: Any) -> str:
        if not value:
            return default
        if not isinstance(value, str) or value not in choices:
            raise problem("rop_choice", "one of {choices}", choices=list(choices), got=repr(value))
        return value

    return PlainValidator(check, json_schema_input_type=Literal[choices])


def _weight(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise problem("rop_weight_type", "must be an integer >= 1")
    try:
        weight = int(str(value).strip()) if not isinstance(value, float) else int(value)
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
    except ValueError:
        weight = 0
    if weight < 1 or weight > 1000:
        raise problem("rop_weight_range", "must be an integer 1..1000")
    return weight


# ---------------------------------------------------------------- parts


def _aliases_of(extra: Any) -> list[str]:
    found = extra.get("aliases") if isinstance(extra, dict) else None
    return [str(a) for a in found] if isinstance(found, list) else []


class Lenient(BaseModel):
    """Alias keys are renamed to their field (the first alias whose value is not None wins)."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data  # pydantic reports "not an object"
        out = dict(data)
        for name, info in cls.model_fields.items():
            extra = info.json_schema_extra
            names = [name, *_aliases_of(extra)]
            present = [k for k in names if k in data]
            if present:
                out[name] = next((data[k] for k in present if data[k] is not None), None)
        return out

    @classmethod
    def blank(cls, *skip: str) -> dict[str, Any]:
        """Every field at its default ("" when required): a new row of a settings form."""
        return {name: info.get_default(call_default_factory=True) if not info.is_required() else ""
                for name, info in cls.model_fields.items() if name not in skip}


class CorrectionIn(BaseModel):
    """A head of sales' correction of how a stage is understood (rop.analysis.embedded.Correction).
    Only the shape is checked here; its meaning is checked when applied to the compiled stage."""

    model_config = ConfigDict(strict=True, extra="ignore")

    op: CorrectionOp
    element: StrictStr | None = None
    phrase: StrictStr | None = None
    mode: Literal["all", "any", "at_least"] | None = None
    n: StrictInt | None = None
    label: StrictStr | None = None
    speaker: Literal["manager", "client", "any"] | None = None

    @field_validator("element", "phrase", "mode", "n", "label", "speaker", mode="before")
    @classmethod
    def _given_means_not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("null")
        return value


def _corrections(value: Any) -> list[dict[str, Any]]:
    """The present keys of each correction; one "unknown correction" error per bad one."""
    if value is None or value == "":
        return []
    if not isinstance(value, list) or len(value) > MAX_CORRECTIONS:
        raise problem("rop_corrections", "a list of corrections (at most {limit})", limit=MAX_CORRECTIONS)
    out: list[dict[str, Any]] = []
    errors: list[InitErrorDetails] = []
    for i, item in enumerate(value):
        try:
            out.append(CorrectionIn.model_validate(item).model_dump(exclude_unset=True))
        except ValidationError:
            errors.append(InitErrorDetails(
                type=problem("rop_correction", "unknown correction (op: {ops})", ops=", ".join(CORRECTION_OPS)),
                loc=(i,), input=item))
    if errors:
        raise ValidationError.from_exception_data("corrections", errors)
    return out


Corrections = Annotated[list[dict[str, Any]], PlainValidator(_corrections, json_schema_input_type=list[CorrectionIn])]


class StageIn(Lenient):
    """A checklist stage."""

    id: Annotated[str, Text(64)] = aliases("stage_id", default="")
    name: Annotated[str, Text(500, required=True)] = aliases("stage_name")
    criterion: Annotated[str, Text(10_000)] = aliases("description", "prompt", default="")
    hints: StrList = Field(default_factory=list)
    weight: Annotated[int, PlainValidator(_weight, json_schema_input_type=int),
                      WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 1000})] = 1
    speaker: Annotated[str, choice(SPEAKERS, "manager")] = "manager"
    corrections: Corrections = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _unique(cls, value: str, info: ValidationInfo) -> str:
        if value and not _first_time(info, "stage ids", value):
            raise problem("rop_duplicate_stage", "duplicate stage id {value}", value=value)
        return value


class FieldIn(Lenient):
    """A field of an analytic table."""

    key: Annotated[str, Text(100, required=True)] = aliases("name")
    description: Annotated[str, Text(10_000)] = aliases("prompt", default="")
    label: Annotated[str, Text(200)] = aliases("title", default="")
    type: Annotated[str, choice(FIELD_TYPES, "string")] = "string"
    options: StrList = Field(default_factory=list, validate_default=True)

    @field_validator("key")
    @classmethod
    def _unique(cls, value: str, info: ValidationInfo) -> str:
        if not _first_time(info, "field keys", value):
            raise problem("rop_duplicate_field", "duplicate field key {value}", value=value)
        return value

    @field_validator("options")
    @classmethod
    def _enum_options(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("type") != "enum":
            return []
        if not value:
            raise problem("rop_enum_options", "enum needs options")
        return value


def _first_time(info: ValidationInfo, what: str, value: str) -> bool:
    """False when ``value`` was seen before in this validation (``ConfigSchema.parse`` gives the context)."""
    if not isinstance(info.context, dict):
        return True
    seen: set[str] = info.context.setdefault(what, set())
    if value in seen:
        return False
    seen.add(value)
    return True


def _some_valid(value: Any) -> bool:
    """Whether a raw deal-stage / office list holds at least one usable id (even if others are wrong)."""
    if isinstance(value, str):
        return any(p.strip() for p in value.replace("\n", ";").split(";"))
    return isinstance(value, list) and any(
        not isinstance(v, bool) and isinstance(v, (str, int, float)) and str(v).strip() for v in value)


class ApplicabilityIn(Lenient):
    """Which calls a configuration applies to: all, or by deal stage and/or CRM office."""

    deal_stage_ids: StrList = Field(default_factory=list)
    office_ids: StrList = Field(default_factory=list)
    all: Flag = Field(default=None, validate_default=True)

    @field_validator("all")
    @classmethod
    def _all_or_some(cls, value: bool | None, info: ValidationInfo) -> bool:
        some = bool(info.data.get("deal_stage_ids") or info.data.get("office_ids"))
        if value is None:
            return not some
        lists_valid = "deal_stage_ids" in info.data and "office_ids" in info.data  # else: already reported
        if not value and not some and lists_valid:
            raise problem("rop_applicability", "give deal stages or offices")
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _none_given(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> ApplicabilityIn:
        """all=false with no usable deal stage or office is reported even when a list has errors."""
        try:
            return handler(data)  # type: ignore[no-any-return]
        except ValidationError as exc:
            if not isinstance(data, dict) or data.get("all") is not False or any(
                    e["type"] == "rop_applicability" for e in exc.errors()) or any(
                    _some_valid(data.get(k)) for k in ("deal_stage_ids", "office_ids")):
                raise
            extra = InitErrorDetails(type=problem("rop_applicability", "give deal stages or offices"),
                                     loc=("all",), input=False)
            raise ValidationError.from_exception_data(cls.__name__, [*reraise(exc), extra]) from None

    @model_validator(mode="after")
    def _all_clears_lists(self) -> ApplicabilityIn:
        if self.all:
            self.deal_stage_ids, self.office_ids = [], []
        return self

    @property
    def applies_to_all(self) -> bool:
        return bool(self.all)


# ---------------------------------------------------------------- configurations


def _limited(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    """The items list: non-empty, at most MAX_ITEMS (the first ones are still checked)."""
    name = info.field_name or ""
    if not isinstance(value, list) or not value:
        raise problem("rop_items_required", "a non-empty list of {items} is required", items=name)
    if len(value) <= MAX_ITEMS:
        return handler(value)
    too_many = InitErrorDetails(type=problem("rop_too_many", "at most {limit} {items}", limit=MAX_ITEMS, items=name),
                                loc=(), input=value)
    try:
        handler(value[:MAX_ITEMS])
    except ValidationError as exc:
        raise ValidationError.from_exception_data(name, [too_many, *reraise(exc)]) from None
    raise ValidationError.from_exception_data(name, [too_many])


def reraise(exc: ValidationError) -> list[InitErrorDetails]:
    """The errors of ``exc`` as details to raise again (with more) from a validator."""
    out: list[InitErrorDetails] = []
    for e in exc.errors():
        kind = e["type"]
        custom = kind.startswith("rop_") or kind == "missing"
        detail = InitErrorDetails(type=PydanticCustomError(kind, e["msg"], e.get("ctx")) if custom else kind,
                                  loc=e["loc"], input=e["input"])
        if not custom and "ctx" in e:
            detail["ctx"] = e["ctx"]
        out.append(detail)
    return out


class ConfigSchema(Lenient):
    """What checklists and tables share: format, name, prompt, webhook, active, applicability."""

    FORMAT: ClassVar[str]
    WHAT: ClassVar[str]  # where-prefix of text messages: "чек-лист" / "таблица"
    ITEMS: ClassVar[str]  # "stages" / "fields"

    format: Any = Field(default=None, description="optional; when given must be the kind's format")
    name: Annotated[str, Text(255, required=True)]
    prompt: Annotated[str, Text(20_000)] = ""
    webhook_url: Annotated[str, Text(2048)] = ""
    webhook_secret: StrictStr | None = Field(default=None, description="omitted = keep the current one")
    active: Flag = aliases("is_active", default=True)
    applicability: ApplicabilityIn = Field(default_factory=ApplicabilityIn)

    @model_validator(mode="before")
    @classmethod
    def _top_level_applicability(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("applicability") is None:
            return {**data, "applicability": {k: data[k] for k in ("deal_stage_ids", "office_ids") if k in data}}
        return data

    @field_validator("format")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if value is not None and value != cls.FORMAT:
            raise problem("rop_format", "wrong format", expected=cls.FORMAT, got=repr(value))
        return value

    @field_validator("webhook_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value:
            try:
                http.validate_url(value)
            except http.InvalidUrl as exc:
                raise problem("rop_url", "invalid URL", message=exc.message) from None
        return value

    @property
    def secret(self) -> str | None:
        return self.webhook_secret

    @property
    def is_active(self) -> bool:
        return self.active is not False

    @property
    def ident(self) -> str:
        return ""

    def items(self) -> list[dict[str, Any]]:
        """The stages / fields in the export format."""
        return [item.model_dump() for item in getattr(self, self.ITEMS)]

    @classmethod
    def parse(cls, data: Any) -> Self:
        """Validate a plain dict (pydantic's ValidationError on any problem, all of them listed)."""
        return cls.model_validate(data, context={})

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the file format (``rop checklist schema`` / ``rop table schema``)."""
        schema = cls.model_json_schema()
        schema["properties"]["format"] = {"const": cls.FORMAT, "description": "optional"}
        return schema


class ChecklistIn(ConfigSchema):
    """A checklist (the ``rop.checklist/1`` export format, or its short form)."""

    model_config = ConfigDict(json_schema_extra={"required": ["name", "stages"]})

    FORMAT = "rop.checklist/1"
    WHAT = "чек-лист"
    ITEMS = "stages"

    name: Annotated[str, Text(255, required=True)] = aliases("checklist_name")
    stages: Annotated[list[StageIn], WrapValidator(_limited)] = Field(
        default=None, validate_default=True, json_schema_extra={"minItems": 1, "maxItems": MAX_ITEMS})


class TableIn(ConfigSchema):
    """An analytic table (the ``rop.table/1`` export format, or its short form)."""

    model_config = ConfigDict(json_schema_extra={"required": ["name", "fields"]})

    FORMAT = "rop.table/1"
    WHAT = "таблица"
    ITEMS = "fields"

    id: Annotated[str, Text(64)] = aliases("table_id", default="")
    name: Annotated[str, Text(255, required=True)] = aliases("table_name")
    fields: Annotated[list[FieldIn], WrapValidator(_limited)] = Field(
        default=None, validate_default=True, json_schema_extra={"minItems": 1, "maxItems": MAX_ITEMS})

    @property
    def ident(self) -> str:
        return self.id
