"""Settings → webhook deliveries: every attempt with status and response excerpt; resend."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability
from rop.audit.services import Action, record
from rop.delivery.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from rop.ui import delivery_ops
from rop.ui.access import AccessRequest, org_object, ui_view
from rop.ui.paging import seek
from rop.ui.render import page


@ui_view(Capability.VIEW_DELIVERIES)
def deliveries(request: AccessRequest) -> HttpResponse:
    access = request.access
    qs = WebhookDelivery.objects.filter(org=access.org).select_related("call").prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number")))
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        qs = qs.filter(status=status)
    pg = seek(qs, request.GET.get("after"), request.GET.get("before"), 50)
    return page(request, "ui/deliveries.html", "deliveries", pg=pg, status=status, statuses=DeliveryStatus.choices,
                qs=f"status={status}" if status else "",
                can_resend=access.can_resend and delivery_ops.available()["resend"])


@require_POST
@ui_view(Capability.RESEND)
def delivery_resend(request: AccessRequest, pk: int) -> HttpResponse:
    delivery = org_object(request, WebhookDelivery, pk, "Доставка не найдена")
    try:
        delivery_ops.resend(delivery)
    except delivery_ops.Unavailable as exc:
        messages.error(request, str(exc))
    else:
        record(delivery.org, request.user, Action.WEBHOOK_RESENT, f"Доставка №{delivery.pk}")
        messages.success(request, "Вебхук поставлен на повторную отправку")
    return redirect("ui:deliveries")
