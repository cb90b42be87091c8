"""Settings → audit log (administrators): entries newest first, paged."""

from __future__ import annotations

from django.http import HttpResponse

from rop.accounts.permissions import Capability
from rop.audit.services import entries
from rop.ui.access import AccessRequest, ui_view
from rop.ui.render import page


@ui_view(Capability.MANAGE_USERS)  # administrators only, like the users page
def audit_log(request: AccessRequest) -> HttpResponse:
    listing = entries(request.access.org, request.GET.get("page"))
    return page(request, "audit/audit.html", "audit", entries=listing)
