"""The embedded (offline) analysis engine: see evaluator.EmbeddedEvaluator."""

from rop.analysis.embedded.evaluator import EmbeddedEvaluator

__all__ = ["EmbeddedEvaluator"]
