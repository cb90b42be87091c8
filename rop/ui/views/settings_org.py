"""Settings → offices and managers, as synced from the CRM (read-only)."""

from __future__ import annotations

from django.db.models import Max, Prefetch
from django.http import HttpResponse

from rop.accounts.permissions import Capability
from rop.org.models import Manager, Office, OfficeMembership
from rop.ui.access import AccessRequest, ui_view
from rop.ui.render import page


@ui_view(Capability.VIEW_ORG_STRUCTURE)
def org(request: AccessRequest) -> HttpResponse:
    access = request.access
    members = Prefetch("memberships", queryset=OfficeMembership.objects.select_related("manager"))
    offices = Office.objects.filter(org=access.org).prefetch_related(members)
    managers = Manager.objects.filter(org=access.org)
    return page(
        request, "ui/org.html", "org", offices=offices, managers=managers,
        offices_synced=offices.aggregate(m=Max("synced_at"))["m"],
        managers_synced=managers.aggregate(m=Max("synced_at"))["m"],
    )
