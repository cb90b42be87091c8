"""`rop checklist import FILE --org NAME` / `export NAME_OR_ID --org NAME` / `list --org NAME`."""

from rop.analysis.management.commands._config_cli import ConfigCommand
from rop.analysis.services import CHECKLISTS


class Command(ConfigCommand):
    help = "Checklists: import/export JSON (docs/import-format.md), list."
    kind = CHECKLISTS
