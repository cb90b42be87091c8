from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.pipeline.conftest import fast_retries, make_call, rop_config, worker  # noqa: F401 - shared fixtures


@pytest.fixture(scope="session")
def tone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Small real audio files (sox sine tones): {"wav": …, "mp3": …}."""
    root = tmp_path_factory.mktemp("tones")
    out: dict[str, bytes] = {}
    for ext in ("wav", "mp3"):
        path = root / f"tone.{ext}"
        subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(path), "synth", "1", "sine", "440"],
                       check=True, capture_output=True)
        out[ext] = Path(path).read_bytes()
    return out
