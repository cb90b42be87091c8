"""Readable version history of a checklist / table: what changed between consecutive snapshots."""

from __future__ import annotations

import json
from typing import Any

TOP_LABELS = {
    "name": "Название", "prompt": "Инструкция", "webhook_url": "Адрес вебхука",
    "has_webhook_secret": "Секрет вебхука", "active": "Активен", "applicability": "Применимость",
}
ITEM_LABELS = {
    "name": "название", "criterion": "критерий", "hints": "подсказки", "weight": "вес", "speaker": "чьи слова",
    "label": "название", "description": "что извлечь", "type": "тип", "options": "варианты", "key": "ключ",
}
MAX_TEXT = 120


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    text = (json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)) or "—"
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _items(snapshot: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]]]:
    if "stages" in snapshot:
        return "Этап", {str(s.get("id") or s.get("name")): s for s in snapshot.get("stages") or []}
    return "Поле", {str(f.get("key")): f for f in snapshot.get("fields") or []}


def _item_title(item: dict[str, Any], ident: str) -> str:
    return str(item.get("name") or item.get("label") or ident)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Russian lines describing how `new` differs from `old`."""
    lines = [f"{label}: {_show(old.get(key))} → {_show(new.get(key))}"
             for key, label in TOP_LABELS.items() if old.get(key) != new.get(key)]
    noun, before = _items(old)
    _, after = _items(new)
    for ident, item in after.items():
        title = _item_title(item, ident)
        if ident not in before:
            lines.append(f"{noun} добавлен: «{title}»" if noun == "Этап" else f"{noun} добавлено: «{title}»")
            continue
        changed = [f"{ITEM_LABELS.get(k, k)}: {_show(before[ident].get(k))} → {_show(v)}"
                   for k, v in item.items() if k != "id" and before[ident].get(k) != v]
        if changed:
            lines.append(f"{noun} «{title}»: " + "; ".join(changed))
    for ident, item in before.items():
        if ident not in after:
            lines.append(f"{noun} удалён: «{_item_title(item, ident)}»" if noun == "Этап"
                         else f"{noun} удалено: «{_item_title(item, ident)}»")
    if list(before) != list(after) and set(before) == set(after):
        lines.append("Изменён порядок")
    return lines


def history(snapshots: list[tuple[int, Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    """[(number, created_at, snapshot)] newest first → rows with `changes` against the previous one."""
    rows = []
    for i, (number, created_at, snap) in enumerate(snapshots):
        prev = snapshots[i + 1][2] if i + 1 < len(snapshots) else None
        changes = diff(prev, snap) if prev is not None else ["Первая версия"]
        rows.append({"number": number, "created_at": created_at, "changes": changes or ["Без изменений"],
                     "json": json.dumps(snap, ensure_ascii=False, indent=2)})
    return rows
