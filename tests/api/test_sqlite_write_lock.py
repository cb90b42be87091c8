"""The SQLite backend's process-wide write lock (rop/core/sqlite/base.py): concurrent writers in
one process all succeed, and a lock left by a failed BEGIN or a rollback is released."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from rop.tenants.models import Organisation

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-only backend feature")


@pytest.mark.django_db(transaction=True)
def test_concurrent_write_transactions_in_one_process_all_commit() -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                with transaction.atomic():
                    Organisation.objects.create(name=f"Лок {n}-{i}", slug=f"lock-{n}-{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert Organisation.objects.filter(slug__startswith="lock-").count() == 8 * 20


@pytest.mark.django_db(transaction=True)
def test_rollback_releases_the_write_lock() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.create(name="Откат", slug="rollback")
        raise RuntimeError("boom")
    done = threading.Event()

    def other() -> None:
        with transaction.atomic():
            Organisation.objects.create(name="После отката", slug="after-rollback")
        connections.close_all()
        done.set()

    t = threading.Thread(target=other)
    t.start()
    t.join(timeout=30)
    assert done.is_set()
    assert not Organisation.objects.filter(slug="rollback").exists()
