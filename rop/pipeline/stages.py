"""Stage registry: stage name -> ``run(call) -> None``.

A stage function may raise TransientError / PermanentError (rop.pipeline.errors), must be
idempotent (a crashed attempt is re-run by another worker), and commits its own results.
Every stage must be installed: a stage module that does not exist stops every process at
start-up (``check_installed``, run when the pipeline app loads) instead of being skipped.

Overrides, for tests only:
- in-process: ``with override_stages({"asr": fake}): ...``
- in subprocesses: ``ROP_TEST_STAGES=tests.pipeline.fake_stages`` names a module with a
  ``STAGES`` dict that replaces the entries it names. Only modules under ``tests.`` are
  accepted, so a production install (which ships no ``tests`` package) cannot be redirected.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rop import config
from rop.config import ConfigError

if TYPE_CHECKING:
    from rop.calls.models import Call

StageFn = Callable[["Call"], None]
log = logging.getLogger(__name__)

# Order of work; "done" follows the last one.
ORDER: tuple[str, ...] = ("fetch", "audio", "asr", "analysis")

DEFAULT_MODULES: dict[str, str] = {
    "fetch": "rop.fetch.stage",
    "audio": "rop.audio.stage",
    "asr": "rop.asr.stage",
    "analysis": "rop.analysis.stage",
}

# Steps run right after a stage, in the same attempt, named by module (``run(call)``) like the
# stages: cheap, idempotent work on that stage's results (keyword trackers tag the transcript).
# A failing step is logged and never fails the call: its data can be rebuilt on request.
AFTER: dict[str, tuple[str, ...]] = {
    "asr": ("rop.trackers.stage",),
}

_override: dict[str, StageFn] = {}
_lock = threading.Lock()


class StageNotInstalled(ConfigError):
    """A pipeline stage's module is missing: the installation is broken (a start-up error)."""


def check_installed() -> None:
    """Start-up check: every stage module exists (found without importing its dependencies)."""
    missing = [f"«{name}» ({module})" for name, module in DEFAULT_MODULES.items() if not _module_exists(module)]
    if missing:
        raise StageNotInstalled("Не установлены этапы конвейера: " + ", ".join(missing)
                                + ". Переустановите приложение")


def _module_exists(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


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


def get_stage(name: str) -> StageFn:
    """The stage function; StageNotInstalled when its module (or its ``run``) is missing."""
    with _lock:
        fn = _override.get(name)
    if fn is not None:
        return fn
    env = _env_override()
    if name in env:
        return env[name]
    module_name = DEFAULT_MODULES[name]
    if not _module_exists(module_name):
        raise StageNotInstalled(f"Этап конвейера «{name}» не установлен (нет модуля {module_name})")
    module = importlib.import_module(module_name)  # a missing dependency inside it is an error, not a skip
    fn = getattr(module, "run", None)
    if fn is None:
        raise StageNotInstalled(f"В модуле {module_name} нет функции run для этапа «{name}»")
    return fn  # type: ignore[no-any-return]


def with_after(name: str, fn: StageFn) -> StageFn:
    """`fn` followed by the steps of AFTER[name] (each one's error is logged, not raised)."""
    modules = AFTER.get(name, ())
    if not modules:
        return fn

    def staged(call: Call) -> None:
        fn(call)
        for module_name in modules:
            try:
                importlib.import_module(module_name).run(call)
            except Exception:
                log.exception("step %s after stage %s failed for call %s", module_name, name, call.pk)

    return staged
