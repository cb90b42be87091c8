"""Validation helpers shared by every kind of analysis configuration (checklists, tables).

All problems are collected (Russian messages, with the English gist) and raised together as
ConfigInvalid, so a form or an import file shows every error at once.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from rop.net import http


class ConfigInvalid(ValueError):
    """The checklist/table description is invalid. ``errors``: Russian messages, one per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))

    @property
    def message(self) -> str:
        return "; ".join(self.errors)


# ---------------------------------------------------------------- parsed forms


@dataclass
class ApplicabilityIn:
    applies_to_all: bool = True
    deal_stage_ids: list[str] = field(default_factory=list)
    office_ids: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- validation helpers


class Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, msg: str) -> None:
        self.items.append(msg)

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigInvalid(self.items)


def read_text(d: dict[str, Any], keys: tuple[str, ...], where: str, errs: Errors, *, required: bool = False,
          max_len: int = 10_000, default: str = "") -> str:
    value: Any = None
    for k in keys:
        if k in d and d[k] is not None:
            value = d[k]
            break
    if value is None or value == "":
        if required:
            errs.add(f"{where}: не указано обязательное поле «{keys[0]}» (field «{keys[0]}» is required)")
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errs.add(f"{where}.{keys[0]}: должно быть строкой (must be a string)")
        return default
    text = str(value).strip()
    if required and not text:
        errs.add(f"{where}: поле «{keys[0]}» не может быть пустым (must not be empty)")
    if len(text) > max_len:
        errs.add(f"{where}.{keys[0]}: слишком длинное значение (не более {max_len} символов)")
        return text[:max_len]
    return text


def read_str_list(value: Any, where: str, errs: Errors) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # "a; b; c" from a form field
        return [p.strip() for p in value.replace("\n", ";").split(";") if p.strip()]
    if not isinstance(value, list):
        errs.add(f"{where}: должно быть списком строк (must be a list of strings)")
        return []
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            errs.add(f"{where}[{i}]: должно быть строкой (must be a string)")
            continue
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def read_bool(value: Any, where: str, errs: Errors, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    errs.add(f"{where}: должно быть true или false (must be a boolean)")
    return default


def read_url(value: str, where: str, errs: Errors) -> str:
    if not value:
        return ""
    try:
        http.validate_url(value)
    except http.InvalidUrl as exc:
        errs.add(f"{where}: {exc.message}")
    return value


def read_applicability(d: dict[str, Any], errs: Errors) -> ApplicabilityIn:
    raw = d.get("applicability")
    if raw is None:
        raw = {k: d[k] for k in ("deal_stage_ids", "office_ids") if k in d}
    if not isinstance(raw, dict):
        errs.add("applicability: должно быть объектом (must be an object)")
        return ApplicabilityIn()
    deal = read_str_list(raw.get("deal_stage_ids"), "applicability.deal_stage_ids", errs)
    offices = read_str_list(raw.get("office_ids"), "applicability.office_ids", errs)
    all_calls = read_bool(raw.get("all"), "applicability.all", errs, default=not (deal or offices))
    if not all_calls and not (deal or offices):
        errs.add("applicability: укажите этапы сделки или офисы, либо all=true (give deal stages or offices)")
    return ApplicabilityIn(all_calls, [] if all_calls else deal, [] if all_calls else offices)


def read_root(data: Any, errs: Errors) -> dict[str, Any]:
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise ConfigInvalid([f"Файл не является корректным JSON (invalid JSON): {exc}"]) from None
    if not isinstance(data, dict):
        raise ConfigInvalid(["Ожидается JSON-объект (expected a JSON object)"])
    return data


@dataclass(frozen=True)
class Header:
    name: str
    prompt: str
    webhook_url: str
    secret: str | None
    is_active: bool
    applicability: ApplicabilityIn


def read_header(d: dict[str, Any], errs: Errors, fmt_expected: str, name_keys: tuple[str, ...], what: str) -> Header:
    """The keys checklists and tables share: format, name, prompt, webhook, active, applicability."""
    fmt = d.get("format")
    if fmt is not None and fmt != fmt_expected:
        errs.add(f"format: ожидается «{fmt_expected}», получено {fmt!r} (wrong format)")
    name = read_text(d, name_keys, what, errs, required=True, max_len=255)
    prompt = read_text(d, ("prompt",), what, errs, max_len=20_000)
    webhook_url = read_url(read_text(d, ("webhook_url",), what, errs, max_len=2048), "webhook_url", errs)
    secret = d.get("webhook_secret")
    if secret is not None and not isinstance(secret, str):
        errs.add("webhook_secret: должно быть строкой (must be a string)")
        secret = None
    is_active = read_bool(d.get("active", d.get("is_active")), "active", errs, default=True)
    return Header(name, prompt, webhook_url, secret, is_active, read_applicability(d, errs))


def read_items(d: dict[str, Any], key: str, noun_gen: str, noun_en: str, limit: int,
           errs: Errors) -> list[tuple[str, dict[str, Any]]]:
    """The non-empty list under ``key`` as (location, object) pairs; problems go to ``errs``."""
    raw = d.get(key)
    if not isinstance(raw, list) or not raw:
        errs.add(f"{key}: нужен непустой список {noun_gen} (a non-empty list of {noun_en} is required)")
        raw = []
    if len(raw) > limit:
        errs.add(f"{key}: не более {limit} {noun_gen}")
        raw = raw[:limit]
    items: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(raw):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            errs.add(f"{where}: должно быть объектом (must be an object)")
            continue
        items.append((where, item))
    return items


def unique_id(prefix: str, taken: set[str]) -> str:
    """A new document-style id (``PREFIX<unix time>[_n]``) not in ``taken`` (added to it)."""
    base = f"{prefix}{int(time.time())}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate
