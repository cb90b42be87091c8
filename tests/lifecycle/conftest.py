"""Lifecycle tests reuse the UI's tenant fixtures and the API's audio fixtures."""

from __future__ import annotations

from tests.api.conftest import audio_url, mp3_bytes
from tests.ui.conftest import fast_hashing, other, tenant, wav_file

__all__ = ["audio_url", "fast_hashing", "mp3_bytes", "other", "tenant", "wav_file"]
