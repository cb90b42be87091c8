"""Evaluator selection: ROP_ANALYZER=embedded|llm (config.analyzer).

- ``embedded``: rop.analysis.embedded.EmbeddedEvaluator (offline, in-process). Until that
  module provides the class, the clearly-named KeywordEvaluator stands in (low
  percentages when unsure) and a warning is logged once.
- ``llm``: rop.analysis.llm.LlmEvaluator (OpenAI-compatible endpoint).
"""

from __future__ import annotations

import importlib
import logging

from rop import config
from rop.analysis.types import Evaluator

log = logging.getLogger(__name__)
_warned = False


def embedded_evaluator() -> Evaluator:
    global _warned
    try:
        module = importlib.import_module("rop.analysis.embedded")
        cls = module.EmbeddedEvaluator
    except (ImportError, AttributeError):
        from rop.analysis.keyword import KeywordEvaluator

        if not _warned:
            log.warning("EmbeddedEvaluator is not available; using the simple KeywordEvaluator")
            _warned = True
        return KeywordEvaluator()
    return cls()  # type: ignore[no-any-return]


def get_evaluator(name: str | None = None) -> Evaluator:
    name = name or config.get().analyzer
    if name == "llm":
        from rop.analysis.llm import LlmEvaluator

        return LlmEvaluator()
    if name == "keyword":
        from rop.analysis.keyword import KeywordEvaluator

        return KeywordEvaluator()
    return embedded_evaluator()
