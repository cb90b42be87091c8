"""`rop analyze FILE`: the transcript of a local recording, with times and roles."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.asr.analyze import to_utterances, transcribe_file
from rop.core.speech import Utterance, speaker_label
from rop.pipeline.errors import StageError

PHASE_RU = {"decode": "Декодирование", "load": "Загрузка модели", "asr": "Распознавание"}


def fmt_time(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m):02d}:{s:05.2f}"


class ProgressBar:
    """A one-line progress bar on stderr; silent when stderr is not a terminal."""

    def __init__(self, stream: Any = None, width: int = 30):
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self._last = 0.0
        self._phase = ""

    def __call__(self, phase: str, fraction: float | None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if phase == self._phase and now - self._last < 0.2 and fraction != 1.0:
            return
        self._last, self._phase = now, phase
        label = PHASE_RU.get(phase, phase)
        if fraction is None:
            line = f"{label}…"
        else:
            done = int(self.width * fraction)
            line = f"{label} [{'#' * done}{'.' * (self.width - done)}] {int(fraction * 100):3d}%"
        self.stream.write("\r" + line.ljust(60))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


class Command(BaseCommand):
    help = "Распознать локальный аудиофайл (MP3/WAV/OGG) и вывести расшифровку с ролями."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--left", choices=["manager", "client"], default="manager",
                            help="кто на левом канале стерео-записи (по умолчанию менеджер)")
        parser.add_argument("--vocabulary", default="", help="термины компании через запятую")
        parser.add_argument("--json", action="store_true", help="вывести JSON")
        parser.add_argument(
            "--checklist", default=None, help="JSON чек-листа (docs/import-format.md): оценить звонок"
        )
        parser.add_argument("--table", default=None, help="JSON аналитической таблицы: извлечь поля")

    def transcript(self, options: dict[str, Any]) -> tuple[list[Utterance], dict[str, Any]]:
        """The transcript as Utterances plus file facts; later options (checklists) build on this."""
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Файл не найден: {path}")
        bar = ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr)
        try:
            segments, duration, channels = transcribe_file(
                path, left=options["left"], vocabulary=options["vocabulary"], status=bar
            )
        except StageError as exc:
            raise CommandError(exc.message) from None
        finally:
            bar.close()
        return to_utterances(segments), {"file": str(path), "duration": duration, "channels": channels}

    def handle(self, *args: Any, **options: Any) -> None:
        self._check_analysis_files(options)  # before the (slow) transcription
        utterances, facts = self.transcript(options)
        if options["json"]:
            payload = {
                **facts,
                "transcript": [
                    {"start": round(u.start, 2), "end": round(u.end, 2), "speaker": u.speaker, "text": u.text}
                    for u in utterances
                ],
            }
            if options.get("checklist") or options.get("table"):
                payload["analysis"] = self._analysis(utterances, options, as_json=True)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{facts['file']}: {facts['duration']:.1f} с, каналов: {facts['channels']}")
        for u in utterances:
            self.stdout.write(f"[{fmt_time(u.start)}–{fmt_time(u.end)}] {speaker_label(u.speaker)}: {u.text}")
        if not utterances:
            self.stdout.write("Речь не найдена.")
        if options.get("checklist") or options.get("table"):
            self._analysis(utterances, options, as_json=False)

    def _check_analysis_files(self, options: dict[str, Any]) -> None:
        from rop.analysis.offline import checklist_from_file, table_from_file
        from rop.analysis.validation import ConfigInvalid

        try:
            if options.get("checklist"):
                checklist_from_file(options["checklist"])
            if options.get("table"):
                table_from_file(options["table"])
        except ConfigInvalid as exc:
            raise CommandError("; ".join(exc.errors)) from None

    def _analysis(
        self, utterances: list[Utterance], options: dict[str, Any], as_json: bool
    ) -> dict[str, Any]:
        """Checklist/table results for the transcript (rop.analysis.offline)."""
        import io

        from rop.analysis.offline import print_analysis
        from rop.analysis.validation import ConfigInvalid

        buf = io.StringIO()
        try:
            result = print_analysis(utterances, options.get("checklist"), options.get("table"), buf)
        except ConfigInvalid as exc:
            raise CommandError("; ".join(exc.errors)) from None
        except StageError as exc:
            raise CommandError(exc.message) from None
        if not as_json:
            self.stdout.write(buf.getvalue().rstrip("\n"))
        return result
