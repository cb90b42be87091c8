"""`rop checklist import FILE --org NAME` / `export NAME_OR_ID --org NAME` / `list --org NAME`."""

from __future__ import annotations

from typing import Any

from rop.analysis import services
from rop.analysis.management.commands._config_cli import ConfigCommand
from rop.analysis.models import Checklist
from rop.tenants.models import Organisation


def _list(org: Organisation) -> list[str]:
    return [
        f"{c.pk}\t{c.name}\tверсия {c.version}\t{'активен' if c.is_active else 'выключен'}\t{c.webhook_url}"
        for c in Checklist.objects.filter(org=org).order_by("name")
    ]


class Command(ConfigCommand):
    help = "Checklists: import/export JSON (docs/import-format.md), list."
    what = "Чек-лист"
    importer = staticmethod(services.import_checklist)
    finder = staticmethod(services.find_checklist)
    exporter = staticmethod(services.checklist_to_dict)
    lister = staticmethod(_list)

    def describe(self, obj: Any) -> str:
        return f"«{obj.name}» (id {obj.pk}, этапов {obj.stages.count()})"
