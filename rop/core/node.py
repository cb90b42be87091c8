"""What this process does (set once at start by ``rop worker --stages``).

Neutral and at the bottom of the layering, so that a stage can ask "does the next stage run in
this process?" without importing the pipeline: the audio stage keeps its decoded PCM as
scratch for the ASR stage only when the ASR stage runs here.
"""

from __future__ import annotations

from collections.abc import Collection

_stages: frozenset[str] | None = None  # None: every stage (the default of `rop worker` and `rop serve`)


def set_local_stages(stages: Collection[str] | None) -> None:
    global _stages
    _stages = None if stages is None else frozenset(stages)


def runs_here(stage: str) -> bool:
    return _stages is None or stage in _stages
