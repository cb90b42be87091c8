"""ROP_ANALYZER picks the evaluator; the keyword stand-in is honest about uncertainty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rop import config
from rop.analysis.engine import get_evaluator
from rop.analysis.keyword import KeywordEvaluator
from rop.analysis.types import ChecklistSpec, StageSpec
from rop.pipeline.errors import PermanentError
from tests.analysis.factories import utterances


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    monkeypatch.undo()
    config.reset()


def test_llm_selected_by_rop_analyzer(env: pytest.MonkeyPatch) -> None:
    env.setenv("ROP_ANALYZER", "llm")
    env.setenv("ROP_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    config.reset()
    assert get_evaluator().name == "llm"


def test_llm_without_base_url_is_a_clear_permanent_error(env: pytest.MonkeyPatch) -> None:
    env.setenv("ROP_ANALYZER", "llm")
    env.setenv("ROP_LLM_BASE_URL", "")
    config.reset()
    with pytest.raises(PermanentError, match="ROP_LLM_BASE_URL"):
        get_evaluator()


def test_embedded_is_the_default(env: pytest.MonkeyPatch) -> None:
    env.delenv("ROP_ANALYZER", raising=False)
    config.reset()
    ev = get_evaluator()
    assert type(ev).__name__ in ("EmbeddedEvaluator", "KeywordEvaluator")
    assert type(ev).__name__ == "EmbeddedEvaluator"  # installed by the embedded feature


def test_keyword_evaluator_is_honest_when_unsure() -> None:
    spec = ChecklistSpec("Ч", (
        StageSpec("S1", "Комнаты", "", ("количество комнат",)),
        StageSpec("S2", "МРК выяснил финансовую ситуацию клиента", "ипотека, первоначальный взнос"),
    ))
    found, missing = KeywordEvaluator().evaluate_checklist(utterances(), spec)
    assert found.status == "completed" and found.quote and found.percentage <= 75
    assert missing.status == "failed" and missing.percentage <= 30 and missing.quote == ""
