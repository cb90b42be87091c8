"""Where each speaker's channel really has speech: voice activity without padding, for statistics."""

from __future__ import annotations

from pathlib import Path

from rop.audio.decode import DecodedAudio
from rop.audio.vad import Region, VadParams, speech_regions

# No padding, short gaps joined: the edges of speech rather than safe cuts for the engine.
SOUND_VAD = VadParams(pad=0.0, merge_gap=0.2)


def speaker_sound(work_dir: Path, decoded: DecodedAudio, manager_channel: str) -> dict[str, list[Region]]:
    """Speaker -> speech regions of its own channel; {} for mono (one channel tells no speaker apart)."""
    paths = decoded.paths(work_dir)
    if decoded.mode != "stereo" or len(paths) != 2:
        return {}
    regions = speech_regions(paths, SOUND_VAD)
    manager = 0 if manager_channel == "left" else 1
    return {"manager": regions[manager], "client": regions[1 - manager]}
