"""ROP_ANALYZER picks the evaluator; an unknown engine name is refused clearly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rop import config
from rop.analysis.engine import UnknownEngine, get_evaluator
from rop.pipeline.errors import PermanentError


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
    assert type(ev).__name__ == "EmbeddedEvaluator"  # installed by the embedded feature


def test_unknown_engine_name_is_refused_with_the_choices() -> None:
    with pytest.raises(UnknownEngine, match="Неизвестный анализатор «keyword»: ожидается embedded или llm"):
        get_evaluator("keyword")
