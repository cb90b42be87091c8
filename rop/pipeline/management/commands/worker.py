"""`rop worker`: claims calls and runs their pipeline stages (filled in by the pipeline feature)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run pipeline workers (download, decode, transcribe, analyse, deliver)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=1)
        parser.add_argument("--once", action="store_true", help="Process what is due, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        if options["once"]:
            return
        stop.wait()
