"""Reading transcripts: for the API (dicts) and for analysis (Utterance list)."""

from __future__ import annotations

from rop.asr.models import Segment
from rop.calls.models import Call
from rop.convstats.compute import Turn
from rop.core.speech import TranscriptRow, Utterance, as_speaker


def transcript_rows(call: Call) -> list[TranscriptRow]:
    return [
        {
            "start": round(s.start, 2),
            "end": round(s.end, 2),
            "speaker": s.speaker,
            "text": s.text,
            "channel": s.channel,
            "confidence": round(s.avg_prob, 2) if s.avg_prob is not None else None,
        }
        for s in Segment.objects.filter(call=call).order_by("start", "id")
    ]


def utterances(call: Call) -> list[Utterance]:
    return [
        Utterance(start=s.start, end=s.end, speaker=as_speaker(s.speaker), text=s.text)
        for s in Segment.objects.filter(call=call).order_by("start", "id")
    ]


def stat_turns(call: Call) -> list[Turn]:
    """The stored transcript as conversation-statistics input (timeline, on-the-fly figures)."""
    return [
        Turn(s.speaker, s.start, s.end, s.text, s.words or [])
        for s in Segment.objects.filter(call=call).order_by("start", "id")
    ]
