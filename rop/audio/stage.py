"""Pipeline stage "audio": decode the stored file into 16 kHz PCM per channel in the call's work dir."""

from __future__ import annotations

import shutil
from pathlib import Path

from rop import config
from rop.audio.decode import DecodedAudio, decode_to_pcm
from rop.calls.models import Call
from rop.pipeline.errors import PermanentError
from rop.store import get_store


def work_dir(call: Call) -> Path:
    return config.get().data_dir / "work" / str(call.pk)


def decode_call(call: Call) -> DecodedAudio:
    """Decode the call's audio into its work dir and record the measured duration and channels."""
    if not call.audio_path:
        raise PermanentError("У звонка нет аудиофайла")
    src = get_store().local_path(call.audio_path)
    if not src.exists():
        raise PermanentError("Аудиофайл звонка не найден в хранилище")
    target = work_dir(call)
    try:
        decoded = decode_to_pcm(src, target, config.get().max_audio_seconds)
    except PermanentError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    call.duration = decoded.duration
    call.channels = decoded.channels
    call.save(update_fields=["duration", "channels", "updated_at"])
    return decoded


def run(call: Call) -> None:
    decode_call(call)
