"""Exports of UI lists to CSV and XLSX. Each list is (headers, rows) scoped by the user's access."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from rop import config
from rop.accounts.permissions import Access, Capability
from rop.analysis.models import (
    AnalyticTable,
    Checklist,
    ChecklistResult,
    ChecklistStage,
    TableField,
    TableResult,
)
from rop.calls.models import Call
from rop.convstats.services import STATS_HEADERS, stats_columns
from rop.delivery.models import WebhookDelivery
from rop.store import get_store
from rop.ui import stats
from rop.ui.calllist import apply_filters, parse_filters
from rop.ui.format import HasTimeZone, local, mmss

Progress = Callable[[int], None]


@dataclass
class Sheet:
    """An extra sheet of an XLSX export (a checklist's stage verdicts, a table's fields)."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Export:
    headers: list[str]
    total: int
    rows: Iterator[list[Any]]
    # XLSX: extra sheets, filled while `rows` is read; CSV: `wide` columns appended to each row instead
    sheets: list[Sheet] = field(default_factory=list)
    wide_headers: list[str] = field(default_factory=list)


STAGE_STATUS = {"completed": "Выполнен", "failed": "Не выполнен", "not_applicable": "Не применимо"}
BATCH = 1000


def _local(dt: datetime | None, org: HasTimeZone | None) -> datetime | str:
    """A naive datetime in the organisation's time zone (XLSX writes a real date; CSV formats it)."""
    moment = local(dt, org)
    return moment.replace(tzinfo=None) if moment else ""


@dataclass
class _Layout:
    """Columns of the calls export beyond the summary: every checklist stage and table field."""

    checklists: list[tuple[Checklist, list[ChecklistStage]]]
    tables: list[tuple[AnalyticTable, list[TableField]]]

    @classmethod
    def of(cls, access: Access) -> _Layout:
        checklists = [(c, list(c.stages.order_by("position", "id")))
                      for c in Checklist.objects.filter(org=access.org).order_by("name", "id")]
        tables = [(t, list(t.fields.order_by("position", "id")))
                  for t in AnalyticTable.objects.filter(org=access.org).order_by("name", "id")]
        return cls(checklists, tables)

    def stages_of(self, checklist_id: int) -> list[ChecklistStage]:
        return next((stages for c, stages in self.checklists if c.pk == checklist_id), [])

    def wide_headers(self) -> list[str]:
        return ([f"{c.name}: {st.name}" for c, stages in self.checklists for st in stages]
                + [f"{t.name}: {f.label or f.key}" for t, fields in self.tables for f in fields])

    def sheets(self) -> tuple[dict[int, Sheet], dict[int, Sheet]]:
        titles: set[str] = {"Звонки"}
        by_checklist = {c.pk: Sheet(_title(f"Чек-лист {c.name}", titles), [*HEAD, "Баллы", "Максимум", "Выполнение, %",
                                    *[st.name for st in stages]]) for c, stages in self.checklists}
        by_table = {t.pk: Sheet(_title(f"Таблица {t.name}", titles), [*HEAD, *[f.label or f.key for f in fields]])
                    for t, fields in self.tables}
        return by_checklist, by_table


HEAD = ["call_id", "Дата", "Менеджер"]


def _title(name: str, taken: set[str]) -> str:
    """A valid, unique XLSX sheet title (≤ 31 characters, no []:*?/\\)."""
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()[:31] or "Лист"
    title, n = base, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _calls(access: Access, q: QueryDict) -> Export:
    qs: QuerySet[Call] = apply_filters(access, parse_filters(q)).select_related("manager", "org", "stats").order_by(
        "-created_at", "-id")
    total = qs.count()
    layout = _Layout.of(access)
    by_checklist, by_table = layout.sheets()

    def rows() -> Iterator[list[Any]]:
        batch: list[Call] = []
        for call in qs.iterator(chunk_size=BATCH):
            batch.append(call)
            if len(batch) == BATCH:
                yield from _call_rows(batch, layout, by_checklist, by_table)
                batch = []
        yield from _call_rows(batch, layout, by_checklist, by_table)

    return Export(["call_id", "Дата", "Менеджер", "ID менеджера", "Сделка", "Этап сделки", "Длительность",
                   "Статус", "Причина ошибки", "Чек-лист", "Баллы", "Максимум", "Выполнение, %", *STATS_HEADERS],
                  total, rows(),
                  sheets=[*by_checklist.values(), *by_table.values()], wide_headers=layout.wide_headers())


def _call_rows(calls: list[Call], layout: _Layout, by_checklist: dict[int, Sheet],
               by_table: dict[int, Sheet]) -> Iterator[list[Any]]:
    results: dict[int, list[ChecklistResult]] = {}
    for r in ChecklistResult.objects.filter(call__in=calls, is_current=True).select_related("checklist"):
        results.setdefault(r.call_id, []).append(r)
    tables: dict[int, dict[int, dict[str, Any]]] = {}
    for call_id, table_id, data in TableResult.objects.filter(call__in=calls, is_current=True).values_list(
            "call_id", "table_id", "data"):
        tables.setdefault(call_id, {})[table_id] = data or {}
    for c in calls:
        head = [c.call_id, _local(c.created_at, c.org), c.manager.full_name if c.manager else ""]
        rs = results.get(c.pk) or []
        verdicts = {r.checklist_id: {str(s.get("stage_id")): STAGE_STATUS.get(str(s.get("status")), "")
                                     for s in r.stages or []} for r in rs}
        wide = [verdicts.get(ch.pk, {}).get(st.stage_id, "") for ch, stages in layout.checklists for st in stages]
        wide += [_cell(tables.get(c.pk, {}).get(t.pk, {}).get(f.key)) for t, fields in layout.tables for f in fields]
        for r in rs:
            stages = layout.stages_of(r.checklist_id)
            if r.checklist_id not in by_checklist:
                continue
            by_checklist[r.checklist_id].rows.append(
                [*head, r.total_score, r.max_score, r.completion_percentage,
                 *[verdicts[r.checklist_id].get(st.stage_id, "") for st in stages]])
        for t, fields in layout.tables:
            if t.pk in tables.get(c.pk, {}):
                by_table[t.pk].rows.append([*head, *[_cell(tables[c.pk][t.pk].get(f.key)) for f in fields]])
        base = [*head, c.manager.manager_id if c.manager else "", c.deal_id, c.deal_stage_id,
                mmss(c.duration) if c.duration else "", c.get_status_display(), c.failure_reason]
        conv = ["" if v is None else v for v in stats_columns(c).values()]  # conversation statistics
        if not rs:
            yield [*base, "", "", "", "", *conv, *wide]
        for r in rs:
            yield [*base, r.checklist.name, r.total_score, r.max_score, r.completion_percentage, *conv, *wide]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, (int, float, str)) else str(value)


def _rows_export(rows: list[stats.Row], first: str) -> Export:
    data = [[r.name, r.calls, r.avg if r.avg is not None else "", r.cmp_calls,
             r.cmp_avg if r.cmp_avg is not None else "", r.delta if r.delta is not None else ""] for r in rows]
    return Export([first, "Звонков", "Средний %", "Звонков (сравн.)", "Средний % (сравн.)", "Изменение"],
                  len(data), iter(data))


def _offices(access: Access, q: QueryDict) -> Export:
    return _rows_export(stats.office_rows(access, stats.parse_params(q, access)), "Офис")


def _managers(access: Access, q: QueryDict) -> Export:
    return _rows_export(stats.manager_rows(access, stats.parse_params(q, access)), "Менеджер")


def _deliveries(access: Access, q: QueryDict) -> Export:
    qs = WebhookDelivery.objects.filter(org=access.org).select_related("call", "org").order_by("-created_at", "-id")
    total = qs.count()
    rows = ([_local(d.created_at, d.org), d.get_kind_display(), d.call.call_id if d.call else "", d.url,
             d.get_status_display(), d.attempts, d.last_status_code or "", d.last_error] for d in qs.iterator())
    return Export(["Создан", "Тип", "Звонок", "URL", "Статус", "Попыток", "Последний код", "Ошибка"], total, rows)


LISTS: dict[str, tuple[str, Callable[[Access, QueryDict], Export], Capability]] = {
    # name: (title, builder, capability)
    "calls": ("Звонки", _calls, Capability.VIEW_CALLS),
    "offices": ("Офисы", _offices, Capability.VIEW_CALLS),
    "managers": ("Менеджеры", _managers, Capability.VIEW_CALLS),
    "deliveries": ("Вебхуки", _deliveries, Capability.VIEW_DELIVERIES),
}
FORMATS = ("csv", "xlsx")


KEEP_SECONDS = 24 * 3600


def exports_dir() -> Path:
    path = config.get().data_dir / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


STORE_PREFIX = "exports/"


def store_key(name: str) -> str:
    """Where a finished export lives in the shared store (workers and web nodes may be different
    machines: each one's ROP_DATA_DIR is scratch)."""
    return STORE_PREFIX + name


def publish(path: Path) -> None:
    """Move a written export into the shared store."""
    get_store().put_file(path, store_key(path.name))


def open_stored(name: str) -> tuple[int, Iterator[bytes]] | None:
    """(size, chunks) of a stored export, or None when it is gone."""
    store = get_store()
    key = store_key(name)
    size = store.size(key)
    if size is None:
        return None
    return size, store.iter_range(key, 0, size)


def prune_stored(names_older_than_a_day: list[str]) -> None:
    store = get_store()
    for name in names_older_than_a_day:
        store.delete(store_key(name))


def prune(now: float | None = None) -> int:
    """Delete export files older than a day (they are one-off downloads). Returns how many."""
    import time

    cutoff = (now or time.time()) - KEEP_SECONDS
    n = 0
    for path in exports_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                n += 1
        except FileNotFoundError:
            pass
    return n


def _csv_value(value: Any) -> Any:
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value


def write(export: Export, fmt: str, dest: Path, progress: Progress) -> int:
    """Write the export; calls progress(n_rows_done) now and then. Returns rows written."""
    tmp = dest.with_name(dest.name + ".part")
    n = 0
    n_main = len(export.headers)
    if fmt == "csv":
        with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens UTF-8 right
            w = csv.writer(fh, delimiter=";")
            w.writerow(export.headers + export.wide_headers)
            for row in export.rows:
                w.writerow([_csv_value(v) for v in row])
                n += 1
                if n % 500 == 0:
                    progress(n)
    else:
        n = _write_xlsx(export, tmp, n_main, progress)
    tmp.replace(dest)
    progress(n)
    return n


def _write_xlsx(export: Export, tmp: Path, n_main: int, progress: Progress) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Звонки" if export.sheets else "Данные")
    ws.append(export.headers)
    n = 0

    def cells(sheet: Any, row: list[Any]) -> list[Any]:
        out: list[Any] = []
        for v in row:
            if isinstance(v, datetime):
                cell = WriteOnlyCell(sheet, value=v)
                cell.number_format = "DD.MM.YYYY HH:MM:SS"
                out.append(cell)
            else:
                out.append(v)
        return out

    for row in export.rows:
        ws.append(cells(ws, row[:n_main]))
        n += 1
        if n % 500 == 0:
            progress(n)
    for sheet in export.sheets:
        extra = wb.create_sheet(sheet.title)
        extra.append(sheet.headers)
        for row in sheet.rows:
            extra.append(cells(extra, row))
    wb.save(tmp)
    return n
