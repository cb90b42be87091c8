"""`rop retention --org NAME [--audio-days N] [--results-days M] [--run]`: an organisation's retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.calls.models import RetentionPolicy
from rop.calls.retention import apply_policy, set_policy
from rop.tenants.models import Organisation


def _days(value: int | None) -> str:
    return f"{value} дн." if value else "хранить всегда"


class Command(BaseCommand):
    help = "Срок хранения данных организации: аудио через N дней, звонки целиком через M дней (0 — всегда)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="название организации")
        parser.add_argument("--audio-days", type=int, default=None, help="удалять аудио через N дней (0: никогда)")
        parser.add_argument("--results-days", type=int, default=None,
                            help="удалять звонки с расшифровкой и результатами через M дней (0: никогда)")
        parser.add_argument("--run", action="store_true", help="применить сейчас, не дожидаясь обработчиков")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organisation.objects.filter(name=options["org"]).first()
        if org is None:
            raise CommandError(f"Организация не найдена: {options['org']}")
        for name in ("audio_days", "results_days"):
            if options[name] is not None and options[name] < 0:
                raise CommandError("Число дней не может быть отрицательным")
        policy = RetentionPolicy.objects.filter(org=org).first()
        audio = options["audio_days"] if options["audio_days"] is not None else getattr(policy, "audio_days", None)
        results = (options["results_days"] if options["results_days"] is not None
                   else getattr(policy, "results_days", None))
        policy = set_policy(org, audio, results)
        self.stdout.write(f"{org.name}: аудио — {_days(policy.audio_days)}, звонки — {_days(policy.results_days)}")
        if options["run"]:
            run = apply_policy(policy)
            self.stdout.write(f"Удалено: аудио {run.audio_deleted} звонков, звонков целиком {run.calls_deleted}")
