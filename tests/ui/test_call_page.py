"""The call page: transcript lines and quotes carry their start time; results, timeline, failure."""

from __future__ import annotations

from django.test import Client

from tests.ui.factories import Tenant


def test_transcript_results_and_timeline_are_shown(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    body = client.get(f"/calls/{tenant.calls['m1'].pk}/").content.decode()
    assert 'class="line manager" data-start="2.00"' in body and "Какой район вас интересует?" in body
    assert 'class="line client" data-start="4.20"' in body
    assert 'class="quote" data-start="2.00"' in body
    assert "Продажа квартиры — 0%" in body  # 1 passed, 1 failed of 2
    assert "Не выполнен" in body and "Выполнен" in body
    assert 'id="call-audio"' in body and "Звонок получен" in body


def test_failed_call_shows_reason_and_stage(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["admin"])
    body = client.get(f"/calls/{tenant.calls['m3'].pk}/").content.decode()
    assert 'id="failure"' in body and "Файл не является аудио" in body and "«Декодирование»" in body
    assert 'id="call-audio"' not in body


def test_table_fields_are_shown(client: Client, tenant: Tenant) -> None:
    from rop.analysis import services as an
    from rop.analysis.models import TableResult, TableVersion

    table = an.TABLES.create(
        tenant.org, {"name": "Конверсия", "fields": [{"key": "district", "description": "Район"}]}
    )
    TableResult.objects.create(org=tenant.org, call=tenant.calls["m1"], table=table,
                               version=TableVersion.objects.get(table=table), data={"district": "Приморский"},
                               details={"district": {"confidence": 90, "quote": "Приморский район",
                                                     "quote_start": 4.2}})
    client.force_login(tenant.users["rop"])
    body = client.get(f"/calls/{tenant.calls['m1'].pk}/").content.decode()
    assert "Конверсия" in body and "Приморский" in body and 'data-start="4.20"' in body


def test_table_fields_read_by_their_label_not_the_raw_key(client: Client, tenant: Tenant) -> None:
    from rop.analysis import services as an
    from rop.analysis.models import TableResult, TableVersion

    table = an.TABLES.create(tenant.org, {"name": "Лиды", "fields": [
        {"key": "budget_range", "label": "Бюджет клиента", "description": "Сколько готов потратить"}]})
    TableResult.objects.create(org=tenant.org, call=tenant.calls["m1"], table=table,
                               version=TableVersion.objects.get(table=table), data={"budget_range": "до 5 млн"},
                               details={})
    client.force_login(tenant.users["rop"])
    body = client.get(f"/calls/{tenant.calls['m1'].pk}/").content.decode()
    assert "<td>Бюджет клиента <span" in body and "до 5 млн" in body
