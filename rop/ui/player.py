"""The call page's player: speed choices, the speaker timeline and the conversation figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rop.asr.services import stat_turns
from rop.calls.models import Call
from rop.convstats.compute import Interval, timeline, turns_timeline
from rop.convstats.services import stats_of, stored_speech

SPEEDS = (("1", "1×"), ("1.25", "1,25×"), ("1.5", "1,5×"), ("2", "2×"))


@dataclass
class Bar:
    start: float
    end: float
    left: str  # CSS percent of the track
    width: str

    @property
    def title(self) -> str:
        return f"{_clock(self.start)}–{_clock(self.end)}"


@dataclass
class Row:
    key: str  # manager | client | unknown | overlap | silence
    label: str
    bars: list[Bar]


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _bars(intervals: list[Interval], duration: float) -> list[Bar]:
    return [Bar(a, b, f"{100 * a / duration:.3f}", f"{max(0.25, 100 * (b - a) / duration):.3f}")
            for a, b in intervals if b > a and a < duration]


def speaker_timeline(call: Call) -> dict[str, Any] | None:
    """Rows of the speaker timeline (None without a transcript), positions in percent of the call."""
    row = stats_of(call)
    speech = stored_speech(row) if row is not None else {}
    tl = timeline(speech) if speech else turns_timeline(stat_turns(call))
    duration = max(call.duration or 0.0, tl.end)
    if duration <= 0 or tl.end <= 0:
        return None
    rows = [Row("manager", "Менеджер", _bars(tl.manager, duration)),
            Row("client", "Клиент", _bars(tl.client, duration))]
    if tl.unknown:
        rows.append(Row("unknown", "Собеседник", _bars(tl.unknown, duration)))
    rows += [Row("overlap", "Одновременно", _bars(tl.overlaps, duration)),
             Row("silence", "Тишина", _bars(tl.silences, duration))]
    return {"duration": f"{duration:.2f}", "rows": rows}


def figures(call: Call) -> list[tuple[str, str, str]] | None:
    """(label, manager, client) lines of the conversation figures; None before the transcript."""
    row = stats_of(call)
    if row is None:
        return None

    def num(value: float | int | None, unit: str = "") -> str:
        if value is None:
            return "—"
        text = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
        return f"{text}{unit}"

    return [
        ("Доля речи", num(row.manager_share, " %"), num(row.client_share, " %")),
        ("Говорил(а), с", num(row.manager_talk), num(row.client_talk)),
        ("Самый длинный монолог, с", num(row.manager_longest_monologue), num(row.client_longest_monologue)),
        ("Перебивания (начал говорить поверх собеседника)", num(row.manager_interruptions),
         num(row.client_interruptions)),
        ("Темп речи, слов/мин", num(row.manager_rate), num(row.client_rate)),
        ("Вопросы", num(row.manager_questions), num(row.client_questions)),
    ]


def player_context(call: Call) -> dict[str, Any]:
    row = stats_of(call)
    return {
        "speeds": SPEEDS, "timeline": speaker_timeline(call), "figures": figures(call),
        "silence": None if row is None else {
            "longest": f"{row.longest_silence:.1f}".replace(".", ","),
            "total": f"{row.total_silence:.1f}".replace(".", ","),
        },
    }
