"""POST /api/v1/calls (the document's "alternative JSON format"): same rules as audio-upload."""

from __future__ import annotations

import pytest

from tests.api.intake_cases import *  # the shared behaviour, collected for this endpoint


@pytest.fixture
def endpoint() -> str:
    return "/calls"
