"""Evaluator selection: ROP_ANALYZER=embedded|llm (config.analyzer).

- ``embedded``: rop.analysis.embedded.EmbeddedEvaluator (offline, in-process);
- ``llm``: rop.analysis.llm.LlmEvaluator (OpenAI-compatible endpoint).

Any other name is refused with UnknownEngine (a Russian message naming the choices).
"""

from __future__ import annotations

from rop import config
from rop.analysis.types import Evaluator

ENGINES = ("embedded", "llm")


class UnknownEngine(ValueError):
    """The analyser name is not one of ENGINES."""


def get_evaluator(name: str | None = None) -> Evaluator:
    name = name or config.get().analyzer
    if name == "embedded":
        from rop.analysis.embedded import EmbeddedEvaluator

        return EmbeddedEvaluator()
    if name == "llm":
        from rop.analysis.llm import LlmEvaluator

        return LlmEvaluator()
    raise UnknownEngine(f"Неизвестный анализатор «{name}»: ожидается {' или '.join(ENGINES)} (ROP_ANALYZER)")
