from __future__ import annotations

from collections.abc import Callable

from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, register_converter
from django.views.generic import RedirectView

from rop.ui.ids import IdConverter
from rop.ui.views import (
    audio,
    auth,
    call_delete,
    calls,
    dashboard,
    jobs,
    reviews,
    settings_audit,
    settings_deliveries,
    settings_keys,
    settings_org,
    settings_organisation,
    settings_scripts,
    settings_trackers,
    settings_users,
)

register_converter(IdConverter, "id")

app_name = "ui"


def _config_urls(kind: str, item: str, *views: Callable[..., HttpResponseBase]) -> list[URLPattern]:
    """One analysis configuration kind's settings pages (list, new, item form row, edit, test webhook):
    /settings/<kind>s/…, named <kind>s, <kind>_new, <item>_row, <kind>, <kind>_test_webhook."""
    listing, new, row, edit, test_webhook = views
    base = f"settings/{kind}s/"
    return [
        path(base, listing, name=f"{kind}s"),
        path(f"{base}new", new, name=f"{kind}_new"),
        path(f"{base}{item}-row", row, name=f"{item}_row"),
        path(f"{base}<id:pk>/", edit, name=kind),
        path(f"{base}<id:pk>/test-webhook", test_webhook, name=f"{kind}_test_webhook"),
    ]


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="ui:calls", permanent=False), name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("calls/", calls.calls_list, name="calls"),
    path("calls/<id:pk>/", calls.call_page, name="call"),
    path("calls/<id:pk>/audio", audio.call_audio, name="call_audio"),
    path("calls/<id:pk>/reanalyse", calls.call_reanalyse, name="call_reanalyse"),
    path("calls/<id:pk>/delete", call_delete.call_delete, name="call_delete"),
    path("calls/reanalyse", jobs.reanalyse_start, name="reanalyse_start"),
    path("calls/<id:pk>/review/stage", reviews.stage_review, name="review_stage"),
    path("calls/<id:pk>/review/field", reviews.field_review, name="review_field"),
    path("review/", reviews.review_queue, name="review_queue"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/managers/<id:pk>/", dashboard.manager_dashboard, name="manager_dashboard"),
    path("exports/start", jobs.export_start, name="export_start"),
    path("jobs/<id:pk>/", jobs.job_status, name="job"),
    path("jobs/<id:pk>/download", jobs.job_download, name="job_download"),
    *_config_urls("checklist", "stage", settings_scripts.checklists, settings_scripts.checklist_new,
                  settings_scripts.stage_row, settings_scripts.checklist_edit, settings_scripts.checklist_test_webhook),
    *_config_urls("table", "field", settings_scripts.tables, settings_scripts.table_new,
                  settings_scripts.field_row, settings_scripts.table_edit, settings_scripts.table_test_webhook),
    path("settings/trackers/", settings_trackers.trackers, name="trackers"),
    path("settings/trackers/<id:pk>/delete", settings_trackers.tracker_delete, name="tracker_delete"),
    path("settings/trackers/<id:pk>/apply", jobs.trackers_apply_start, name="tracker_apply"),
    path("settings/keys/", settings_keys.keys, name="keys"),
    path("settings/keys/<id:pk>/revoke", settings_keys.key_revoke, name="key_revoke"),
    path("settings/users/", settings_users.users, name="users"),
    path("settings/users/access", settings_users.access_update, name="access_update"),
    path("settings/users/<id:pk>/", settings_users.user_update, name="user_update"),
    path("settings/users/<id:pk>/password", settings_users.user_password, name="user_password"),
    path("settings/org/", settings_org.org, name="org"),
    path("settings/organisation/", settings_organisation.organisation, name="organisation"),
    path("settings/webhooks/", settings_deliveries.deliveries, name="deliveries"),
    path("settings/audit/", settings_audit.audit_log, name="audit"),
    path("settings/webhooks/<id:pk>/resend", settings_deliveries.delivery_resend, name="delivery_resend"),
]
