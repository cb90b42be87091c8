"""`rop checklist` and `rop table` (import / export / list / schema): one command over a config kind."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.analysis.services import ConfigKind
from rop.analysis.validation import ConfigInvalid
from rop.tenants.models import Organisation


def find_org(name: str) -> Organisation:
    org = Organisation.objects.filter(name=name).first() or Organisation.objects.filter(slug=name).first()
    if org is None:
        raise CommandError(f"Организация «{name}» не найдена (organisation not found)")
    return org


def read_json(path: str) -> Any:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"Файл {path} не найден (file not found)") from None
    except UnicodeDecodeError:
        raise CommandError(f"Файл {path} не в кодировке UTF-8 (file is not UTF-8)") from None
    except OSError as exc:
        raise CommandError(f"Не удалось прочитать {path}: {exc.strerror}") from None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise CommandError(f"Файл {path} не является корректным JSON (invalid JSON): {exc}") from None


class ConfigCommand(BaseCommand):
    kind: ConfigKind[Any]  # rop.analysis.services.CHECKLISTS / TABLES

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import (create or update) from a JSON file ('-' = stdin)")
        imp.add_argument("file")
        imp.add_argument("--org", required=True)
        exp = sub.add_parser("export", help="Export as JSON (full format)")
        exp.add_argument("ref", help="name or id")
        exp.add_argument("--org", required=True)
        exp.add_argument("--output", "-o", default="-")
        exp.add_argument("--with-secret", action="store_true", help="include the webhook signing secret")
        ls = sub.add_parser("list")
        ls.add_argument("--org", required=True)
        sub.add_parser("schema", help="Print the JSON Schema of the import file")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "schema":
            self.stdout.write(json.dumps(self.kind.schema.json_schema(), ensure_ascii=False, indent=2))
            return
        org = find_org(options["org"])
        if action == "import":
            data = read_json(options["file"])
            try:
                obj, created = self.kind.import_(org, data)
            except ConfigInvalid as exc:
                lines = "\n".join(f"  - {e}" for e in exc.errors)
                raise CommandError(f"Файл не импортирован, ошибки (nothing imported):\n{lines}") from None
            verb = "создан(а)" if created else "обновлен(а)"
            self.stdout.write(f"{self.kind.label} {self.kind.describe(obj)} {verb}, версия {obj.version}")
        elif action == "export":
            obj = self.kind.find(org, options["ref"])
            if obj is None:
                raise CommandError(f"{self.kind.label} «{options['ref']}» не найден(а) (not found)")
            text = json.dumps(self.kind.to_dict(obj, with_secret=options["with_secret"]), ensure_ascii=False,
                              indent=2)
            if options["output"] == "-":
                self.stdout.write(text)
            else:
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"Сохранено в {options['output']}")
        else:
            for obj in self.kind.model._default_manager.filter(org=org).order_by("name"):
                self.stdout.write(self.kind.list_line(obj))
