"""`rop createadmin --org NAME`: the first administrator of an organisation."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.accounts.models import Role
from rop.accounts.services import AccountError, create_user
from rop.tenants.services import get_or_create_org


class Command(BaseCommand):
    help = "Create an administrator of an organisation (the organisation is created if new)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Organisation name")
        parser.add_argument("--username", default=None)
        parser.add_argument("--email", default=None)
        parser.add_argument("--password", default=None, help="Prefer --password-stdin: argv is visible to others")
        parser.add_argument("--password-stdin", action="store_true", help="Read the password from stdin")
        parser.add_argument("--no-input", action="store_true", help="Never prompt; fail if something is missing")
        parser.add_argument("--generate-password", action="store_true",
                            help="Generate a random password and print it once")
        parser.add_argument("--if-no-users", action="store_true",
                            help="Do nothing when the organisation already has users (first start)")

    def _ask(self, label: str, no_input: bool) -> str:
        if no_input or not sys.stdin.isatty():
            raise CommandError(f"Не указано: {label} (используйте параметры команды)")
        return input(f"{label}: ").strip()

    def handle(self, *args: Any, **options: Any) -> None:
        no_input = bool(options["no_input"])
        if options["if_no_users"]:
            from rop.accounts.models import Profile

            if Profile.objects.filter(org__name=options["org"].strip()).exists():
                self.stdout.write("The organisation already has users; nothing to do")
                return
        username = options["username"] or self._ask("Имя пользователя", no_input)
        email = options["email"] if options["email"] is not None else (
            "" if no_input or not sys.stdin.isatty() else input("Email (необязательно): ").strip()
        )
        if options["generate_password"]:
            import secrets

            password = secrets.token_urlsafe(12)
        elif options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
        elif options["password"] is not None:
            password = options["password"]
        else:
            if no_input or not sys.stdin.isatty():
                raise CommandError("Не указан пароль (--password-stdin)")
            password = getpass.getpass("Пароль: ")
            if getpass.getpass("Пароль ещё раз: ") != password:
                raise CommandError("Пароли не совпадают")
        try:
            org, created = get_or_create_org(options["org"])
            user = create_user(org, username, password, Role.ADMIN, email=email or "")
        except (ValueError, AccountError) as exc:
            raise CommandError(str(exc)) from None
        verb = "created" if created else "existing"
        self.stdout.write(f"Administrator {user.username} created for organisation {org.name} ({verb})")
        if options["generate_password"]:
            self.stdout.write(f"Password (shown once): {password}")
