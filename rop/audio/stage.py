"""Pipeline stage "audio": decode the stored file into 16 kHz PCM per channel in the call's work dir.

The work dir is scratch under this process's ROP_DATA_DIR: the ASR stage uses it when it runs
on the same node, and decodes the stored original again when it does not (decoding costs about
1 % of the ASR time, far less than moving 16 kHz PCM through the shared store). A worker that
does not run the ASR stage (``rop worker --stages fetch,audio``) removes it right away.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from rop import config
from rop.audio.decode import DecodedAudio, decode_to_pcm
from rop.calls.models import Call
from rop.core import node
from rop.pipeline.errors import PermanentError, TransientError
from rop.store import StoreError, StoreMissing, get_store

# Decoded audio older than this was not picked up by an ASR stage on this node: it ran elsewhere.
STALE_WORK_SECONDS = 6 * 3600.0


def work_dir(call: Call) -> Path:
    return config.get().data_dir / "work" / str(call.pk)


def decode_call(call: Call) -> DecodedAudio:
    """Decode the call's audio into its work dir and record the measured duration and channels."""
    if not call.audio_path:
        raise PermanentError("У звонка нет аудиофайла")
    target = work_dir(call)
    try:
        with get_store().local_copy(call.audio_path) as src:
            decoded = decode_to_pcm(src, target, config.get().max_audio_seconds)
    except StoreMissing:
        raise PermanentError("Аудиофайл звонка не найден в хранилище") from None
    except StoreError as exc:
        raise TransientError(exc.message) from None
    except PermanentError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    call.duration = decoded.duration
    call.channels = decoded.channels
    call.save(update_fields=["duration", "channels", "updated_at"])
    return decoded


def sweep_stale_work_dirs(max_age_seconds: float = STALE_WORK_SECONDS) -> int:
    """Remove work dirs left by calls whose ASR ran on another node (or that failed meanwhile)."""
    root = config.get().data_dir / "work"
    cutoff = time.time() - max_age_seconds
    removed = 0
    for entry in root.glob("*") if root.is_dir() else ():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def run(call: Call) -> None:
    decode_call(call)
    if not node.runs_here("asr"):
        shutil.rmtree(work_dir(call), ignore_errors=True)  # the ASR node decodes from the store
    sweep_stale_work_dirs()
