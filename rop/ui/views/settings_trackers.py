"""Settings → keyword trackers: create, edit, switch off, delete, apply to past calls."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability, calls_for
from rop.trackers.errors import TrackerInvalid
from rop.trackers.models import Tracker, TrackerSpeaker
from rop.trackers.services import call_counts, save_tracker, trackers_for
from rop.ui.access import AccessRequest, org_object, ui_view
from rop.ui.render import page


def _get(request: AccessRequest, pk: int) -> Tracker:
    return org_object(request, Tracker, pk, "Трекер не найден")


def _render(request: AccessRequest, editing: Tracker | None = None, error: str = "",
            form: dict[str, str] | None = None) -> HttpResponse:
    access = request.access
    if form is None:
        form = ({"name": editing.name, "phrases": "\n".join(editing.phrases), "speaker": editing.speaker}
                if editing else {"name": "", "phrases": "", "speaker": TrackerSpeaker.ANY})
    trackers = list(trackers_for(access.org))
    counts = call_counts(access.org, calls_for(access))
    return page(request, "ui/trackers.html", "trackers", trackers=[(t, counts.get(t.pk, 0)) for t in trackers],
                editing=editing, error=error, form=form, speakers=TrackerSpeaker.choices)


@ui_view(Capability.EDIT_SCRIPTS)
def trackers(request: AccessRequest) -> HttpResponse:
    if request.method != "POST":
        editing = _get(request, int(request.GET["edit"])) if request.GET.get("edit", "").isdigit() else None
        return _render(request, editing)
    pk = request.POST.get("pk", "")
    editing = _get(request, int(pk)) if pk.isdigit() else None
    form = {k: request.POST.get(k, "") for k in ("name", "phrases", "speaker")}
    try:
        tracker = save_tracker(request.access.org, name=form["name"], phrases_text=form["phrases"],
                               speaker=form["speaker"] or TrackerSpeaker.ANY,
                               is_active="is_active" in request.POST, tracker=editing)
    except TrackerInvalid as exc:
        return _render(request, editing, exc.message, form)
    messages.success(request, f"Трекер «{tracker.name}» сохранён. Он применяется к новым звонкам; "
                              "к прошлым — кнопкой «Применить к прошлым звонкам»")
    return redirect("ui:trackers")


@require_POST
@ui_view(Capability.EDIT_SCRIPTS)
def tracker_delete(request: AccessRequest, pk: int) -> HttpResponse:
    tracker = _get(request, pk)
    tracker.delete()
    messages.success(request, f"Трекер «{tracker.name}» удалён")
    return redirect("ui:trackers")
