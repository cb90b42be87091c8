"""Small server-rendered SVG charts (no JavaScript library)."""

from __future__ import annotations

from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe


def _tick(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def trend_svg(points: list[tuple[date, int, float | None]], width: int = 720, height: int = 220) -> SafeString:
    """Bars: calls per day (left axis); line: average completion % (0–100, right axis)."""
    if not points:
        return mark_safe('<p class="muted">Нет данных</p>')
    pad_l, pad_r, pad_t, pad_b = 36, 36, 12, 28
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    max_n = max(1, max(n for _, n, _ in points))
    step = w / len(points)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="Динамика звонков и оценки">']
    for frac in (0, 0.5, 1):
        y = pad_t + h * (1 - frac)
        parts.append(f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e5eb"/>')
        parts.append(f'<text x="{pad_l - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#6b7385">'
                     f'{_tick(max_n * frac)}</text>')
        parts.append(f'<text x="{pad_l + w + 4}" y="{y + 4:.1f}" font-size="10" fill="#1f8a4c">{int(100 * frac)}%</text>')
    line: list[str] = []
    label_every = max(1, len(points) // 8)
    for i, (day, n, avg) in enumerate(points):
        x = pad_l + i * step
        bh = h * n / max_n
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{pad_t + h - bh:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{bh:.1f}" fill="#9db5ee"><title>{escape(day.strftime("%d.%m.%Y"))}: {n} зв.'
                     f'{"" if avg is None else f", {avg}%"}</title></rect>')
        if avg is not None:
            line.append(f"{x + step / 2:.1f},{pad_t + h * (1 - avg / 100):.1f}")
        if i % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 8}" font-size="10" text-anchor="middle" '
                         f'fill="#6b7385">{day:%d.%m}</text>')
    if len(line) > 1:
        parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#1f8a4c" stroke-width="2"/>')
    for pt in line:
        cx, cy = pt.split(",")
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="#1f8a4c"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
