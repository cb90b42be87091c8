"""`rop analyze FILE --checklist C.json --table T.json`: results printed from a transcript
(rop.analysis.offline); bad files are refused before any transcription."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.offline import analyse_files, print_analysis
from rop.analysis.quotes import is_verbatim
from tests.analysis.factories import CHECKLIST, TABLE, utterances


def _files(tmp_path: Path) -> tuple[Path, Path]:
    c, t = tmp_path / "c.json", tmp_path / "t.json"
    c.write_text(json.dumps(CHECKLIST, ensure_ascii=False), encoding="utf-8")
    t.write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    return c, t


def test_results_have_the_webhook_shapes_and_verbatim_quotes(tmp_path: Path) -> None:
    c, t = _files(tmp_path)
    result = analyse_files(utterances(), c, t, evaluator=EmbeddedEvaluator())
    cl = result["checklist"]
    assert cl["checklist_name"] == CHECKLIST["name"]
    assert [s["stage_id"] for s in cl["stages"]] == ["URC_S_1755863272", "URC_S_1755863663"]
    assert all(is_verbatim(s["quote"], utterances()) for s in cl["stages"])
    assert set(result["table"]["extracted_data"]) == {"object_type", "client_name"}


def test_printed_report_is_russian_and_readable(tmp_path: Path) -> None:
    c, t = _files(tmp_path)
    out = StringIO()
    print_analysis(utterances(), c, t, out, evaluator=EmbeddedEvaluator())
    text = out.getvalue()
    assert "Чек-лист «Чек-лист (тест 001)»" in text and "выполнение" in text
    assert "Таблица «Анализ конверсии»" in text


@pytest.mark.django_db
def test_bad_checklist_file_fails_before_transcription(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "stages": []}', encoding="utf-8")
    audio = tmp_path / "missing.mp3"  # never reached: the file check comes first
    with pytest.raises(CommandError, match="stages"):
        call_command("analyze", str(audio), "--checklist", str(bad), stdout=StringIO())
