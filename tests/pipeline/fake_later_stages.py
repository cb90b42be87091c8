"""Test hook module: the real fetch stage, fake audio/asr/analysis (see fake_stages.py)."""

from __future__ import annotations

from tests.pipeline.fake_stages import STAGES as _ALL

STAGES = {name: fn for name, fn in _ALL.items() if name != "fetch"}
