"""Storing conversation statistics and reading them for the API, exports, lists and dashboards."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import Avg, Count, QuerySet, Sum
from django.utils import timezone

from rop.calls.models import Call, CallStatus
from rop.convstats.compute import ConversationStats, Interval
from rop.convstats.models import CallStats
from rop.org.models import Manager
from rop.tenants.models import Organisation


class DateRange(Protocol):
    """A period of whole days (the dashboard's Period fits): both ends inclusive."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def stats_values(stats: ConversationStats) -> dict[str, Any]:
    """CallStats field values of computed statistics (rounded as stored)."""
    m, c = stats.manager, stats.client
    return {
        "manager_talk": round(m.talk, 2), "client_talk": round(c.talk, 2),
        "manager_share": None if m.share is None else round(m.share, 1),
        "manager_longest_monologue": round(m.longest_monologue, 2),
        "client_longest_monologue": round(c.longest_monologue, 2),
        "manager_interruptions": m.interruptions, "client_interruptions": c.interruptions,
        "longest_silence": round(stats.longest_silence, 2), "total_silence": round(stats.total_silence, 2),
        "manager_words": m.words, "client_words": c.words,
        "manager_rate": None if m.rate is None else round(m.rate, 1),
        "client_rate": None if c.rate is None else round(c.rate, 1),
        "manager_questions": m.questions, "client_questions": c.questions,
        "speech": {side: [[round(a, 2), round(b, 2)] for a, b in spans] for side, spans in stats.speech.items()},
    }


def save_stats(call: Call, stats: ConversationStats) -> CallStats:
    """Store (or replace) the call's statistics."""
    row, _ = CallStats.objects.update_or_create(call=call, defaults=stats_values(stats))
    return row


def stored_speech(row: CallStats) -> dict[str, list[Interval]]:
    """The stored speech intervals per speaker (malformed entries skipped)."""
    out: dict[str, list[Interval]] = {}
    for side, spans in (row.speech or {}).items():
        if isinstance(spans, list):
            out[str(side)] = [(float(p[0]), float(p[1])) for p in spans if isinstance(p, list) and len(p) == 2]
    return out


def stats_of(call: Call) -> CallStats | None:
    # The reverse one-to-one raises RelatedObjectDoesNotExist (an AttributeError) when there is none.
    stats = getattr(call, "stats", None)
    return stats if isinstance(stats, CallStats) else None


def as_dict(row: CallStats | None) -> dict[str, Any] | None:
    """The "stats" object of GET /api/v1/calls/{call_id}; None before the call is transcribed."""
    if row is None:
        return None
    return {
        "talk_share": {"manager": row.manager_share, "client": _round(row.client_share, 1)},
        "talk_seconds": {"manager": row.manager_talk, "client": row.client_talk},
        "longest_monologue": {"manager": row.manager_longest_monologue, "client": row.client_longest_monologue},
        "interruptions": {"manager": row.manager_interruptions, "client": row.client_interruptions},
        "longest_silence": row.longest_silence,
        "total_silence": row.total_silence,
        "speech_rate": {"manager": row.manager_rate, "client": row.client_rate},
        "questions": {"manager": row.manager_questions, "client": row.client_questions},
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# Export columns: (header, attribute of CallStats); the order is the columns' order.
STATS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Доля речи менеджера, %", "manager_share"),
    ("Доля речи клиента, %", "client_share"),
    ("Самый длинный монолог менеджера, с", "manager_longest_monologue"),
    ("Самый длинный монолог клиента, с", "client_longest_monologue"),
    ("Перебивания менеджером", "manager_interruptions"),
    ("Перебивания клиентом", "client_interruptions"),
    ("Самая длинная пауза, с", "longest_silence"),
    ("Паузы всего, с", "total_silence"),
    ("Темп речи менеджера, слов/мин", "manager_rate"),
    ("Темп речи клиента, слов/мин", "client_rate"),
    ("Вопросов задал менеджер", "manager_questions"),
)
STATS_HEADERS: tuple[str, ...] = tuple(h for h, _ in STATS_COLUMNS)


def stats_columns(call: Call) -> dict[str, float | int | None]:
    """Header -> value for an export row (empty values before the call is transcribed).

    For many calls, select_related("stats") on the queryset avoids one query per row.
    """
    row = stats_of(call)
    return {h: (None if row is None else _round_any(getattr(row, attr))) for h, attr in STATS_COLUMNS}


def _round_any(value: float | int | None) -> float | int | None:
    return round(value, 1) if isinstance(value, float) else value


# List filters: query parameter -> (label, lookup, lowest, highest).
STATS_FILTERS: dict[str, tuple[str, str, float, float]] = {
    "share_min": ("Доля речи менеджера от", "stats__manager_share__gte", 0, 100),
    "share_max": ("Доля речи менеджера до", "stats__manager_share__lte", 0, 100),
    "interruptions_min": ("Перебиваний менеджером не меньше", "stats__manager_interruptions__gte", 0, 10_000),
    "silence_min": ("Самая длинная пауза не меньше (с)", "stats__longest_silence__gte", 0, 100_000),
}


def parse_stats_filters(params: Mapping[str, str], errors: list[str] | None = None) -> dict[str, float]:
    """The stats filters present in ``params``; a bad value adds a Russian message to ``errors``."""
    out: dict[str, float] = {}
    for key, (label, _lookup, lo, hi) in STATS_FILTERS.items():
        raw = (params.get(key) or "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not lo <= value <= hi:  # NaN fails too
            if errors is not None:
                errors.append(f"{label}: ожидается число от {lo:g} до {hi:g}")
            continue
        out[key] = value
    return out


def filter_by_stats(
    qs: QuerySet[Call], params: Mapping[str, str], errors: list[str] | None = None
) -> QuerySet[Call]:
    """Calls whose statistics match the list filters share_min, share_max, interruptions_min, silence_min.

    Calls without statistics (not transcribed yet, failed) drop out once any of these filters is set.
    """
    return with_stats(qs, parse_stats_filters(params, errors))


def with_stats(qs: QuerySet[Call], values: Mapping[str, float | None]) -> QuerySet[Call]:
    """Calls matching already parsed stats filters (parse_stats_filters; None values are ignored)."""
    lookups = {STATS_FILTERS[key][1]: value for key, value in values.items()
               if key in STATS_FILTERS and value is not None}
    return qs.filter(**lookups) if lookups else qs


# Dashboard averages: key -> field of CallStats.
AVERAGES: dict[str, str] = {
    "share": "manager_share",
    "monologue": "manager_longest_monologue",
    "interruptions": "manager_interruptions",
    "longest_silence": "longest_silence",
    "total_silence": "total_silence",
    "rate": "manager_rate",
    "questions": "manager_questions",
}
AVERAGE_LABELS: dict[str, str] = {
    "share": "Доля речи менеджера, %",
    "monologue": "Самый длинный монолог, с",
    "interruptions": "Перебивания клиента",
    "longest_silence": "Самая длинная пауза, с",
    "total_silence": "Паузы за звонок, с",
    "rate": "Темп речи, слов/мин",
    "questions": "Вопросов за звонок",
}


def _averages(qs: QuerySet[CallStats]) -> dict[str, float | None]:
    agg = qs.aggregate(**{key: Avg(field) for key, field in AVERAGES.items()})
    return {key: _round(agg[key], 1) for key in AVERAGES}


def _done_in(org: Organisation, period: DateRange) -> QuerySet[CallStats]:
    """Finished calls' statistics in the period's days (in the active, i.e. the organisation's, zone).
    Bounds are moments, so the database compares the indexed column instead of converting each row."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=zone)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=zone)
    return CallStats.objects.filter(
        call__org=org, call__status=CallStatus.DONE, call__created_at__gte=start, call__created_at__lt=end,
    )


def managers_table(org: Organisation, period: DateRange, managers: Iterable[Manager]) -> dict[str, Any]:
    """Each of ``managers`` (with calls in the period) and the team: averages in one grouped query.

    {"rows": [{"manager": Manager, "calls": n, key: avg, ...}], "team": {"calls": n, key: avg},
    "labels": AVERAGE_LABELS}.
    """
    wanted = {m.pk: m for m in managers}
    sums = {f"{key}_sum": Sum(field) for key, field in AVERAGES.items()}
    counts = {f"{key}_n": Count(field) for key, field in AVERAGES.items()}
    grouped = list(_done_in(org, period).values("call__manager_id")
                   .annotate(calls=Count("call_id"), **sums, **counts).order_by("call__manager_id"))
    rows = []
    for g in grouped:
        if g["call__manager_id"] in wanted:
            row: dict[str, Any] = _weighted([g])
            row.update(manager=wanted[g["call__manager_id"]], calls=g["calls"])
            rows.append(row)
    rows.sort(key=lambda r: r["manager"].full_name)
    team = {**_weighted(grouped), "calls": sum(g["calls"] for g in grouped)}
    return {"rows": rows, "team": team, "labels": AVERAGE_LABELS}


def _weighted(groups: list[dict[str, Any]]) -> dict[str, float | None]:
    """Averages over the calls of all ``groups`` from their per-group sums and counts (NULLs skipped,
    as AVG does), so one grouped query gives each manager's row and the team's."""
    out: dict[str, float | None] = {}
    for key in AVERAGES:
        n = sum(g[f"{key}_n"] for g in groups)
        out[key] = _round(sum(g[f"{key}_sum"] or 0 for g in groups) / n, 1) if n else None
    return out


def manager_stats(org: Organisation, period: DateRange, manager: Manager | None) -> dict[str, Any]:
    """The manager's and the team's (the organisation's) average statistics over finished calls.

    {"manager": {key: avg}, "team": {key: avg}, "calls": {"manager": n, "team": n}, "labels": {...}}.
    Only calls that finished successfully count (failed calls never enter the averages).
    """
    team = _done_in(org, period)
    own = team.filter(call__manager=manager) if manager is not None else team.none()
    return {
        "manager": _averages(own), "team": _averages(team),
        "calls": {"manager": own.count(), "team": team.count()}, "labels": AVERAGE_LABELS,
    }
