"""Re-analysis from the UI, through the analysis/pipeline helpers' service when present.

The service is looked up by name so the UI does not break while it is being written:
``rop.analysis.services.reanalyse(call)`` or ``rop.pipeline.services.reanalyse(call)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from rop.calls.models import Call

CANDIDATES = (
    ("rop.analysis.services", "reanalyse"),
    ("rop.analysis.services", "reanalyse_call"),
    ("rop.pipeline.services", "reanalyse"),
    ("rop.pipeline.services", "reanalyse_call"),
    ("rop.pipeline.stages", "reanalyse"),
)


class Unavailable(RuntimeError):
    pass


def _service() -> Callable[[Call], Any] | None:
    for module_name, attr in CANDIDATES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        fn = getattr(module, attr, None)
        if callable(fn):
            return fn
    return None


def available() -> bool:
    return _service() is not None


def reanalyse_one(call: Call) -> None:
    fn = _service()
    if fn is None:
        raise Unavailable("Повторный анализ пока недоступен в этой версии")
    fn(call)
