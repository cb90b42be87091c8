"""The ASR vocabulary: the organisation's own words plus the quoted names of its configuration,
given to the manager's channel only, and part of the key of cached transcripts."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from rop import config
from rop.asr.analyze import decoding_signature
from rop.asr.engines.base import RawSegment, Spans, Word
from rop.asr.transcribe import transcribe_decoded
from rop.asr.vocabulary import merged_vocabulary
from rop.audio.decode import decode_to_pcm
from rop.core.vocabulary import is_name, terms_from_texts
from rop.tenants.models import Organisation


def test_quoted_proper_names_are_terms_and_quoted_phrases_are_not() -> None:
    texts = [
        "Назвал своё имя и компанию «ТехноСвет»; общие слова («у нас всё хорошо») не считаются.",
        "Клиент сказал «Подумаю, перезвоню» или «Я вам напишу» — не применимо.",
        'Упомянул ЖК "Северный Берег" и банк «Альфа»; повтор «техносвет» не добавляет ничего.',
    ]
    assert terms_from_texts(texts) == ["ТехноСвет", "Северный Берег", "Альфа"]
    assert is_name("Pro-Service 24")
    assert not is_name("чем могу помочь?")
    assert not is_name("Очень Длинное Название Из Многих Слов")


def test_the_organisation_vocabulary_comes_first_and_names_are_not_repeated() -> None:
    merged = merged_vocabulary("эскроу, ТехноСвет", ["компания «ТехноСвет»", "салон «Ромашка»"])
    assert merged.split("\n") == ["эскроу", "ТехноСвет", "Ромашка"]
    assert merged_vocabulary("", []) == ""


def test_decoding_settings_change_the_signature(asr_env: pytest.MonkeyPatch) -> None:
    base = decoding_signature("")
    assert decoding_signature("Ромашка") != base
    asr_env.setenv("ROP_ASR_BEAM_SIZE", "2")
    config.reset()
    assert decoding_signature("") != base
    asr_env.setenv("ROP_ASR_VOCABULARY", "off")
    config.reset()
    assert decoding_signature("Ромашка") == decoding_signature("")


class _PromptEcho:
    """An engine that 'hears' the prompt it was given (or «нет» without one)."""

    name = "echo"
    streams = 1

    def transcribe(self, audio: np.ndarray, *, prompt: str = "", deadline: float | None = None,
                   pieces: Spans | None = None) -> list[RawSegment]:
        text = f" {prompt or 'нет'}"
        return [RawSegment(0.0, 0.5, text, [Word(0.0, 0.5, text, 0.9)])]


def _stereo_tones(path: Path) -> None:
    """Two seconds of tone on the left, then two on the right (energy VAD finds both)."""
    rate = 8000
    t = np.arange(rate * 2) / rate
    tone = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
    silence = np.zeros(rate, dtype=np.int16)
    left = np.concatenate([silence, tone, silence, np.zeros_like(tone), silence])
    right = np.concatenate([silence, np.zeros_like(tone), silence, tone, silence])
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.stack([left, right], axis=1).tobytes())


@pytest.mark.parametrize(("speakers", "client_hears"), [("manager", "нет"), ("both", "Ромашка")])
def test_only_the_managers_channel_gets_the_vocabulary_unless_asked(
    tmp_path: Path, speakers: str, client_hears: str
) -> None:
    _stereo_tones(tmp_path / "call.wav")
    decoded = decode_to_pcm(tmp_path / "call.wav", tmp_path / "work", max_seconds=60)
    segments = transcribe_decoded(tmp_path / "work", decoded, _PromptEcho(), vocabulary="Ромашка",
                                  vocabulary_speakers=speakers)
    heard = {s.speaker: s.text for s in segments}
    assert heard == {"manager": "Ромашка", "client": client_hears}


@pytest.mark.django_db
def test_the_asr_stage_adds_the_names_of_the_active_configuration(
    org: Organisation, asr_env: pytest.MonkeyPatch
) -> None:
    from rop.analysis.models import AnalyticTable, Checklist, ChecklistStage, TableField
    from rop.asr.stage import call_vocabulary

    active = Checklist.objects.create(org=org, name="Входящие «ТехноСвет»")
    ChecklistStage.objects.create(org=org, checklist=active, stage_id="s1", name="Приветствие",
                                  criterion="Назвал компанию «ТехноСвет» и салон «Ромашка»; «подумаю» — не применимо")
    old = Checklist.objects.create(org=org, name="Старый", is_active=False)
    ChecklistStage.objects.create(org=org, checklist=old, stage_id="s2", name="Приветствие",
                                  criterion="Назвал компанию «Прежнее Имя»")
    table = AnalyticTable.objects.create(org=org, table_id="t1", name="Лиды")
    TableField.objects.create(table=table, key="brand", description="Какой бренд: «Лумен» или другой")
    assert call_vocabulary(org.pk, "эскроу") == "эскроу"  # off by default
    asr_env.setenv("ROP_ASR_CONFIG_TERMS", "1")
    config.reset()
    assert call_vocabulary(org.pk, "эскроу").split("\n") == ["эскроу", "ТехноСвет", "Ромашка", "Лумен"]
