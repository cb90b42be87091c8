"""get_engine(): the configured engine, created once per process; bad settings are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from rop.asr.engines import get_engine
from rop.asr.engines.whisper import WhisperEngine
from rop.pipeline.errors import PermanentError


def test_model_dir_without_a_ct2_model_is_a_clear_error(asr_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asr_env.setenv("ROP_ASR_MODEL", str(tmp_path))
    with pytest.raises(PermanentError, match="ROP_ASR_MODEL"):
        get_engine()


def test_openai_engine_needs_a_base_url(asr_env: pytest.MonkeyPatch) -> None:
    asr_env.setenv("ROP_ASR_ENGINE", "openai")
    asr_env.setenv("ROP_ASR_BASE_URL", "")
    with pytest.raises(PermanentError, match="ROP_ASR_BASE_URL"):
        get_engine()


def test_openai_engine_is_reused(asr_env: pytest.MonkeyPatch) -> None:
    asr_env.setenv("ROP_ASR_ENGINE", "openai")
    asr_env.setenv("ROP_ASR_BASE_URL", "http://127.0.0.1:9/v1")
    assert get_engine() is get_engine()


@pytest.mark.slow
def test_default_engine_loads_the_embedded_model_once(asr_env: pytest.MonkeyPatch) -> None:
    engine = get_engine()
    assert engine.name == "faster-whisper"
    assert isinstance(engine, WhisperEngine) and engine.model_dir.name == "whisper-base"
    assert get_engine() is engine
