"""Stage figures of one checklist from the per-stage verdict rows (``StageOutcome``).

- ``stage_matrix``: managers × stages, % of judged verdicts that are «выполнен»;
- ``failed_stages``: the stages failed most often (derived from the matrix, no extra query);
- ``stage_trend``: each stage's % done per day (or per week for long periods).
Each number carries the calls-list link that yields exactly the calls behind it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from rop.accounts.permissions import Access, managers_for
from rop.analysis.models import ChecklistStage, StageOutcome
from rop.ui.stats import NO_MANAGER, DashParams, Period, as_local_day, bind, local_day, scope_q

JUDGED = Q(status__in=("completed", "failed"))
DONE = Q(status="completed")
FAILED = Q(status="failed")


@dataclass
class Cell:
    done: int = 0
    judged: int = 0
    url: str = ""

    @property
    def failed(self) -> int:
        return self.judged - self.done

    @property
    def rate(self) -> int | None:
        return round(100 * self.done / self.judged) if self.judged else None


@dataclass
class StageCol:
    stage_id: str
    name: str
    total: Cell = field(default_factory=Cell)


@dataclass
class MatrixRow:
    key: int | None
    name: str
    url: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Matrix:
    stages: list[StageCol]
    rows: list[MatrixRow]


def outcomes(access: Access, p: DashParams, period: Period) -> QuerySet[StageOutcome]:
    bind(access, p)
    return StageOutcome.objects.filter(
        scope_q(access, p, period, "call__"), org=access.org, checklist_id=p.checklist_pk
    )


def _stage_cols(p: DashParams, seen: dict[str, str]) -> list[StageCol]:
    """The checklist's stages in order, then stages met only in older results."""
    cols = [
        StageCol(s.stage_id, s.name)
        for s in ChecklistStage.objects.filter(checklist_id=p.checklist_pk).order_by("position", "id")
    ]
    known = {c.stage_id for c in cols}
    cols += [StageCol(sid, name or sid) for sid, name in sorted(seen.items()) if sid not in known]
    return cols


StageCube = dict[tuple[int | None, str, date], tuple[int, int]]


def stage_cube(access: Access, p: DashParams) -> tuple[StageCube, dict[str, str]]:
    """The period's verdicts in one grouped query: (manager, stage, local day) -> (done, judged),
    and each stage's name as stored with the verdicts."""
    key = ("stage_cube", p.period.start, p.period.end)
    if key not in p.cache:
        data: dict[tuple[int | None, str, date], list[int]] = defaultdict(lambda: [0, 0])
        names: dict[str, str] = {}
        day = local_day("call__created_at", p.tz, p.period)
        rows = (
            outcomes(access, p, p.period)
            .annotate(d=day)
            .values("call__manager_id", "stage_id", "stage_name", "d")
            .annotate(done=Count("id", filter=DONE), judged=Count("id", filter=JUDGED))
            .values_list("call__manager_id", "stage_id", "stage_name", "d", "done", "judged")
        )
        for mid, sid, name, d, done, judged in rows:
            acc = data[(mid, sid, as_local_day(d, p.tz))]
            acc[0] += done
            acc[1] += judged
            names.setdefault(sid, name)
        p.cache[key] = ({k: (v[0], v[1]) for k, v in data.items()}, names)
    found: tuple[StageCube, dict[str, str]] = p.cache[key]
    return found


def stage_matrix(access: Access, p: DashParams) -> Matrix:
    cube, seen = stage_cube(access, p)
    data: dict[tuple[int | None, str], tuple[int, int]] = {}
    for (mid, sid, _), (done, judged) in cube.items():
        old = data.get((mid, sid), (0, 0))
        data[(mid, sid)] = (old[0] + done, old[1] + judged)
    cols = _stage_cols(p, seen)
    names = {m.pk: m.full_name for m in managers_for(access)}
    rows = []
    for mid in sorted({k[0] for k in data}, key=lambda m: (names.get(m, "") if m else "яяя", m or 0)):
        flt = mid or NO_MANAGER
        row = MatrixRow(
            mid,
            names.get(mid, "Без менеджера") if mid else "Без менеджера",
            p.calls_url(checklist=True, manager=flt),
        )
        for col in cols:
            done, judged = data.get((mid, col.stage_id), (0, 0))
            row.cells.append(
                Cell(
                    done,
                    judged,
                    p.calls_url(checklist=True, manager=flt, stage=col.stage_id, verdict="judged"),
                )
            )
            col.total.done += done
            col.total.judged += judged
        rows.append(row)
    for col in cols:
        col.total.url = p.calls_url(checklist=True, stage=col.stage_id, verdict="judged")
    return Matrix(cols, rows)


def failed_stages(p: DashParams, matrix: Matrix, limit: int = 10) -> list[dict[str, Any]]:
    """The stages failed most often: {"stage_id", "name", "failed", "judged", "rate", "url"}."""
    cols = sorted((c for c in matrix.stages if c.total.failed > 0), key=lambda c: (-c.total.failed, c.stage_id))
    return [
        {
            "stage_id": c.stage_id,
            "name": c.name,
            "failed": c.total.failed,
            "judged": c.total.judged,
            "rate": round(100 * c.total.failed / c.total.judged) if c.total.judged else 0,
            "url": p.calls_url(checklist=True, stage=c.stage_id, verdict="failed"),
        }
        for c in cols[:limit]
    ]


@dataclass
class TrendSeries:
    stage_id: str
    name: str
    points: list[Cell]


@dataclass
class StageTrend:
    buckets: list[Period]
    series: list[TrendSeries]

    @property
    def filled(self) -> list[int]:
        """Indexes of the buckets with any verdict (the table shows only those; the chart shows all)."""
        return [i for i in range(len(self.buckets)) if any(s.points[i].judged for s in self.series)]

    def table(self) -> tuple[list[Period], list[tuple[str, list[Cell]]]]:
        cols = self.filled
        return [self.buckets[i] for i in cols], [(s.name, [s.points[i] for i in cols]) for s in self.series]

    @property
    def weekly(self) -> bool:
        return any(b.days > 1 for b in self.buckets)


def buckets(period: Period) -> list[Period]:
    """Days for periods up to 62 days, else weeks (the last one cut at the period's end)."""
    step = 1 if period.days <= 62 else 7
    out, day = [], period.start
    while day <= period.end:
        out.append(Period(day, min(period.end, day + timedelta(days=step - 1))))
        day += timedelta(days=step)
    return out


def stage_trend(access: Access, p: DashParams, stages: list[StageCol]) -> StageTrend:
    spans = buckets(p.period)
    index: dict[date, int] = {}
    for i, span in enumerate(spans):
        for k in range(span.days):
            index[span.start + timedelta(days=k)] = i
    counts: dict[str, list[list[int]]] = defaultdict(lambda: [[0, 0] for _ in spans])
    for (_, sid, d), (done, judged) in stage_cube(access, p)[0].items():
        at = index.get(d)
        if at is not None:
            counts[sid][at][0] += done
            counts[sid][at][1] += judged
    series = []
    for col in stages:
        got = counts.get(col.stage_id)
        if got is None:
            continue
        series.append(
            TrendSeries(
                col.stage_id,
                col.name,
                [
                    Cell(done, judged, p.calls_url(span, checklist=True, stage=col.stage_id, verdict="judged"))
                    for span, (done, judged) in zip(spans, got, strict=True)
                ],
            )
        )
    return StageTrend(spans, series)


@dataclass
class Versus:
    """A manager's stage figures next to the team's (the managers the viewer may see)."""

    stage_id: str
    name: str
    own: Cell
    team: Cell

    @property
    def delta(self) -> int | None:
        if self.own.rate is None or self.team.rate is None:
            return None
        return self.own.rate - self.team.rate


def manager_versus_team(access: Access, p: DashParams, manager_id: int, team: QuerySet[Any]) -> list[Versus]:
    """Per stage: the manager's % done against the team's (``team``: the calls the team made)."""
    bind(access, p)
    base = StageOutcome.objects.filter(org=access.org, checklist_id=p.checklist_pk)
    team_rows = {
        r["stage_id"]: Cell(r["done"], r["judged"])
        for r in base.filter(call__in=team)
        .values("stage_id")
        .annotate(done=Count("id", filter=DONE), judged=Count("id", filter=JUDGED))
    }
    own_rows = {
        r["stage_id"]: Cell(r["done"], r["judged"])
        for r in base.filter(call__in=team.filter(manager_id=manager_id))
        .values("stage_id")
        .annotate(done=Count("id", filter=DONE), judged=Count("id", filter=JUDGED))
    }
    cols = _stage_cols(p, {sid: "" for sid in team_rows})
    out = []
    for col in cols:
        own = own_rows.get(col.stage_id, Cell())
        own.url = p.calls_url(checklist=True, manager=manager_id, stage=col.stage_id, verdict="judged")
        out.append(Versus(col.stage_id, col.name, own, team_rows.get(col.stage_id, Cell())))
    return out
