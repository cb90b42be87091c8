"""A call's transcript as list[Utterance] (segments stored by the ASR stage, rop.asr)."""

from __future__ import annotations

from rop.analysis.types import Utterance
from rop.calls.models import Call


def load_transcript(call: Call) -> list[Utterance]:
    from rop.asr.services import utterances

    return [u for u in utterances(call) if u.text.strip()]
