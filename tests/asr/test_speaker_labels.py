"""One table of speaker labels: the UI, the CLI, the stored choices and LLM prompts say the same."""

from __future__ import annotations

from rop.analysis.llm import SPEAKER_RU
from rop.asr.models import Speaker
from rop.core.speech import SPEAKER_LABELS, speaker_label
from rop.ui.results import Line


def test_every_place_names_the_unknown_speaker_the_same() -> None:
    ui = Line(0.0, 1.0, "unknown", "алло").speaker_label
    stored = dict(Speaker.choices)["unknown"]
    assert ui == stored == SPEAKER_RU["unknown"] == speaker_label("unknown") == "Собеседник"


def test_manager_and_client_labels_come_from_the_table() -> None:
    assert dict(Speaker.choices) == SPEAKER_LABELS
    assert Line(0.0, 1.0, "client", "да").speaker_label == "Клиент"
    assert speaker_label("manager") == "Менеджер"
    assert speaker_label("something else") == "Собеседник"
