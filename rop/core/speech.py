"""Neutral transcript types shared by the ASR (which produces them) and analysis (which reads them).

Imports nothing from rop: both rop.asr and rop.analysis sit above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, TypedDict

Speaker = Literal["manager", "client", "unknown"]


class SpeakerRole(StrEnum):
    MANAGER = "manager"
    CLIENT = "client"
    UNKNOWN = "unknown"


# The one table of speaker labels (UI, CLI, exports, LLM prompts).
SPEAKER_LABELS: dict[str, str] = {
    SpeakerRole.MANAGER: "Менеджер",
    SpeakerRole.CLIENT: "Клиент",
    SpeakerRole.UNKNOWN: "Собеседник",
}


def speaker_label(speaker: str | None) -> str:
    """The Russian label of a speaker role; an unrecognised role reads as the unknown speaker."""
    return SPEAKER_LABELS.get(speaker or "", SPEAKER_LABELS[SpeakerRole.UNKNOWN])


def as_speaker(value: str) -> Speaker:
    """A stored role string as a Speaker; anything unrecognised is "unknown"."""
    if value == "manager":
        return "manager"
    if value == "client":
        return "client"
    return "unknown"


@dataclass(frozen=True)
class Utterance:
    """One transcript segment: times in seconds, a role, the text as transcribed."""

    start: float
    end: float
    speaker: Speaker
    text: str


class WordTiming(TypedDict):
    """One recognised word in the call's timeline, as stored with a transcript segment."""

    word: str
    start: float
    end: float
    prob: float | None


class TranscriptRow(TypedDict):
    """One transcript segment as the API shows it."""

    start: float
    end: float
    speaker: str
    text: str
    channel: int | None
    confidence: float | None
