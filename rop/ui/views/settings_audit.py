"""Settings → audit log (administrators): entries newest first, paged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from rop.audit.services import entries
from rop.ui.access import ui_view
from rop.ui.render import page


@ui_view("is_admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    access = request.access  # type: ignore[attr-defined]
    return page(request, "audit/audit.html", "audit", entries=entries(access.org, request.GET.get("page")))
