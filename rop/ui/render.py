from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def page(request: HttpRequest, template: str, nav: str = "", **ctx: Any) -> HttpResponse:
    """Render a UI page with the user's access (navigation, role checks in templates)."""
    ctx.setdefault("access", getattr(request, "access", None))
    ctx["nav"] = nav
    return render(request, template, ctx)
