"""`rop restore ARCHIVE [--force]`: restore a `rop backup` archive into a fresh installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from rop.ops.backup import BackupError, restore_backup
from rop.tenants.models import Organisation


class Command(BaseCommand):
    help = "Восстановление из архива rop backup в новую установку (сервер должен быть остановлен)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="заменить данные непустой базы")

    def handle(self, *args: Any, **options: Any) -> None:
        tables = connection.introspection.table_names()
        has_data = Organisation._meta.db_table in tables and Organisation.objects.exists()
        connection.close()  # SQLite: the file is replaced; PostgreSQL: pg_restore has its own session
        try:
            result = restore_backup(Path(options["archive"]), has_tables="django_migrations" in tables,
                                    has_data=has_data, force=options["force"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"Восстановление не выполнено: {exc}") from None
        self.stdout.write(f"Восстановлено: база {result['database']}, аудиофайлов {result['audio_files']} "
                          f"(копия от {result['created_at']}). Запустите rop migrate, затем rop serve.")
