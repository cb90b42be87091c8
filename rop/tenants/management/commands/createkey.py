from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.tenants.models import ApiKey
from rop.tenants.services import create_key, get_or_create_org


class Command(BaseCommand):
    help = "Create an API key for an organisation (created if new). The key is printed once, on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Organisation name")
        parser.add_argument("--name", default="", help="A label for the key")
        parser.add_argument(
            "--if-no-keys", action="store_true", help="Do nothing when any active key exists (first-start set-up)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_no_keys"] and ApiKey.objects.filter(revoked_at__isnull=True).exists():
            self.stdout.write("An API key already exists; create another with: rop createkey --org NAME")
            return
        try:
            org, created = get_or_create_org(options["org"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        key, raw = create_key(org, options["name"])
        verb = "created" if created else "existing"
        self.stdout.write(f"Organisation: {org.name} ({verb}); key prefix {key.prefix}. "
                          "Store the key now: it is not shown again.")
        self.stdout.write(raw)
