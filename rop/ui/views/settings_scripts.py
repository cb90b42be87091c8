"""Settings → «Скрипты и промты» (checklists) and «Таблицы» (analytic tables).

Thin views: the form is turned into the analysis export format and saved by
rop.analysis.services, which validates it and records a version.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.analysis import services as an
from rop.analysis.models import AnalyticTable, Checklist, FieldType, StageSpeaker
from rop.org.models import Office
from rop.ui import delivery_ops
from rop.ui.access import ui_view
from rop.ui.render import page


def _applicability(post: Any) -> dict[str, Any]:
    return {
        "all": post.get("applies_to_all") == "on",
        "deal_stage_ids": post.get("deal_stage_ids", ""),
        "office_ids": post.getlist("office_ids"),
    }


def _secret(post: Any, creating: bool) -> str | None:
    if post.get("clear_secret") == "on":
        return ""
    value = post.get("webhook_secret", "")
    return value if value or creating else None  # blank on edit: keep the stored secret


def checklist_form_data(post: Any, creating: bool) -> dict[str, Any]:
    stages = []
    cols = [post.getlist(k) for k in ("stage_id", "stage_name", "criterion", "hints", "weight", "speaker")]
    for sid, name, criterion, hints, weight, speaker in zip(*cols, strict=False):
        if not (sid.strip() or name.strip() or criterion.strip() or hints.strip()):
            continue
        stages.append({"id": sid.strip(), "name": name, "criterion": criterion, "hints": hints,
                       "weight": weight.strip() or "1", "speaker": speaker})
    return {"name": post.get("name", ""), "prompt": post.get("prompt", ""), "webhook_url": post.get("webhook_url", ""),
            "webhook_secret": _secret(post, creating), "active": post.get("active") == "on",
            "applicability": _applicability(post), "stages": stages}


def table_form_data(post: Any, creating: bool) -> dict[str, Any]:
    fields = []
    cols = [post.getlist(k) for k in ("field_key", "field_description", "field_type", "field_options")]
    for key, desc, ftype, options in zip(*cols, strict=False):
        if not (key.strip() or desc.strip()):
            continue
        fields.append({"key": key.strip(), "description": desc, "type": ftype, "options": options})
    data = {"name": post.get("name", ""), "prompt": post.get("prompt", ""), "webhook_url": post.get("webhook_url", ""),
            "webhook_secret": _secret(post, creating), "active": post.get("active") == "on",
            "applicability": _applicability(post), "fields": fields}
    if creating and post.get("table_id", "").strip():
        data["id"] = post["table_id"].strip()
    return data


def _versions(obj: Checklist | AnalyticTable | None) -> list[dict[str, Any]]:
    if obj is None:
        return []
    return [{"number": v.number, "created_at": v.created_at,
             "json": json.dumps(v.snapshot, ensure_ascii=False, indent=2)} for v in obj.versions.all()[:50]]


def _checklist(request: HttpRequest, pk: int) -> Checklist:
    obj = Checklist.objects.filter(pk=pk, org=request.access.org).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404("Чек-лист не найден")
    return obj


def _table(request: HttpRequest, pk: int) -> AnalyticTable:
    obj = AnalyticTable.objects.filter(pk=pk, org=request.access.org).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404("Таблица не найдена")
    return obj


# ------------------------------------------------------------------ checklists


@ui_view("can_edit_scripts")
def checklists(request: HttpRequest) -> HttpResponse:
    items = Checklist.objects.filter(org=request.access.org).prefetch_related("stages")  # type: ignore[attr-defined]
    return page(request, "ui/checklists.html", "checklists", items=items)


def _checklist_editor(request: HttpRequest, obj: Checklist | None) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    creating = obj is None
    errors: list[str] = []
    if request.method == "POST":
        data = checklist_form_data(request.POST, creating)
        try:
            saved = an.create_checklist(access.org, data) if obj is None else an.update_checklist(obj, data)
        except an.ConfigInvalid as exc:
            errors = exc.errors
            initial = data
        else:
            messages.success(request, f"Чек-лист «{saved.name}» сохранён (версия {saved.version})")
            return redirect("ui:checklist", pk=saved.pk)
    else:
        initial = an.checklist_to_dict(obj) if obj else {
            "name": "", "prompt": "", "webhook_url": "", "active": True,
            "applicability": {"all": True, "deal_stage_ids": [], "office_ids": []},
            "stages": [{"id": "", "name": "", "criterion": "", "hints": [], "weight": 1, "speaker": "manager"}]}
    app = initial.get("applicability") or {}
    deal = app.get("deal_stage_ids", "")
    for st in initial.get("stages", []):
        if isinstance(st.get("hints"), list):
            st["hints"] = "; ".join(st["hints"])
    return page(request, "ui/checklist_edit.html", "checklists", obj=obj, d=initial, errors=errors,
                deal_stage_ids="; ".join(deal) if isinstance(deal, list) else deal,
                office_ids=set(app.get("office_ids") or []), speakers=StageSpeaker.choices,
                offices=Office.objects.filter(org=access.org),
                versions=_versions(obj), delivery=delivery_ops.available())


@ui_view("can_edit_scripts")
def checklist_new(request: HttpRequest) -> HttpResponse:
    return _checklist_editor(request, None)


@ui_view("can_edit_scripts")
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _checklist_editor(request, _checklist(request, pk))


@ui_view("can_edit_scripts")
def stage_row(request: HttpRequest) -> HttpResponse:
    return page(request, "ui/_stage_row.html", s={"id": "", "name": "", "criterion": "", "hints": "", "weight": 1,
                                                   "speaker": "manager"}, speakers=StageSpeaker.choices)


@require_POST
@ui_view("can_edit_scripts")
def checklist_test_webhook(request: HttpRequest, pk: int) -> HttpResponse:
    return _send_test(request, _checklist(request, pk))


# ------------------------------------------------------------------ tables


@ui_view("can_edit_scripts")
def tables(request: HttpRequest) -> HttpResponse:
    items = AnalyticTable.objects.filter(org=request.access.org).prefetch_related("fields")  # type: ignore[attr-defined]
    return page(request, "ui/tables.html", "tables", items=items)


def _table_editor(request: HttpRequest, obj: AnalyticTable | None) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    creating = obj is None
    errors: list[str] = []
    if request.method == "POST":
        data = table_form_data(request.POST, creating)
        try:
            saved = an.create_table(access.org, data) if obj is None else an.update_table(obj, data)
        except an.ConfigInvalid as exc:
            errors = exc.errors
            initial = data
        else:
            messages.success(request, f"Таблица «{saved.name}» сохранена (версия {saved.version})")
            return redirect("ui:table", pk=saved.pk)
    else:
        initial = an.table_to_dict(obj) if obj else {
            "name": "", "prompt": "", "webhook_url": "", "active": True,
            "applicability": {"all": True, "deal_stage_ids": [], "office_ids": []},
            "fields": [{"key": "", "description": "", "type": "string", "options": []}]}
    app = initial.get("applicability") or {}
    deal = app.get("deal_stage_ids", "")
    for fld in initial.get("fields", []):
        if isinstance(fld.get("options"), list):
            fld["options"] = "; ".join(fld["options"])
    return page(request, "ui/table_edit.html", "tables", obj=obj, d=initial, errors=errors,
                deal_stage_ids="; ".join(deal) if isinstance(deal, list) else deal,
                office_ids=set(app.get("office_ids") or []), field_types=FieldType.choices,
                offices=Office.objects.filter(org=access.org),
                versions=_versions(obj), delivery=delivery_ops.available())


@ui_view("can_edit_scripts")
def table_new(request: HttpRequest) -> HttpResponse:
    return _table_editor(request, None)


@ui_view("can_edit_scripts")
def table_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_editor(request, _table(request, pk))


@ui_view("can_edit_scripts")
def field_row(request: HttpRequest) -> HttpResponse:
    return page(request, "ui/_field_row.html", fld={"key": "", "description": "", "type": "string", "options": ""},
                field_types=FieldType.choices)


@require_POST
@ui_view("can_edit_scripts")
def table_test_webhook(request: HttpRequest, pk: int) -> HttpResponse:
    return _send_test(request, _table(request, pk))


def _send_test(request: HttpRequest, target: Checklist | AnalyticTable) -> HttpResponse:
    if not target.webhook_url:
        return HttpResponse('<span class="errors">Сначала укажите URL вебхука и сохраните</span>')
    try:
        result = delivery_ops.send_test(target)
    except delivery_ops.Unavailable as exc:
        return HttpResponse(f'<span class="errors">{exc}</span>')
    status = getattr(result, "status", "")
    code = getattr(result, "last_status_code", None)
    text = "Тестовый вебхук поставлен в очередь"
    if status == "delivered":
        text = f"Тестовый вебхук доставлен (HTTP {code})"
    elif status == "failed":
        text = f"Тестовый вебхук не доставлен (HTTP {code or '—'}): {getattr(result, 'last_error', '')}"
    from django.utils.html import escape

    return HttpResponse(f'<span class="test-result" data-status="{escape(status)}">{escape(text)}</span> '
                        f'<a href="/settings/webhooks/">журнал доставок</a>')
