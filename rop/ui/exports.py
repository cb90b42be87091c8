"""Exports of UI lists to CSV and XLSX. Each list is (headers, rows) scoped by the user's access."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from rop import config
from rop.accounts.permissions import Access, Capability
from rop.analysis.models import ChecklistResult
from rop.calls.models import Call
from rop.delivery.models import WebhookDelivery
from rop.ui import stats
from rop.ui.calllist import apply_filters, parse_filters

Progress = Callable[[int], None]


@dataclass
class Export:
    headers: list[str]
    total: int
    rows: Iterator[list[Any]]


def _local(dt: Any) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M:%S") if dt else ""


def _calls(access: Access, q: QueryDict) -> Export:
    qs: QuerySet[Call] = apply_filters(access, parse_filters(q)).select_related("manager").order_by("-created_at",
                                                                                                    "-id")
    total = qs.count()

    def rows() -> Iterator[list[Any]]:
        batch: list[Call] = []
        for call in qs.iterator(chunk_size=1000):
            batch.append(call)
            if len(batch) == 1000:
                yield from _call_rows(batch)
                batch = []
        yield from _call_rows(batch)

    return Export(["call_id", "Дата", "Менеджер", "ID менеджера", "Сделка", "Этап сделки", "Длительность, с",
                   "Статус", "Причина ошибки", "Чек-лист", "Баллы", "Максимум", "Выполнение, %"], total, rows())


def _call_rows(calls: list[Call]) -> Iterator[list[Any]]:
    results: dict[int, list[ChecklistResult]] = {}
    for r in ChecklistResult.objects.filter(call__in=calls, is_current=True).select_related("checklist"):
        results.setdefault(r.call_id, []).append(r)
    for c in calls:
        base = [c.call_id, _local(c.created_at), c.manager.full_name if c.manager else "",
                c.manager.manager_id if c.manager else "", c.deal_id, c.deal_stage_id,
                round(c.duration) if c.duration else "", c.get_status_display(), c.failure_reason]
        rs = results.get(c.pk) or []
        if not rs:
            yield base + ["", "", "", ""]
        for r in rs:
            yield base + [r.checklist.name, r.total_score, r.max_score, r.completion_percentage]


def _rows_export(rows: list[stats.Row], first: str) -> Export:
    data = [[r.name, r.calls, r.avg if r.avg is not None else "", r.cmp_calls,
             r.cmp_avg if r.cmp_avg is not None else "", r.delta if r.delta is not None else ""] for r in rows]
    return Export([first, "Звонков", "Средний %", "Звонков (сравн.)", "Средний % (сравн.)", "Изменение"],
                  len(data), iter(data))


def _offices(access: Access, q: QueryDict) -> Export:
    return _rows_export(stats.office_rows(access, stats.parse_params(q)), "Офис")


def _managers(access: Access, q: QueryDict) -> Export:
    return _rows_export(stats.manager_rows(access, stats.parse_params(q)), "Менеджер")


def _deliveries(access: Access, q: QueryDict) -> Export:
    qs = WebhookDelivery.objects.filter(org=access.org).select_related("call").order_by("-created_at", "-id")
    total = qs.count()
    rows = ([_local(d.created_at), d.get_kind_display(), d.call.call_id if d.call else "", d.url,
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


def write(export: Export, fmt: str, dest: Path, progress: Progress) -> int:
    """Write the export; calls progress(n_rows_done) now and then. Returns rows written."""
    tmp = dest.with_name(dest.name + ".part")
    n = 0
    if fmt == "csv":
        with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens UTF-8 right
            w = csv.writer(fh, delimiter=";")
            w.writerow(export.headers)
            for row in export.rows:
                w.writerow(row)
                n += 1
                if n % 500 == 0:
                    progress(n)
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Данные")
        ws.append(export.headers)
        for row in export.rows:
            ws.append(row)
            n += 1
            if n % 500 == 0:
                progress(n)
        wb.save(tmp)
    tmp.replace(dest)
    progress(n)
    return n
