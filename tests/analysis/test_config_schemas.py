"""The pydantic schemas of checklists and tables (rop.analysis.schemas) and the one translator of
their errors (rop.analysis.validation): exact Russian messages, every problem at once, lenient input,
and the schemas as the one source of the import format (docs page, JSON Schema, CLI)."""

from __future__ import annotations

import copy
import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pydantic import ValidationError

from rop.analysis import schemas
from rop.analysis.schemas import ChecklistIn, ConfigSchema, FieldIn, StageIn, TableIn
from rop.analysis.services import CHECKLISTS, TABLES
from rop.analysis.validation import MESSAGES, ConfigInvalid

REPO = Path(__file__).resolve().parents[2]
CL: dict[str, Any] = {"name": "Чек-лист", "stages": [{"id": "S1", "name": "Приветствие"}]}
TB: dict[str, Any] = {"id": "T1", "name": "Таблица", "fields": [{"key": "k", "description": "d"}]}
OPS = "add_phrase, drop_element, set_requirement, add_element"


def _with(base: dict[str, Any], *path: str | int, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


CASES: list[tuple[str, Any, list[str]]] = [
    ("missing", {"stages": [{"name": "x"}]},
     ["чек-лист: не указано обязательное поле «name» (field «name» is required)"]),
    ("missing", _with(TB, "fields", 0, "key", value=None),
     ["fields[0]: не указано обязательное поле «key» (field «key» is required)"]),
    ("rop_empty", _with(CL, "name", value="   "), ["чек-лист: поле «name» не может быть пустым (must not be empty)"]),
    ("rop_string", _with(CL, "name", value=["x"]), ["чек-лист.name: должно быть строкой (must be a string)"]),
    ("rop_string", _with(CL, "stages", 0, "hints", value=["a", {}]),
     ["stages[0].hints[1]: должно быть строкой (must be a string)"]),
    ("rop_too_long", _with(CL, "name", value="n" * 256),
     ["чек-лист.name: слишком длинное значение (не более 255 символов)"]),
    ("rop_too_long", _with(TB, "id", value="x" * 65), ["таблица.id: слишком длинное значение (не более 64 символов)"]),
    ("string_type", _with(CL, "webhook_secret", value=5), ["webhook_secret: должно быть строкой (must be a string)"]),
    ("rop_string_list", _with(CL, "stages", 0, "hints", value=5),
     ["stages[0].hints: должно быть списком строк (must be a list of strings)"]),
    ("rop_bool", _with(CL, "active", value="yes"), ["active: должно быть true или false (must be a boolean)"]),
    ("rop_bool", _with(CL, "applicability", value={"all": 1}),
     ["applicability.all: должно быть true или false (must be a boolean)"]),
    ("model_type", _with(CL, "stages", value=[{"name": "ok"}, 5]),
     ["stages[1]: должно быть объектом (must be an object)"]),
    ("model_type", _with(CL, "applicability", value=5), ["applicability: должно быть объектом (must be an object)"]),
    ("model_type", "[1, 2]", ["Ожидается JSON-объект (expected a JSON object)"]),
    ("rop_format", _with(CL, "format", value="rop.table/1"),
     ["format: ожидается «rop.checklist/1», получено 'rop.table/1' (wrong format)"]),
    ("rop_url", _with(CL, "webhook_url", value="ftp://x"), ["webhook_url: URL должен начинаться с http:// или https://"]),
    ("rop_applicability", _with(CL, "applicability", value={"all": False}),
     ["applicability: укажите этапы сделки или офисы, либо all=true (give deal stages or offices)"]),
    ("rop_items_required", _with(CL, "stages", value=[]),
     ["stages: нужен непустой список этапов (a non-empty list of stages is required)"]),
    ("rop_items_required", {"name": "T"},
     ["fields: нужен непустой список полей (a non-empty list of fields is required)"]),
    ("rop_too_many", _with(CL, "stages", value=[{"name": "x"}] * 201), ["stages: не более 200 этапов"]),
    ("rop_duplicate_stage", _with(CL, "stages", value=[{"id": "A", "name": "a"}, {"stage_id": " A ", "name": "b"}]),
     ["stages[1]: идентификатор этапа A повторяется (duplicate stage id)"]),
    ("rop_duplicate_field", _with(TB, "fields", value=[{"key": "k"}, {"name": "k"}]),
     ["fields[1]: поле k повторяется (duplicate field key)"]),
    ("rop_weight_type", _with(CL, "stages", 0, "weight", value=True),
     ["stages[0].weight: должно быть целым числом от 1 (must be an integer >= 1)"]),
    ("rop_weight_range", _with(CL, "stages", 0, "weight", value="1001"),
     ["stages[0].weight: должно быть целым числом от 1 до 1000 (must be an integer 1..1000)"]),
    ("rop_weight_range", _with(CL, "stages", 0, "weight", value=2.5),
     ["stages[0].weight: должно быть целым числом от 1 до 1000 (must be an integer 1..1000)"]),
    ("rop_choice", _with(CL, "stages", 0, "speaker", value="robot"),
     ["stages[0].speaker: ожидается manager, client или any (got 'robot')"]),
    ("rop_choice", _with(CL, "stages", 0, "speaker", value=["a"]),  # was a TypeError (a 500 in the UI)
     ["stages[0].speaker: ожидается manager, client или any (got ['a'])"]),
    ("rop_choice", _with(TB, "fields", 0, "type", value="bool"),
     ["fields[0].type: ожидается string, number, enum или date (got 'bool')"]),
    ("rop_enum_options", _with(TB, "fields", 0, "type", value="enum"),
     ["fields[0].options: для типа enum нужен список вариантов (enum needs options)"]),
    ("rop_corrections", _with(CL, "stages", 0, "corrections", value="{не json"),
     ["stages[0].corrections: ожидается список исправлений (at most 100)"]),
    ("rop_correction", _with(CL, "stages", 0, "corrections", value=[{"op": "drop_element", "element": "e"},
                                                                     {"op": "set_requirement", "n": True}]),
     [f"stages[0].corrections[1]: неизвестное исправление (op: {OPS})"]),
]


def _errors(data: Any, kind: Any) -> list[str]:
    with pytest.raises(ConfigInvalid) as exc:
        kind.parse(data)
    return exc.value.errors


def _kind_of(data: Any) -> Any:
    return TABLES if isinstance(data, dict) and ("fields" in data or "stages" not in data) else CHECKLISTS


@pytest.mark.parametrize("error_type,data,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_error_type_maps_to_its_russian_message(error_type: str, data: Any, expected: list[str]) -> None:
    kind = _kind_of(data)
    assert _errors(data, kind) == expected
    if isinstance(data, dict):  # the case really exercises the error type it is named for
        with pytest.raises(ValidationError) as raw:
            kind.schema.parse(data)
        assert error_type in {e["type"] for e in raw.value.errors()}


def test_every_error_type_has_a_message_and_a_case() -> None:
    raised = set(re.findall(r'problem\(\s*"(\w+)"', Path(schemas.__file__).read_text(encoding="utf-8")))
    assert raised <= set(MESSAGES), raised - set(MESSAGES)
    assert {c[0] for c in CASES} == set(MESSAGES)


def test_invalid_json_text_is_reported_with_the_parser_reason() -> None:
    [msg] = _errors("{not json", CHECKLISTS)
    assert msg.startswith("Файл не является корректным JSON (invalid JSON): Expecting property name")


def test_every_problem_is_reported_at_once_even_next_to_a_limit() -> None:
    stages = [{"id": "A", "name": "a"}, {"id": "A", "weight": 0}, 5] + [{"name": "x"}] * 200
    errors = _errors({"name": "", "webhook_url": "ftp://x", "active": "no", "stages": stages}, CHECKLISTS)
    assert errors == [
        "чек-лист: не указано обязательное поле «name» (field «name» is required)",
        "webhook_url: URL должен начинаться с http:// или https://",
        "active: должно быть true или false (must be a boolean)",
        "stages: не более 200 этапов",
        "stages[1]: идентификатор этапа A повторяется (duplicate stage id)",
        "stages[1]: не указано обязательное поле «name» (field «name» is required)",
        "stages[1].weight: должно быть целым числом от 1 до 1000 (must be an integer 1..1000)",
        "stages[2]: должно быть объектом (must be an object)",
    ]


def test_wrong_list_entries_and_missing_deal_stages_are_both_reported() -> None:
    data = _with(CL, "applicability", value={"all": False, "office_ids": [True]})
    assert _errors(data, CHECKLISTS) == [
        "applicability.office_ids[0]: должно быть строкой (must be a string)",
        "applicability: укажите этапы сделки или офисы, либо all=true (give deal stages or offices)",
    ]
    usable = _with(CL, "applicability", value={"all": False, "office_ids": [True, " o1 "]})
    assert _errors(usable, CHECKLISTS) == ["applicability.office_ids[0]: должно быть строкой (must be a string)"]


def test_lenient_input_is_accepted_as_before() -> None:
    parsed = CHECKLISTS.parse({
        "checklist_name": "  Продажи  ", "name": None, "prompt": 42, "webhook_url": " https://crm.example.com/h ",
        "is_active": False, "deal_stage_ids": " d1; ;d2\n", "office_ids": ["o1", 7, " o1 "],
        "stages": [{"stage_id": 17, "stage_name": "Приветствие", "description": None, "prompt": " поздоровался ",
                    "hints": "здравствуйте; ; добрый день", "weight": " 3 ", "speaker": None, "corrections": "",
                    "unknown": "ignored"},
                   {"name": 5, "weight": 2.0, "speaker": "client",
                    "corrections": [{"op": "set_requirement", "mode": "at_least", "n": 2, "extra": 1}]}],
    })
    head = parsed.head
    assert (head.name, head.prompt, head.webhook_url, head.is_active, head.secret) == (
        "Продажи", "42", "https://crm.example.com/h", False, None)
    assert (head.applicability.applies_to_all, head.applicability.deal_stage_ids,
            head.applicability.office_ids) == (False, ["d1", "d2"], ["o1", "7"])
    assert parsed.items == [
        {"id": "17", "name": "Приветствие", "criterion": "поздоровался", "hints": ["здравствуйте", "добрый день"],
         "weight": 3, "speaker": "manager", "corrections": []},
        {"id": "", "name": "5", "criterion": "", "hints": [], "weight": 2, "speaker": "client",
         "corrections": [{"op": "set_requirement", "mode": "at_least", "n": 2}]},
    ]
    table = TABLES.parse({"table_id": " TID ", "table_name": "T", "applicability": {"all": True, "office_ids": ["o"]},
                          "fields": [{"name": "k", "title": "Ключ", "prompt": "что", "type": "enum",
                                      "options": ["a", "b", "a"]}, {"key": "n", "type": None, "options": ["x"]}]})
    assert table.ident == "TID" and table.head.applicability.office_ids == []
    assert table.items == [{"key": "k", "description": "что", "label": "Ключ", "type": "enum", "options": ["a", "b"]},
                           {"key": "n", "description": "", "label": "", "type": "string", "options": []}]


def _doc_keys(section: str) -> dict[str, set[str]]:
    """`key` (aliases) of each row of a section's key tables in docs/import-format.md."""
    text = (REPO / "docs" / "import-format.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, set[str]] = {}
    for line in body.splitlines():
        cell = line.split("|")[1] if line.startswith("| `") else ""
        names = re.findall(r"`([^`]+)`", cell)
        if names:
            rows[names[0]] = set(names[1:])
    return rows


def _schema_keys(schema: type[ConfigSchema], item: type[StageIn | FieldIn]) -> dict[str, set[str]]:
    def keys(model: type[Any], prefix: str) -> dict[str, set[str]]:
        out = {}
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            out[prefix + name] = set(extra.get("aliases") or [])
        return out

    return {**keys(schema, ""), **keys(item, f"{schema.ITEMS}[].")}


EXPORT_ONLY = {"has_webhook_secret": set[str](), "version": set[str]()}


@pytest.mark.parametrize("section,schema,item",
                         [("Checklist", ChecklistIn, StageIn), ("Analytic table", TableIn, FieldIn)])
def test_import_format_doc_lists_exactly_the_schema_keys_and_aliases(
        section: str, schema: type[ConfigSchema], item: type[StageIn | FieldIn]) -> None:
    assert _doc_keys(section) == {**_schema_keys(schema, item), **EXPORT_ONLY}


@pytest.mark.parametrize("command,schema", [("checklist", ChecklistIn), ("table", TableIn)])
def test_cli_prints_the_json_schema_of_the_import_file(command: str, schema: type[ConfigSchema]) -> None:
    out = StringIO()
    call_command(command, "schema", stdout=out)
    printed = json.loads(out.getvalue())
    assert set(printed["properties"]) == set(schema.model_fields)
    assert printed["properties"]["format"]["const"] == schema.FORMAT
    assert set(printed["required"]) == {"name", schema.ITEMS}
    item = printed["$defs"]["StageIn" if schema is ChecklistIn else "FieldIn"]["properties"]
    if schema is ChecklistIn:
        assert item["criterion"]["aliases"] == ["description", "prompt"] and item["id"]["maxLength"] == 64
        assert item["weight"]["maximum"] == 1000 and item["speaker"]["enum"] == ["manager", "client", "any"]
    else:
        assert item["key"]["aliases"] == ["name"] and item["type"]["enum"] == ["string", "number", "enum", "date"]
