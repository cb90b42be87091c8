"""Settings → «Скрипты и промты» (checklists) and «Таблицы» (analytic tables).

Thin views, one editor for both kinds (an ``Editor`` per kind carries the labels and form
columns): the form is turned into the analysis export format and saved by the kind in
rop.analysis.services, which validates it and records a version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.analysis.models import AnalysisConfig, FieldType, StageSpeaker
from rop.analysis.schemas import FieldIn, StageIn
from rop.analysis.services import CHECKLISTS, TABLES, ConfigKind
from rop.analysis.understanding import check_corrections, understand
from rop.analysis.validation import ConfigInvalid
from rop.audit.services import Action, record
from rop.org.models import Office
from rop.ui import delivery_ops
from rop.ui.access import View, ui_view
from rop.ui.render import page
from rop.ui.versions import history


def _stage_row(v: dict[str, str]) -> dict[str, Any] | None:
    if not (v["stage_id"].strip() or v["stage_name"].strip() or v["criterion"].strip() or v["hints"].strip()):
        return None
    return {"id": v["stage_id"].strip(), "name": v["stage_name"], "criterion": v["criterion"], "hints": v["hints"],
            "weight": v["weight"].strip() or "1", "speaker": v["speaker"], "corrections": _corrections(v)}


CORRECTION_COLUMNS = ("corrections", "corr_element", "corr_phrase", "corr_drop", "corr_mode", "corr_n",
                      "corr_new_label", "corr_new_phrase")


def _corrections(v: dict[str, str]) -> Any:
    """The stage's stored corrections (hidden JSON) plus the ones asked for in «Как система понимает этап»."""
    try:
        stored = json.loads(v.get("corrections") or "[]")
    except ValueError:
        return v["corrections"]  # validation reports it
    if v.get("corr_drop") == RESET or not isinstance(stored, list):
        return [] if v.get("corr_drop") == RESET else stored
    element, phrase = v.get("corr_element", "").strip(), v.get("corr_phrase", "").strip()
    if element and phrase:
        stored.append({"op": "add_phrase", "element": element, "phrase": phrase})
    if v.get("corr_drop", "").strip():
        stored.append({"op": "drop_element", "element": v["corr_drop"].strip()})
    mode = v.get("corr_mode", "").strip()
    if mode:
        n = v.get("corr_n", "").strip()
        stored.append({"op": "set_requirement", "mode": mode, "n": int(n) if n.isdigit() and len(n) < 4 else 0})
    label, example = v.get("corr_new_label", "").strip(), v.get("corr_new_phrase", "").strip()
    if label or example:
        stored.append({"op": "add_element", "label": label, "phrase": example,
                       "speaker": v["speaker"] if v["speaker"] in ("manager", "client", "any") else "manager"})
    return stored


RESET = "__reset__"


def _field_row(v: dict[str, str]) -> dict[str, Any] | None:
    if not (v["field_key"].strip() or v["field_description"].strip()):
        return None
    return {"key": v["field_key"].strip(), "label": v["field_label"].strip(), "description": v["field_description"],
            "type": v["field_type"], "options": v["field_options"]}


@dataclass(frozen=True)
class Editor:
    """What the settings pages of one configuration kind need beyond the kind itself."""

    kind: ConfigKind[Any]
    nav: str  # navigation key and list URL name
    list_title: str
    new_title: str
    not_found: str
    saved: str  # message after saving: .format(name=, version=)
    section: str
    add_label: str
    row_template: str
    columns: tuple[str, ...]  # POST lists, one entry per item row
    parse_row: Callable[[dict[str, str]], dict[str, Any] | None]
    blank_row: dict[str, Any]
    joined: str  # the item key shown as "a; b" in the form
    choices: tuple[str, list[tuple[str, str]]]  # template name and (value, label) pairs
    row_view: str  # URL name of the blank item row (htmx "+ add")
    ident_field: str = ""  # form field of the id given on creation
    optional: tuple[str, ...] = ()  # POST lists that may be absent (a form without them): blank values

    @property
    def list_url(self) -> str:
        return f"ui:{self.nav}"

    @property
    def row_url(self) -> str:
        return f"ui:{self.row_view}"

    @property
    def test_url(self) -> str:
        return f"ui:{self.kind.name}_test_webhook"


CHECKLIST_EDITOR = Editor(
    CHECKLISTS, "checklists", "Скрипты и промты", "Новый чек-лист", "Чек-лист не найден",
    "Чек-лист «{name}» сохранён (версия {version})", "Этапы", "Добавить этап", "ui/_stage_row.html",
    ("stage_id", "stage_name", "criterion", "hints", "weight", "speaker"), _stage_row,
    StageIn.blank("corrections"), "hints",
    ("speakers", StageSpeaker.choices), "stage_row", optional=CORRECTION_COLUMNS,
)
TABLE_EDITOR = Editor(
    TABLES, "tables", "Таблицы", "Новая таблица", "Таблица не найдена",
    "Таблица «{name}» сохранена (версия {version})", "Поля", "Добавить поле", "ui/_field_row.html",
    ("field_key", "field_description", "field_type", "field_options"), _field_row,
    FieldIn.blank(), "options",
    ("field_types", FieldType.choices), "field_row", ident_field="table_id", optional=("field_label",),
)


def _secret(post: Any, creating: bool) -> str | None:
    if post.get("clear_secret") == "on":
        return ""
    value = post.get("webhook_secret", "")
    return value if value or creating else None  # blank on edit: keep the stored secret


def form_data(ed: Editor, post: Any, creating: bool) -> dict[str, Any]:
    """The posted form in the export format (rop.analysis.services validates it)."""
    names = ed.columns + ed.optional
    cols = [post.getlist(k) for k in ed.columns]
    count = min((len(c) for c in cols), default=0)
    cols += [(post.getlist(k) + [""] * count)[:count] for k in ed.optional]
    rows = [ed.parse_row(dict(zip(names, values, strict=True))) for values in zip(*cols, strict=False)]
    data = {"name": post.get("name", ""), "prompt": post.get("prompt", ""), "webhook_url": post.get("webhook_url", ""),
            "webhook_secret": _secret(post, creating), "active": post.get("active") == "on",
            "applicability": {"all": post.get("applies_to_all") == "on",
                              "deal_stage_ids": post.get("deal_stage_ids", ""),
                              "office_ids": post.getlist("office_ids")},
            ed.kind.items_key: [r for r in rows if r is not None]}
    if creating and ed.ident_field and post.get(ed.ident_field, "").strip():
        data["id"] = post[ed.ident_field].strip()
    return data


def _versions(obj: AnalysisConfig | None) -> list[dict[str, Any]]:
    if obj is None:
        return []
    versions = obj.versions.all()[:51]  # type: ignore[attr-defined]
    return history([(v.number, v.created_at, v.snapshot) for v in versions])[:50]


def _get(ed: Editor, request: HttpRequest, pk: int) -> Any:
    obj = ed.kind.model._default_manager.filter(pk=pk, org=request.access.org).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404(ed.not_found)
    return obj


def _list(ed: Editor, request: HttpRequest) -> HttpResponse:
    org = request.access.org  # type: ignore[attr-defined]
    items = ed.kind.model._default_manager.filter(org=org).prefetch_related(ed.kind.items_key)
    return page(request, f"ui/{ed.nav}.html", ed.nav, items=items)


def _editor(ed: Editor, request: HttpRequest, obj: Any) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    errors: list[str] = []
    if request.method == "POST":
        initial = form_data(ed, request.POST, obj is None)
        try:
            if ed.kind is CHECKLISTS and (wrong := check_corrections(initial[ed.kind.items_key])):
                raise ConfigInvalid(wrong)
            saved = ed.kind.create(access.org, initial) if obj is None else ed.kind.update(obj, initial)
        except ConfigInvalid as exc:
            errors = exc.errors
        else:
            action = Action.CHECKLIST_SAVED if ed.kind.name == "checklist" else Action.TABLE_SAVED
            record(access.org, request.user, action, saved.name, version=saved.version)
            messages.success(request, ed.saved.format(name=saved.name, version=saved.version))
            return redirect(f"ui:{ed.kind.name}", pk=saved.pk)
    else:
        initial = ed.kind.to_dict(obj) if obj else {
            "name": "", "prompt": "", "webhook_url": "", "active": True,
            "applicability": {"all": True, "deal_stage_ids": [], "office_ids": []},
            ed.kind.items_key: [dict(ed.blank_row)]}
    app = initial.get("applicability") or {}
    deal = app.get("deal_stage_ids", "")
    rows = initial.get(ed.kind.items_key, [])
    for row in rows:
        if ed.kind is CHECKLISTS:
            _understanding(row)
        if isinstance(row.get(ed.joined), list):
            row[ed.joined] = "; ".join(row[ed.joined])
    return page(request, "ui/config_edit.html", ed.nav, ed=ed, obj=obj, d=initial, rows=rows, errors=errors,
                deal_stage_ids="; ".join(deal) if isinstance(deal, list) else deal,
                office_ids=set(app.get("office_ids") or []), **{ed.choices[0]: ed.choices[1]},
                offices=Office.objects.filter(org=access.org),
                versions=_versions(obj), delivery=delivery_ops.available())


def _understanding(row: dict[str, Any]) -> None:
    """«Как система понимает этап» for a stage row of the editor (and its corrections as hidden JSON)."""
    corrections = row.get("corrections")
    row["corrections_json"] = json.dumps(corrections if isinstance(corrections, list) else [], ensure_ascii=False)
    if isinstance(corrections, list):
        row["understanding"] = understand(row)


def _row(ed: Editor, request: HttpRequest) -> HttpResponse:
    blank = {**ed.blank_row, ed.joined: ""}
    return page(request, ed.row_template, "", s=blank, fld=blank, **{ed.choices[0]: ed.choices[1]})


# ------------------------------------------------------------------ URL entry points


def _views(ed: Editor) -> tuple[View, View, View, View, View]:
    """The five pages of one kind: list, new, edit, blank item row, test webhook."""

    @ui_view("can_edit_scripts")
    def listing(request: HttpRequest) -> HttpResponse:
        return _list(ed, request)

    @ui_view("can_edit_scripts")
    def new(request: HttpRequest) -> HttpResponse:
        return _editor(ed, request, None)

    @ui_view("can_edit_scripts")
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        return _editor(ed, request, _get(ed, request, pk))

    @ui_view("can_edit_scripts")
    def row(request: HttpRequest) -> HttpResponse:
        return _row(ed, request)

    @require_POST
    @ui_view("can_edit_scripts")
    def test_webhook(request: HttpRequest, pk: int) -> HttpResponse:
        return _send_test(request, _get(ed, request, pk))

    return listing, new, edit, row, test_webhook


checklists, checklist_new, checklist_edit, stage_row, checklist_test_webhook = _views(CHECKLIST_EDITOR)
tables, table_new, table_edit, field_row, table_test_webhook = _views(TABLE_EDITOR)


def _send_test(request: HttpRequest, target: Any) -> HttpResponse:
    if not target.webhook_url:
        return HttpResponse('<span class="errors">Сначала укажите URL вебхука и сохраните</span>')
    try:
        result = delivery_ops.send_test(target)
    except delivery_ops.Unavailable as exc:
        return HttpResponse(f'<span class="errors">{exc}</span>')
    status = getattr(result, "status", "")
    record(target.org, request.user, Action.WEBHOOK_TESTED, target.name, status=status)
    code = getattr(result, "last_status_code", None)
    text = "Тестовый вебхук поставлен в очередь"
    if status == "delivered":
        text = f"Тестовый вебхук доставлен (HTTP {code})"
    elif status == "failed":
        text = f"Тестовый вебхук не доставлен (HTTP {code or '—'}): {getattr(result, 'last_error', '')}"
    from django.utils.html import escape

    return HttpResponse(f'<span class="test-result" data-status="{escape(status)}">{escape(text)}</span> '
                        f'<a href="/settings/webhooks/">журнал доставок</a>')
