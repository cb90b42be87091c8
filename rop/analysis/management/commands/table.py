"""`rop table import FILE --org NAME` / `export TABLE_ID_OR_NAME --org NAME` / `list --org NAME`."""

from __future__ import annotations

from typing import Any

from rop.analysis import services
from rop.analysis.management.commands._config_cli import ConfigCommand
from rop.analysis.models import AnalyticTable
from rop.tenants.models import Organisation


def _list(org: Organisation) -> list[str]:
    return [
        f"{t.table_id}\t{t.name}\tверсия {t.version}\t{'активна' if t.is_active else 'выключена'}\t{t.webhook_url}"
        for t in AnalyticTable.objects.filter(org=org).order_by("name")
    ]


class Command(ConfigCommand):
    help = "Analytic tables: import/export JSON (docs/import-format.md), list."
    what = "Таблица"
    importer = staticmethod(services.import_table)
    finder = staticmethod(services.find_table)
    exporter = staticmethod(services.table_to_dict)
    lister = staticmethod(_list)

    def describe(self, obj: Any) -> str:
        return f"{obj.table_id} «{obj.name}» (полей {obj.fields.count()})"
