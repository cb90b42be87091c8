from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from rop import config
from tests.support.s3srv import S3Server, s3_server


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with s3_server(tmp_path_factory.mktemp("moto")) as server:
        server.create_bucket("rop-audio")
        yield server


@pytest.fixture
def s3_env(s3: S3Server, tmp_path: Path) -> Iterator[S3Server]:
    """This process uses the S3 store (bucket rop-audio, prefix calls/) for the test."""
    saved = dict(os.environ)
    os.environ.update(s3.env)
    os.environ["ROP_STORE_URL"] = "s3://rop-audio/calls"
    config.reset()
    yield s3
    os.environ.clear()
    os.environ.update(saved)
    config.reset()
