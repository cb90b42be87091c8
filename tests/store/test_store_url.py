"""ROP_STORE_URL parsing and the local directory backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from rop import config
from rop.config import ConfigError
from rop.store import StoreMissing, get_store
from rop.store.local import LocalStore


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    saved = dict(os.environ)
    yield os.environ  # type: ignore[misc]
    os.environ.clear()
    os.environ.update(saved)
    config.reset()


def test_default_store_is_the_audio_dir_under_the_data_dir(env: dict[str, str], tmp_path: Path) -> None:
    env.pop("ROP_STORE_URL", None)
    env["ROP_DATA_DIR"] = str(tmp_path)
    assert config.load().store_url == f"file://{tmp_path.resolve() / 'audio'}"


@pytest.mark.parametrize("bad", ["file://relative/dir", "s3://", "http://x/y", "/abs/without/scheme"])
def test_bad_store_url_names_the_variable(env: dict[str, str], tmp_path: Path, bad: str) -> None:
    env["ROP_DATA_DIR"] = str(tmp_path)
    env["ROP_STORE_URL"] = bad
    with pytest.raises(ConfigError, match="ROP_STORE_URL"):
        config.load()


def test_file_url_selects_that_directory(env: dict[str, str], tmp_path: Path) -> None:
    env["ROP_DATA_DIR"] = str(tmp_path / "data")
    env["ROP_STORE_URL"] = f"file://{tmp_path / 'shared'}"
    config.reset()
    store = get_store()
    assert isinstance(store, LocalStore)
    src = tmp_path / "a.mp3"
    src.write_bytes(b"0123456789")
    store.put_file(src, "3/a.mp3")
    assert (tmp_path / "shared" / "3" / "a.mp3").read_bytes() == b"0123456789"
    assert b"".join(store.iter_range("3/a.mp3", 2, 5)) == b"23456"
    with pytest.raises(StoreMissing), store.local_copy("3/none.mp3"):
        pass


def test_local_store_refuses_keys_outside_its_root(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LocalStore(tmp_path).size("../etc/passwd")
