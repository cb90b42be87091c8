from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.httpsrv import LoopbackServer
from tests.support.ropenv import RopEnv, base_database_url, rop_env

if TYPE_CHECKING:
    from rop.tenants.models import Organisation


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_pg = pytest.mark.skip(reason="needs ROP_DATABASE_URL=postgres://…")
    for item in items:
        if "postgres_only" in item.keywords and not base_database_url():
            item.add_marker(skip_pg)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 with routes the test defines."""
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def loopback6() -> Iterator[LoopbackServer]:
    """A real HTTP server on the IPv6 loopback [::1]."""
    server = LoopbackServer(host="::1").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ropenv(tmp_path: Path) -> Iterator[RopEnv]:
    """A migrated, isolated rop instance (own data dir and database) for process-level tests."""
    with rop_env(tmp_path) as env:
        yield env


@pytest.fixture
def org(db: None) -> Organisation:
    from rop.tenants.services import get_or_create_org

    return get_or_create_org("Тестовая организация")[0]


@pytest.fixture
def api_key(org: Organisation) -> str:
    from rop.tenants.services import create_key

    return create_key(org)[1]
