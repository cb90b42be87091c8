"""`rop webhooks resend ID` / `rop webhooks list [--org NAME] [--status S]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rop.delivery.models import WebhookDelivery
from rop.delivery.services import DeliveryBusy, resend


class Command(BaseCommand):
    help = "Webhook deliveries: resend by hand, list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        r = sub.add_parser("resend", help="Queue a delivery again (same webhook-id)")
        r.add_argument("id", help="delivery number or webhook-id (msg_…)")
        ls = sub.add_parser("list", help="Recent deliveries")
        ls.add_argument("--org", default="")
        ls.add_argument("--status", default="")
        ls.add_argument("--limit", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "resend":
            ref = str(options["id"]).strip()
            qs = WebhookDelivery.objects.all()
            delivery = qs.filter(webhook_id=ref).first()
            if delivery is None and ref.isdigit():
                delivery = qs.filter(pk=int(ref)).first()
            if delivery is None:
                raise CommandError(f"Доставка {ref} не найдена (delivery not found)")
            try:
                resend(delivery)
            except DeliveryBusy as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Доставка {delivery.pk} ({delivery.webhook_id}) поставлена в очередь -> {delivery.host}")
            return
        qs = WebhookDelivery.objects.select_related("org")
        if options["org"]:
            qs = qs.filter(org__name=options["org"])
        if options["status"]:
            qs = qs.filter(status=options["status"])
        for d in qs.order_by("-id")[: options["limit"]]:
            self.stdout.write(
                f"{d.pk}\t{d.webhook_id}\t{d.kind}\t{d.status}\tпопыток={d.attempts}\t{d.host}\t"
                f"{d.last_status_code or ''}\t{d.last_error[:80]}"
            )
