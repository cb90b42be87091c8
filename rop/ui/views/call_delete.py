"""The call page's delete button (administrators only): removes the call's audio, transcript,
results and pending webhooks (rop.calls.deletion), with an audit line naming the administrator."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability, get_call
from rop.calls.deletion import delete_call
from rop.store import StoreError
from rop.ui.access import AccessRequest, ui_view

CONFIRM_TEXT = "Отметьте «Удалить безвозвратно», чтобы подтвердить удаление"


@require_POST
@ui_view(Capability.VIEW_CALLS)
def call_delete(request: AccessRequest, pk: int) -> HttpResponse:
    if not request.access.is_admin:
        raise PermissionDenied("Удалять звонки может только администратор")
    call = get_call(request.access, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, CONFIRM_TEXT)
        return redirect("ui:call", pk=call.pk)
    try:
        delete_call(call, request.user, "ui")
    except StoreError as exc:
        messages.error(request, f"Звонок не удалён: {exc.message}")
        return redirect("ui:call", pk=call.pk)
    messages.success(request, f"Звонок {call.call_id} и все его данные удалены")
    return redirect("ui:calls")
