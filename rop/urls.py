from __future__ import annotations

from django.urls import include, path

from rop.api.main import api
from rop.api.ops import healthz, metrics

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", healthz),
    path("metrics", metrics),
    path("", include("rop.ui.urls")),
]

handler400 = "rop.ui.views.errors.bad_request"
handler403 = "rop.ui.views.errors.permission_denied"
handler404 = "rop.ui.views.errors.page_not_found"
handler500 = "rop.ui.views.errors.server_error"
