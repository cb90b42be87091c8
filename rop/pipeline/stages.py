"""Stage registry: stage name -> ``run(call) -> None``.

A stage function may raise TransientError / PermanentError (rop.pipeline.errors), must be
idempotent (a crashed attempt is re-run by another worker), and commits its own results.
A stage whose module does not exist (yet) is skipped: the call advances past it.

Overrides, for tests only:
- in-process: ``with override_stages({"asr": fake}): ...``
- in subprocesses: ``ROP_TEST_STAGES=tests.pipeline.fake_stages`` names a module with a
  ``STAGES`` dict that replaces the entries it names. Only modules under ``tests.`` are
  accepted, so a production install (which ships no ``tests`` package) cannot be redirected.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rop import config

if TYPE_CHECKING:
    from rop.calls.models import Call

log = logging.getLogger(__name__)

StageFn = Callable[["Call"], None]

# Order of work; "done" follows the last one.
ORDER: tuple[str, ...] = ("fetch", "audio", "asr", "analysis")

DEFAULT_MODULES: dict[str, str] = {
    "fetch": "rop.fetch.stage",
    "audio": "rop.audio.stage",
    "asr": "rop.asr.stage",
    "analysis": "rop.analysis.stage",
}

_override: dict[str, StageFn] = {}
_lock = threading.Lock()
_missing_logged: set[str] = set()


def next_stage(stage: str) -> str:
    i = ORDER.index(stage)
    return ORDER[i + 1] if i + 1 < len(ORDER) else "done"


@contextmanager
def override_stages(stages: dict[str, StageFn]) -> Iterator[None]:
    """Replace stage functions in this process (tests)."""
    with _lock:
        saved = dict(_override)
        _override.update(stages)
    try:
        yield
    finally:
        with _lock:
            _override.clear()
            _override.update(saved)


def _env_override() -> dict[str, StageFn]:
    name = config.get().test_stages
    if not name:
        return {}
    if not name.startswith("tests."):
        raise RuntimeError("ROP_TEST_STAGES accepts only a module under tests. (test hook)")
    module = importlib.import_module(name)
    return dict(module.STAGES)


def get_stage(name: str) -> StageFn | None:
    """The stage function, or None when its module is not installed (the stage is skipped)."""
    with _lock:
        fn = _override.get(name)
    if fn is not None:
        return fn
    env = _env_override()
    if name in env:
        return env[name]
    module_name = DEFAULT_MODULES[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only "this stage's module does not exist" skips; a missing dependency inside it is an error.
        if exc.name is not None and module_name.startswith(exc.name):
            if name not in _missing_logged:
                _missing_logged.add(name)
                log.warning("pipeline stage %r not installed (%s): skipped", name, module_name)
            return None
        raise
    fn = getattr(module, "run", None)
    if fn is None:
        return None
    return fn  # type: ignore[no-any-return]
