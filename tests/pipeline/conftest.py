from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from rop import config

if TYPE_CHECKING:
    from rop.calls.models import Call
    from rop.pipeline.worker import Worker
    from rop.tenants.models import Organisation


@pytest.fixture
def rop_config() -> Iterator[Callable[..., None]]:
    """Set ROP_* variables for this test (reloads rop.config); restored afterwards."""
    saved = dict(os.environ)

    def set_env(**values: object) -> None:
        for name, value in values.items():
            os.environ[f"ROP_{name.upper()}"] = str(value)
        config.reset()

    yield set_env
    os.environ.clear()
    os.environ.update(saved)
    config.reset()


@pytest.fixture
def fast_retries(rop_config: Callable[..., None]) -> Callable[..., None]:
    rop_config(retry_base_seconds=0.01, retry_max_seconds=0.05, poll_seconds=0.02, heartbeat_seconds=0.2)
    return rop_config


@pytest.fixture
def make_call(org: Organisation) -> Callable[..., Call]:
    from rop.calls.models import Call, CallEvent

    counter = {"n": 0}

    def make(audio_url: str = "", audio_path: str = "x/preloaded.wav", **fields: object) -> Call:
        counter["n"] += 1
        call = Call.objects.create(
            org=org, call_id=f"call-{counter['n']}-{time.monotonic_ns()}", audio_url=audio_url,
            audio_path="" if audio_url else audio_path, **fields,
        )
        CallEvent.objects.create(call=call, kind="received", message="Звонок получен через API")
        return call

    return make


@pytest.fixture
def worker() -> Iterator[Worker]:
    """An in-process worker (no webhook thread); its threads' connections are closed afterwards."""
    from rop.pipeline.worker import Worker

    w = Worker(deliveries=False)
    yield w
    w.close()
