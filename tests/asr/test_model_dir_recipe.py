"""The operator's model recipe (ROP_ASR_MODEL=/dir with a CTranslate2 Whisper model,
ROP_ASR_DEVICE, ROP_ASR_COMPUTE_TYPE), exercised on CPU with the embedded model copied into a
directory of its own, exactly as an operator places a larger model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rop import config
from rop.asr.engines import get_engine
from rop.asr.model_files import ensure_default_model
from rop.asr.transcribe import transcribe_decoded
from rop.audio.decode import decode_to_pcm
from rop.config import ConfigError
from tests.support import speech


def test_unknown_asr_device_names_the_variable(asr_env: pytest.MonkeyPatch) -> None:
    asr_env.setenv("ROP_ASR_DEVICE", "tpu")
    with pytest.raises(ConfigError, match="ROP_ASR_DEVICE"):
        config.load()


@pytest.mark.slow
def test_model_placed_in_a_directory_transcribes_through_the_same_path(
    asr_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    embedded = ensure_default_model(config.get().models_dir)
    operator_dir = tmp_path / "whisper-ct2"
    shutil.copytree(embedded, operator_dir)
    asr_env.setenv("ROP_ASR_MODEL", str(operator_dir))
    asr_env.setenv("ROP_ASR_DEVICE", "cpu")
    asr_env.setenv("ROP_ASR_COMPUTE_TYPE", "int8")
    config.reset()
    engine = get_engine()
    assert engine.model_dir == operator_dir  # type: ignore[attr-defined]

    dialogue = speech.build_dialogue([
        speech.Turn("manager", "Здравствуйте, меня зовут Анна, агентство недвижимости."),
        speech.Turn("client", "Добрый день, я по поводу квартиры."),
    ], stereo=True, name="model-recipe")
    decoded = decode_to_pcm(dialogue.path, tmp_path / "work", max_seconds=2700)
    segments = transcribe_decoded(tmp_path / "work", decoded, engine, manager_channel="left", vocabulary="")
    manager = " ".join(s.text for s in segments if s.speaker == "manager").lower()
    assert "здравствуйте" in manager, segments
    assert {s.speaker for s in segments} == {"manager", "client"}
