"""Settings → «Скрипты и промты» and «Таблицы»: create and edit through the form, versions."""

from __future__ import annotations

from django.test import Client

from rop.analysis.models import AnalyticTable, Checklist
from tests.support.httpsrv import LoopbackServer
from tests.ui.factories import Tenant

FORM = {
    "name": "Первичная консультация",
    "prompt": "Оцени звонок",
    "webhook_url": "http://127.0.0.1:8999/hook",
    "webhook_secret": "s3cret-value",
    "active": "on",
    "applies_to_all": "on",
    "stage_id": ["", ""],
    "stage_name": ["Поздоровался", "Выяснил бюджет"],
    "criterion": ["Назвал компанию и имя", "Спросил про бюджет"],
    "hints": ["здравствуйте; меня зовут", "бюджет"],
    "weight": ["1", "2"],
    "speaker": ["manager", "manager"],
}


def test_create_checklist_with_stages_and_webhook(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.post("/settings/checklists/new", FORM)
    assert resp.status_code == 302
    cl = Checklist.objects.get(org=tenant.org, name="Первичная консультация")
    assert cl.webhook_url == "http://127.0.0.1:8999/hook" and cl.webhook_secret == "s3cret-value"
    stages = list(cl.stages.order_by("position"))
    assert [s.name for s in stages] == ["Поздоровался", "Выяснил бюджет"]
    assert stages[0].hints == ["здравствуйте", "меня зовут"] and stages[1].weight == 2
    page = client.get(resp["Location"]).content.decode()
    assert "версия 1" in page and "s3cret-value" not in page  # the secret is never echoed


def test_edit_keeps_secret_when_blank_and_records_a_version(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    client.post("/settings/checklists/new", FORM)
    cl = Checklist.objects.get(org=tenant.org, name="Первичная консультация")
    ids = list(cl.stages.order_by("position").values_list("stage_id", flat=True))
    edit = dict(FORM, webhook_secret="", stage_id=ids, stage_name=["Приветствие", "Выяснил бюджет"])
    assert client.post(f"/settings/checklists/{cl.pk}/", edit).status_code == 302
    cl.refresh_from_db()
    assert cl.version == 2 and cl.webhook_secret == "s3cret-value"
    assert list(cl.stages.order_by("position").values_list("stage_id", flat=True)) == ids
    body = client.get(f"/settings/checklists/{cl.pk}/").content.decode()
    assert "Версия 2" in body and "Версия 1" in body
    assert "&quot;name&quot;: &quot;Приветствие&quot;" in body  # the snapshot, as JSON
    assert "s3cret-value" not in body


def test_invalid_form_shows_russian_errors_and_keeps_input(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    bad = dict(FORM, webhook_url="ftp://x", weight=["0", "1"])
    resp = client.post("/settings/checklists/new", bad)
    body = resp.content.decode()
    assert resp.status_code == 200 and 'id="form-errors"' in body
    assert "weight" in body and "Первичная консультация" in body
    assert not Checklist.objects.filter(name="Первичная консультация").exists()


def test_create_table_with_fields(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    form = {"name": "Анализ конверсии", "table_id": "TBL_1755863365", "applies_to_all": "on", "active": "on",
            "webhook_url": "http://127.0.0.1:8999/t", "field_key": ["budget_range", "object_type"],
            "field_description": ["Бюджет", "Тип объекта"], "field_type": ["string", "enum"],
            "field_options": ["", "квартира; дом"]}
    resp = client.post("/settings/tables/new", form)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    table = AnalyticTable.objects.get(org=tenant.org, table_id="TBL_1755863365")
    assert [f.key for f in table.fields.order_by("position")] == ["budget_range", "object_type"]
    assert table.fields.get(key="object_type").options == ["квартира", "дом"]


def test_test_webhook_without_url_says_so(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    resp = client.post(f"/settings/checklists/{tenant.checklist.pk}/test-webhook")
    assert "Сначала укажите URL вебхука" in resp.content.decode()


def test_test_webhook_reaches_the_endpoint_and_is_logged(
    client: Client, tenant: Tenant, loopback: LoopbackServer
) -> None:
    import json

    from rop.delivery.models import WebhookDelivery

    url = loopback.static("/hook", b'{"ok": true}', content_type="application/json")
    client.force_login(tenant.users["rop"])
    client.post("/settings/checklists/new", dict(FORM, webhook_url=url))
    cl = Checklist.objects.get(org=tenant.org, name="Первичная консультация")
    body = client.post(f"/settings/checklists/{cl.pk}/test-webhook").content.decode()
    assert 'data-status="delivered"' in body and "HTTP 200" in body
    sent = loopback.requests[-1]
    assert json.loads(sent.body)["checklist_name"] == "Первичная консультация"
    assert "webhook-signature" in sent.headers  # the checklist has a secret
    delivery = WebhookDelivery.objects.get(org=tenant.org, kind="test")
    page = client.get("/settings/webhooks/").content.decode()
    assert delivery.url in page and "Доставлен" in page and "{&quot;ok&quot;: true}" in page


def test_resend_puts_a_failed_delivery_back_in_the_queue(client: Client, tenant: Tenant) -> None:
    from rop.delivery.models import WebhookDelivery

    d = WebhookDelivery.objects.create(
        org=tenant.org,
        kind="test",
        url="http://127.0.0.1:9/x",
        host="127.0.0.1:9",
        webhook_id="msg_1",
        body="{}",
        status="failed",
        last_error="HTTP 400",
    )
    client.force_login(tenant.users["admin"])
    assert client.post(f"/settings/webhooks/{d.pk}/resend").status_code == 302
    d.refresh_from_db()
    assert d.status == "pending" and d.last_error == ""
