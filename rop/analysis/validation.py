"""Validation of analysis configurations: the domain error and the one translator of schema errors.

The schemas (rop.analysis.schemas) say what is valid; ``parse`` runs one and turns every problem
pydantic reports into the Russian message users see (with the English gist), all of them at once,
raised as ConfigInvalid, so a form or an import file shows every error together.
"""

from __future__ import annotations

import json
import time
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from rop.analysis.schemas import ConfigSchema


class ConfigInvalid(ValueError):
    """The checklist/table description is invalid. ``errors``: Russian messages, one per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))

    @property
    def message(self) -> str:
        return "; ".join(self.errors)


S = TypeVar("S", bound=ConfigSchema)

NOT_JSON = "Файл не является корректным JSON (invalid JSON): {exc}"
NOT_OBJECT = "Ожидается JSON-объект (expected a JSON object)"

# Error type -> Russian message. Placeholders: {path} the location ("stages[1].weight"), {owner} the
# object holding the field ("stages[1]"; at the top level the kind: "чек-лист"), {field} the field
# name, {at} owner + field ("чек-лист.name", "stages[0].hints[2]"), and the error's context values.
MESSAGES: dict[str, str] = {
    "missing": "{owner}: не указано обязательное поле «{field}» (field «{field}» is required)",
    "rop_empty": "{owner}: поле «{field}» не может быть пустым (must not be empty)",
    "rop_string": "{at}: должно быть строкой (must be a string)",
    "rop_too_long": "{at}: слишком длинное значение (не более {max_len} символов)",
    "string_type": "{path}: должно быть строкой (must be a string)",
    "rop_string_list": "{path}: должно быть списком строк (must be a list of strings)",
    "rop_bool": "{path}: должно быть true или false (must be a boolean)",
    "model_type": "{path}: должно быть объектом (must be an object)",
    "rop_format": "{path}: ожидается «{expected}», получено {got} (wrong format)",
    "rop_url": "{path}: {message}",
    "rop_applicability": "{owner}: укажите этапы сделки или офисы, либо all=true (give deal stages or offices)",
    "rop_items_required": "{path}: нужен непустой список {noun} (a non-empty list of {noun_en} is required)",
    "rop_too_many": "{path}: не более {limit} {noun}",
    "rop_duplicate_stage": "{owner}: идентификатор этапа {value} повторяется (duplicate stage id)",
    "rop_duplicate_field": "{owner}: поле {value} повторяется (duplicate field key)",
    "rop_weight_type": "{path}: должно быть целым числом от 1 (must be an integer >= 1)",
    "rop_weight_range": "{path}: должно быть целым числом от 1 до 1000 (must be an integer 1..1000)",
    "rop_choice": "{path}: ожидается {one_of} (got {got})",  # speaker, field type: "manager, client или any"
    "rop_enum_options": "{path}: для типа enum нужен список вариантов (enum needs options)",
    "rop_corrections": "{path}: ожидается список исправлений (at most {limit})",
    "rop_correction": "{path}: неизвестное исправление (op: {ops})",
}
FALLBACK = "{path}: некорректное значение ({msg})"
NOUNS = {"stages": "этапов", "fields": "полей"}  # genitive plural, after "список" / "не более N"


def parse(schema: type[S], data: Any) -> S:
    """``data`` (a dict, or JSON text) validated by ``schema``; ConfigInvalid lists every problem."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise ConfigInvalid([NOT_JSON.format(exc=exc)]) from None
    try:
        return schema.model_validate(data, context={})
    except ValidationError as exc:
        raise ConfigInvalid(errors_of(exc, schema.WHAT)) from None


def errors_of(exc: ValidationError, what: str) -> list[str]:
    """The Russian messages of a schema's ValidationError (``what``: the top-level owner's name)."""
    return [message(e, what) for e in exc.errors()]


def message(error: ErrorDetails, what: str) -> str:
    loc = tuple(error["loc"])
    if not loc and error["type"] == "model_type":
        return NOT_OBJECT
    owner = _path(loc[:-1]) or what
    field = loc[-1] if loc else ""
    at = f"{owner}[{field}]" if isinstance(field, int) else f"{owner}.{field}"
    template = MESSAGES.get(error["type"], FALLBACK)
    ctx = dict(error.get("ctx") or {})
    if "choices" in ctx:
        ctx["one_of"] = f"{', '.join(ctx['choices'][:-1])} или {ctx['choices'][-1]}"
    if "items" in ctx:
        ctx["noun"], ctx["noun_en"] = NOUNS.get(ctx["items"], ctx["items"]), ctx["items"]
    return template.format(**ctx, path=_path(loc) or what, owner=owner, field=field, at=at, msg=error["msg"])


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def unique_id(prefix: str, taken: set[str]) -> str:
    """A new document-style id (``PREFIX<unix time>[_n]``) not in ``taken`` (added to it)."""
    base = f"{prefix}{int(time.time())}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate
