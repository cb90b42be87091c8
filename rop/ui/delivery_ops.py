"""Resend and test-webhook through the delivery helper's services (looked up by name)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class Unavailable(RuntimeError):
    pass


def _find(names: tuple[str, ...]) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("rop.delivery.services")
    except ImportError:
        return None
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def resend(delivery: Any) -> Any:
    fn = _find(("resend", "resend_delivery"))
    if fn is None:
        raise Unavailable("Повторная отправка пока недоступна в этой версии")
    return fn(delivery)


def send_test(target: Any) -> Any:
    """A test webhook to a checklist's or table's URL."""
    fn = _find(("send_test_webhook", "test_webhook", "send_test"))
    if fn is None:
        raise Unavailable("Тестовый вебхук пока недоступен в этой версии")
    return fn(target)


def available() -> dict[str, bool]:
    return {"resend": _find(("resend", "resend_delivery")) is not None,
            "test": _find(("send_test_webhook", "test_webhook", "send_test")) is not None}
