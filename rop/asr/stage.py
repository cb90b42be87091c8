"""Pipeline stage "asr": transcribe the decoded channels and store the segments."""

from __future__ import annotations

import logging
import shutil
import time

from django.db import transaction

from rop import config
from rop.asr.engines import get_engine
from rop.asr.models import Segment as SegmentRow
from rop.asr.sound import speaker_sound
from rop.asr.transcribe import Segment, transcribe_decoded
from rop.asr.vocabulary import merged_vocabulary
from rop.audio.decode import DecodedAudio
from rop.audio.stage import decode_call, work_dir
from rop.calls.models import Call
from rop.convstats.compute import Sound, Turn, compute
from rop.convstats.models import CallStats
from rop.convstats.services import save_stats
from rop.core.vocabulary import texts_for
from rop.pipeline.errors import PermanentError

log = logging.getLogger("rop.asr")

NO_SPEECH = "В записи нет речи"


def store_segments(call: Call, segments: list[Segment], sound: Sound | None = None) -> None:
    """Replace the call's transcript and its conversation statistics (idempotent: a re-run after
    a crash leaves one copy). No segments: both are removed. ``sound``: see rop.asr.sound."""
    rows = [
        SegmentRow(call=call, start=round(s.start, 3), end=round(s.end, 3), speaker=s.speaker, channel=s.channel,
                   text=s.text, avg_prob=s.avg_prob, words=s.words)
        for s in segments
    ]
    with transaction.atomic():
        SegmentRow.objects.filter(call=call).delete()
        SegmentRow.objects.bulk_create(rows, batch_size=500)
        if segments:
            turns = [Turn(s.speaker, s.start, s.end, s.text, s.words) for s in segments]
            save_stats(call, compute(turns, sound))
        else:
            CallStats.objects.filter(call=call).delete()


def call_vocabulary(org_id: int, own: str) -> str:
    """The organisation's vocabulary plus the names in its analysis configuration (ROP_ASR_CONFIG_TERMS)."""
    if not config.get().asr_config_terms:
        return own
    return merged_vocabulary(own, texts_for(org_id))


def run(call: Call) -> None:
    cfg = config.get()
    wd = work_dir(call)
    decoded = DecodedAudio.load(wd)
    if decoded is None:  # the audio stage ran elsewhere or its files were lost: decode again
        decoded = decode_call(call)
    started = time.monotonic()
    org = call.org
    try:
        engine = get_engine()
        segments = transcribe_decoded(
            wd,
            decoded,
            engine,
            manager_channel=org.manager_channel or "left",
            vocabulary=call_vocabulary(org.pk, org.vocabulary) if cfg.asr_vocabulary != "off" else "",
            time_factor=cfg.asr_time_factor,
            vocabulary_speakers=cfg.asr_vocabulary_speakers,
        )
    except PermanentError:
        shutil.rmtree(wd, ignore_errors=True)  # the call ends here: no retry will need the files
        raise
    sound = speaker_sound(wd, decoded, org.manager_channel or "left") if segments else None
    store_segments(call, segments, sound)
    shutil.rmtree(wd, ignore_errors=True)
    if not segments:  # silence, noise, a tone: nothing to analyse, and never a "done" call with empty results
        raise PermanentError(NO_SPEECH)
    log.info("asr call=%s engine=%s audio=%.1fs wall=%.1fs segments=%d", call.pk, engine.name,
             decoded.duration, time.monotonic() - started, len(segments))
