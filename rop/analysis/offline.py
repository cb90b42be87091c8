"""Analysis without the database: `rop analyze FILE --checklist C.json --table T.json`.

The checklist/table files use the import format (docs/import-format.md); stages without
an id get positional ids (S1, S2…). Results have the webhook payload shapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from django.utils import timezone

from rop.analysis.engine import get_evaluator
from rop.analysis.services import CHECKLISTS, TABLES, ConfigKind
from rop.analysis.types import ChecklistSpec, Evaluator, TableSpec, Utterance
from rop.analysis.validation import ConfigInvalid
from rop.core.speech import SPEAKER_LABELS
from rop.delivery.payloads import iso_z

SPEAKER_RU: dict[str | None, str] = {None: "", **{key: label for key, label in SPEAKER_LABELS.items()}}
STATUS_RU = {"completed": "выполнен", "failed": "не выполнен", "not_applicable": "неприменим"}


def _spec_from_file(kind: ConfigKind[Any], path: str | Path) -> Any:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigInvalid([f"Файл {path} не найден"]) from None
    except ValueError as exc:
        raise ConfigInvalid([f"Файл {path} не является корректным JSON: {exc}"]) from None
    return kind.local_spec(kind.parse(data))


def checklist_from_file(path: str | Path) -> ChecklistSpec:
    spec: ChecklistSpec = _spec_from_file(CHECKLISTS, path)
    return spec


def table_from_file(path: str | Path) -> TableSpec:
    spec: TableSpec = _spec_from_file(TABLES, path)
    return spec


def analyse_files(utterances: list[Utterance], checklist_file: str | Path | None, table_file: str | Path | None,
                  evaluator: Evaluator | None = None, call_id: str = "local") -> dict[str, Any]:
    """{"checklist": payload | None, "table": payload | None} (raises ConfigInvalid on bad files)."""
    checklist = checklist_from_file(checklist_file) if checklist_file else None
    table = table_from_file(table_file) if table_file else None
    evaluator = evaluator or get_evaluator()
    now = iso_z(timezone.now())
    out: dict[str, Any] = {"engine": evaluator.name, "checklist": None, "table": None}
    if checklist is not None:
        scored = CHECKLISTS.evaluate(evaluator, utterances, checklist)
        out["checklist"] = {"call_id": call_id, "manager_id": "", "checklist_name": checklist.name, **scored,
                            "timestamp": now}
    if table is not None:
        data = TABLES.evaluate(evaluator, utterances, table)["data"]
        out["table"] = {"call_id": call_id, "table_id": table.table_id, "table_name": table.name,
                        "extracted_data": data, "processing_time": "00:00:00", "timestamp": now}
    return out


def print_analysis(utterances: list[Utterance], checklist_file: str | Path | None, table_file: str | Path | None,
                   out: TextIO, as_json: bool = False, evaluator: Evaluator | None = None) -> dict[str, Any]:
    result = analyse_files(utterances, checklist_file, table_file, evaluator)
    if as_json:
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return result
    cl = result["checklist"]
    if cl is not None:
        out.write(f"\nЧек-лист «{cl['checklist_name']}» ({result['engine']}): {cl['total_score']} из "
                  f"{cl['max_score']}, выполнение {cl['completion_percentage']}%\n")
        for st in cl["stages"]:
            out.write(f"  [{STATUS_RU[st['status']]}, {st['score']:+d}, {st['percentage']}%] {st['stage_name']}\n")
            if st["comment"]:
                out.write(f"      {st['comment']}\n")
            if st["quote"]:
                out.write(f"      «{st['quote']}» ({SPEAKER_RU.get(st['quote_speaker'], '')}, "
                          f"{st['quote_start']:.1f} с)\n")
    tb = result["table"]
    if tb is not None:
        out.write(f"\nТаблица «{tb['table_name']}» ({tb['table_id']}):\n")
        out.writelines(f"  {key}: {'—' if value is None else value}\n" for key, value in tb["extracted_data"].items())
    return result
