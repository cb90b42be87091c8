"""`rop backup [--output DIR]`: one archive with the database (online) and the audio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop import config
from rop.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Резервная копия: база данных (без остановки сервера) и аудио в один tar-файл"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="", help="каталог для архива (по умолчанию $ROP_DATA_DIR/backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]) if options["output"] else config.get().data_dir / "backups"
        try:
            archive = create_backup(output)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Резервная копия не создана: {exc}") from None
        self.stdout.write(str(archive))
