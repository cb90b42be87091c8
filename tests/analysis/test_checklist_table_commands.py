"""`rop checklist|table import/export`: the documented short formats, the full format round
trip, clear errors and nothing half-imported."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rop.analysis.models import AnalyticTable, Checklist, ChecklistStage
from rop.tenants.models import Organisation

pytestmark = pytest.mark.django_db

SHORT_CHECKLIST = {
    "name": "Чек-лист (тест 001)",
    "webhook_url": "https://crm.example.com/hooks/checklist",
    "stages": [
        {"id": "URC_S_1755863272", "name": "МРК выяснил все критерии поиска клиента",
         "criterion": "Количество комнат, район, сроки сдачи", "weight": 2},
        {"id": "URC_S_1755863663", "name": "МРК выяснил финансовую ситуацию клиента",
         "criterion": "Бюджет, ипотека", "weight": 1},
    ],
}
SHORT_TABLE = {
    "id": "table_conversion",
    "name": "Анализ конверсии",
    "webhook_url": "https://crm.example.com/hooks/table",
    "fields": [{"name": "client_name", "description": "Имя клиента"},
               {"name": "budget_range", "description": "Бюджет клиента"}],
}


def _write(tmp_path: Path, data: object, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_short_checklist_imports_and_full_export_round_trips(org: Organisation, tmp_path: Path) -> None:
    _run("checklist", "import", _write(tmp_path, SHORT_CHECKLIST), "--org", org.name)
    exported = json.loads(_run("checklist", "export", "Чек-лист (тест 001)", "--org", org.name))
    assert exported["format"] == "rop.checklist/1"
    assert [s["id"] for s in exported["stages"]] == ["URC_S_1755863272", "URC_S_1755863663"]
    assert [s["weight"] for s in exported["stages"]] == [2, 1]
    # the full format imports back unchanged (an update: a new version, same content)
    _run("checklist", "import", _write(tmp_path, exported, "full.json"), "--org", org.name)
    again = json.loads(_run("checklist", "export", str(Checklist.objects.get().pk), "--org", org.name))
    assert again["version"] == 2
    assert {k: v for k, v in again.items() if k != "version"} == {
        k: v for k, v in exported.items() if k != "version"
    }


def test_short_table_imports_and_round_trips(org: Organisation, tmp_path: Path) -> None:
    _run("table", "import", _write(tmp_path, SHORT_TABLE), "--org", org.name)
    exported = json.loads(_run("table", "export", "table_conversion", "--org", org.name))
    assert exported["id"] == "table_conversion"
    assert [f["key"] for f in exported["fields"]] == ["client_name", "budget_range"]
    AnalyticTable.objects.all().delete()
    _run("table", "import", _write(tmp_path, exported, "full.json"), "--org", org.name)
    again = json.loads(_run("table", "export", "table_conversion", "--org", org.name))
    assert again["fields"] == exported["fields"]


def test_secret_is_kept_out_of_export_unless_asked(org: Organisation, tmp_path: Path) -> None:
    _run(
        "checklist",
        "import",
        _write(tmp_path, {**SHORT_CHECKLIST, "webhook_secret": "s3cr3t"}),
        "--org",
        org.name,
    )
    plain = _run("checklist", "export", str(SHORT_CHECKLIST["name"]), "--org", org.name)
    assert "s3cr3t" not in plain and json.loads(plain)["has_webhook_secret"] is True
    full = json.loads(
        _run("checklist", "export", str(SHORT_CHECKLIST["name"]), "--org", org.name, "--with-secret")
    )
    assert full["webhook_secret"] == "s3cr3t"


@pytest.mark.parametrize(
    "content,needle",
    [
        ("{not json", "не является корректным JSON"),
        ([1, 2], "JSON-объект"),
        ({"name": "X", "stages": []}, "stages"),
        ({"name": "X", "stages": [{"id": "A", "name": "ok"}, {"id": "A", "name": "dup"}]}, "повторяется"),
        ({"name": "X", "stages": [{"name": "ok"}, {"name": "bad", "weight": "много"}]}, "weight"),
    ],
)
def test_bad_checklist_file_is_rejected_with_a_clear_error_and_nothing_imported(
    org: Organisation, tmp_path: Path, content: object, needle: str
) -> None:
    with pytest.raises(CommandError) as exc:
        _run("checklist", "import", _write(tmp_path, content), "--org", org.name)
    assert needle in str(exc.value)
    assert Checklist.objects.count() == 0 and ChecklistStage.objects.count() == 0


def test_failed_update_leaves_the_previous_version_intact(org: Organisation, tmp_path: Path) -> None:
    _run("checklist", "import", _write(tmp_path, SHORT_CHECKLIST), "--org", org.name)
    bad = {**SHORT_CHECKLIST, "stages": [*SHORT_CHECKLIST["stages"], {"name": "x", "speaker": "robot"}]}
    with pytest.raises(CommandError, match="speaker"):
        _run("checklist", "import", _write(tmp_path, bad, "bad.json"), "--org", org.name)
    c = Checklist.objects.get()
    assert c.version == 1 and c.stages.count() == 2


def test_unknown_org_and_missing_file_are_clear_errors(org: Organisation, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Организация"):
        _run("checklist", "import", _write(tmp_path, SHORT_CHECKLIST), "--org", "Нет такой")
    with pytest.raises(CommandError, match="не найден"):
        _run("table", "import", str(tmp_path / "missing.json"), "--org", org.name)
    with pytest.raises(CommandError, match="не найден"):
        _run("checklist", "export", "Нет такого", "--org", org.name)


def test_list_shows_identifier_name_version_state_and_webhook(org: Organisation, tmp_path: Path) -> None:
    _run("checklist", "import", _write(tmp_path, SHORT_CHECKLIST), "--org", org.name)
    _run("table", "import", _write(tmp_path, SHORT_TABLE, "table.json"), "--org", org.name)
    AnalyticTable.objects.update(is_active=False)
    pk = Checklist.objects.get().pk
    assert _run("checklist", "list", "--org", org.name).strip() == (
        f"{pk}\tЧек-лист (тест 001)\tверсия 1\tактивен\thttps://crm.example.com/hooks/checklist")
    assert _run("table", "list", "--org", org.name).strip() == (
        "table_conversion\tАнализ конверсии\tверсия 1\tвыключена\thttps://crm.example.com/hooks/table")
