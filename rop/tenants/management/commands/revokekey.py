from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.tenants.models import ApiKey
from rop.tenants.services import revoke_key


class Command(BaseCommand):
    help = "Revoke API keys by prefix (as shown by createkey and the UI)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = list(ApiKey.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
        if not keys:
            raise CommandError("No active key with this prefix")
        for key in keys:
            revoke_key(key)
        self.stdout.write(f"Revoked {len(keys)} key(s)")
