"""Cheap format detection from the first bytes (MP3/ID3, RIFF/WAVE, OggS)."""

from __future__ import annotations

SNIFF_BYTES = 64


def _mpeg_frame_at(head: bytes, i: int) -> bool:
    if i + 4 > len(head):
        return False
    b1, b2 = head[i + 1], head[i + 2]
    if head[i] != 0xFF or (b1 & 0xE0) != 0xE0:
        return False
    version = (b1 >> 3) & 0x3
    layer = (b1 >> 1) & 0x3
    bitrate = (b2 >> 4) & 0xF
    rate = (b2 >> 2) & 0x3
    return version != 1 and layer != 0 and bitrate not in (0, 15) and rate != 3


def sniff(head: bytes) -> str | None:
    """Return "mp3", "wav" or "ogg", or None when the bytes are not a supported audio file."""
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 12 and head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"OggS"):
        return "ogg"
    # Raw MPEG audio: a frame header at (or very near) the start.
    for i in range(min(len(head), SNIFF_BYTES) - 3):
        if _mpeg_frame_at(head, i):
            return "mp3"
    return None
