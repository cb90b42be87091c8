"""Loaded with -p before Django is configured: a private data dir and test-friendly ROP_* defaults."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if "ROP_TEST_DATA_DIR" not in os.environ:
    _dir = tempfile.mkdtemp(prefix="rop-test-")
    atexit.register(shutil.rmtree, _dir, ignore_errors=True)
    os.environ["ROP_TEST_DATA_DIR"] = _dir
os.environ["ROP_DATA_DIR"] = os.environ["ROP_TEST_DATA_DIR"]
os.environ.setdefault("ROP_FETCH_ALLOW_LOOPBACK", "1")  # audio sources on 127.0.0.1
os.environ.setdefault("ROP_WEBHOOK_ALLOW_LOOPBACK", "1")  # webhook receivers on 127.0.0.1
os.environ.setdefault("ROP_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rop.settings")
