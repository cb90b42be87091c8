"""POST /api/v1/calls/audio-upload: every documented answer (shared cases in intake_cases.py)."""

from __future__ import annotations

import pytest

from tests.api.intake_cases import *  # the shared behaviour, collected for this endpoint


@pytest.fixture
def endpoint() -> str:
    return "/calls/audio-upload"
