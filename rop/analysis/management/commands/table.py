"""`rop table import FILE --org NAME` / `export TABLE_ID_OR_NAME --org NAME` / `list --org NAME`."""

from rop.analysis.management.commands._config_cli import ConfigCommand
from rop.analysis.services import TABLES


class Command(ConfigCommand):
    help = "Analytic tables: import/export JSON (docs/import-format.md), list."
    kind = TABLES
