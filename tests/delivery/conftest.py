from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from rop import config


@pytest.fixture
def rop_config(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Set ROP_* variables for this test (config is re-read; restored afterwards)."""

    def set_env(**env: str) -> None:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        config.reset()

    yield set_env
    monkeypatch.undo()
    config.reset()
