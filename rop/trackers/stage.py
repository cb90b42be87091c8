"""Runs after the pipeline stage "asr" (rop.pipeline.stages.AFTER): tag the new transcript."""

from __future__ import annotations

from rop.calls.models import Call
from rop.trackers.services import tag_call


def run(call: Call) -> None:
    tag_call(call)
