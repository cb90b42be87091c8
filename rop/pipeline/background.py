"""Other durable work the pipeline workers run besides calls (exports and bulk jobs of the UI).

An app above the pipeline registers a module by name in its AppConfig.ready(); the module has
``work_due(worker_id: str) -> int`` which claims due rows of its own table (with a lease, like
calls), runs them and returns how many it ran. Workers call every registered module in their
background thread, so such work survives a restart of the web server.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

_modules: dict[str, str] = {}
_lock = threading.Lock()


def register(name: str, module: str) -> None:
    with _lock:
        _modules[name] = module


def run_due(worker_id: str) -> int:
    """Run each registered module's due work once; how many units were done in all."""
    with _lock:
        modules = list(_modules.items())
    done = 0
    for name, module in modules:
        try:
            done += int(importlib.import_module(module).work_due(worker_id))
        except Exception:
            log.exception("background work %s failed", name)
    return done
