"""Small server-rendered SVG charts (no JavaScript library): legends, whole-number axes, tooltips."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2f6fde", "#1f8a4c", "#c2410c", "#7c3aed", "#0e7490", "#be123c", "#a16207", "#4b5563")
GRID, MUTED, BAR, LINE = "#e2e5eb", "#6b7385", "#9db5ee", "#1f8a4c"


def count_ticks(max_value: int, max_ticks: int = 5) -> list[int]:
    """Whole-number axis ticks from 0 covering ``max_value`` (1, 2, 5 × 10ⁿ steps)."""
    top = max(1, int(max_value))
    raw = top / max(1, max_ticks - 1)
    power = 10 ** max(0, math.floor(math.log10(raw))) if raw >= 1 else 1
    step = next((m * power for m in (1, 2, 5, 10) if m * power >= raw), 10 * power)
    step = max(1, int(step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _legend(items: Sequence[tuple[str, str, str]], x: float, y: float) -> list[str]:
    """Legend entries (label, colour, "bar"|"line") in one row from (x, y)."""
    parts = ['<g class="legend">']
    for label, colour, kind in items:
        if kind == "bar":
            parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="12" height="10" fill="{colour}"/>')
        else:
            parts.append(
                f'<line x1="{x:.1f}" x2="{x + 12:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
        parts.append(
            f'<text x="{x + 16:.1f}" y="{y:.1f}" font-size="11" fill="#30384a">{escape(label)}</text>'
        )
        x += 26 + 6.5 * len(label)
    parts.append("</g>")
    return parts


def _axes(ticks: list[int], pad_l: int, pad_t: int, w: float, h: float, right_pct: bool) -> list[str]:
    parts = []
    for t in ticks:
        y = pad_t + h * (1 - t / ticks[-1])
        parts.append(f'<line x1="{pad_l}" x2="{pad_l + w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text class="tick-left" x="{pad_l - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="{MUTED}">{t}</text>'
        )
    if right_pct:
        for pct in (0, 50, 100):
            y = pad_t + h * (1 - pct / 100)
            parts.append(
                f'<text class="tick-right" x="{pad_l + w + 4:.1f}" y="{y + 4:.1f}" font-size="10" '
                f'fill="{LINE}">{pct}%</text>'
            )
    return parts


def trend_svg(
    points: list[tuple[date, int, float | None]], width: int = 720, height: int = 240
) -> SafeString:
    """Bars: calls per day (left axis, whole numbers); line: average completion % (0–100, right axis)."""
    if not points:
        return mark_safe('<p class="muted">Нет данных</p>')
    pad_l, pad_r, pad_t, pad_b = 40, 40, 30, 28
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    ticks = count_ticks(max(n for _, n, _ in points))
    step = w / len(points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Звонки по дням и средний процент выполнения">'
    ]
    parts += _legend([("Звонков за день", BAR, "bar"), ("Средний % выполнения", LINE, "line")], pad_l, 14)
    parts += _axes(ticks, pad_l, pad_t, w, h, right_pct=True)
    line: list[tuple[float, float]] = []
    label_every = max(1, len(points) // 8)
    for i, (day, n, avg) in enumerate(points):
        x = pad_l + i * step
        bh = h * n / ticks[-1]
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{pad_t + h - bh:.1f}" width="{step * 0.7:.1f}" '
            f'height="{bh:.1f}" fill="{BAR}"><title>{day:%d.%m.%Y}: {n} зв.'
            f"{'' if avg is None else f', средний {avg}%'}</title></rect>"
        )
        if avg is not None:
            line.append((x + step / 2, pad_t + h * (1 - avg / 100)))
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 8}" font-size="10" text-anchor="middle" '
                f'fill="{MUTED}">{day:%d.%m}</text>'
            )
    if len(line) > 1:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{LINE}"/>' for x, y in line]
    parts.append("</svg>")
    return mark_safe("".join(parts))


def lines_svg(
    labels: list[str], series: list[tuple[str, list[int | None]]], width: int = 720, height: int = 260
) -> SafeString:
    """One line per series over 0–100 % (stage trend); a legend names each line's colour."""
    if not labels or not series:
        return mark_safe('<p class="muted">Нет данных</p>')
    pad_l, pad_r, pad_b = 40, 16, 28
    rows_of_legend = 1 + len(series) // 4
    pad_t = 16 + 16 * rows_of_legend
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    step = w / len(labels)
    parts = [
        f'<svg class="chart stage-trend" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Выполнение этапов по времени">'
    ]
    for row in range(rows_of_legend):
        chunk = series[row * 4 : (row + 1) * 4]
        items = [
            (_short(name), PALETTE[(row * 4 + i) % len(PALETTE)], "line") for i, (name, _) in enumerate(chunk)
        ]
        parts += _legend(items, pad_l, 14 + 16 * row)
    for pct in (0, 25, 50, 75, 100):
        y = pad_t + h * (1 - pct / 100)
        parts.append(f'<line x1="{pad_l}" x2="{pad_l + w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{pad_l - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="{MUTED}">'
            f"{pct}%</text>"
        )
    label_every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % label_every == 0:
            parts.append(
                f'<text x="{pad_l + i * step + step / 2:.1f}" y="{height - 8}" font-size="10" '
                f'text-anchor="middle" fill="{MUTED}">{escape(label)}</text>'
            )
    for k, (name, values) in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        pts = [
            (pad_l + i * step + step / 2, pad_t + h * (1 - v / 100), v)
            for i, v in enumerate(values)
            if v is not None
        ]
        if len(pts) > 1:
            parts.append(
                f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y, _ in pts)}" fill="none" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"><title>{escape(name)}: {v}%'
            f"</title></circle>"
            for x, y, v in pts
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
