"""Which stages this process claims (``rop worker --stages``): lets a stage skip keeping
scratch files for a next stage that will run on another node."""

from __future__ import annotations

from rop.pipeline.stages import ORDER

_local: frozenset[str] = frozenset(ORDER)


def set_stages(stages: frozenset[str]) -> None:
    global _local
    _local = stages


def runs_here(stage: str) -> bool:
    return stage in _local


def parse_stages(raw: str) -> frozenset[str]:
    """'fetch,audio' -> frozenset; ValueError (Russian message) on an unknown or empty list."""
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if n not in ORDER]
    if unknown:
        raise ValueError(f"неизвестные этапы: {', '.join(unknown)} (допустимы: {', '.join(ORDER)})")
    if not names:
        raise ValueError(f"список этапов пуст (допустимы: {', '.join(ORDER)})")
    return frozenset(names)
