"""rop.asr.model_files: the embedded model is joined from its two PyPI parts atomically and verified."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from rop.asr.model_files import MODEL_NAME, MODEL_SHA256, ModelError, ensure_default_model, part_files


def _fake_parts(tmp_path: Path) -> tuple[list[Path], str]:
    src = tmp_path / "pkg"
    src.mkdir()
    p1, p2 = src / "model.bin.part1", src / "model.bin.part2"
    p1.write_bytes(b"A" * 100_000)
    p2.write_bytes(b"B" * 50_000)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (src / name).write_text("{}")
    return [p1, p2], hashlib.sha256(b"A" * 100_000 + b"B" * 50_000).hexdigest()


def test_installed_parts_join_into_the_pinned_model(tmp_path: Path) -> None:
    target = ensure_default_model(tmp_path / "models")
    assert target == tmp_path / "models" / MODEL_NAME
    digest = hashlib.sha256((target / "model.bin").read_bytes()).hexdigest()
    assert digest == MODEL_SHA256
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (target / name).stat().st_size > 0
    assert sum(p.stat().st_size for p in part_files()) == (target / "model.bin").stat().st_size


def test_second_call_reuses_the_joined_model(tmp_path: Path) -> None:
    parts, sha = _fake_parts(tmp_path)
    target = ensure_default_model(tmp_path / "models", parts, sha)
    mtime = (target / "model.bin").stat().st_mtime_ns
    parts[0].unlink()  # not needed any more
    assert ensure_default_model(tmp_path / "models", parts, sha) == target
    assert (target / "model.bin").stat().st_mtime_ns == mtime


def test_corrupt_part_is_a_clear_error_and_leaves_nothing_behind(tmp_path: Path) -> None:
    parts, sha = _fake_parts(tmp_path)
    parts[1].write_bytes(b"B" * 49_999 + b"X")  # one byte flipped
    with pytest.raises(ModelError) as err:
        ensure_default_model(tmp_path / "models", parts, sha)
    assert "повреждены" in str(err.value) and sha in str(err.value)
    assert list((tmp_path / "models").iterdir()) == []  # no half-written model, no staging dir


def test_missing_part_is_a_clear_error(tmp_path: Path) -> None:
    parts, sha = _fake_parts(tmp_path)
    parts[1].unlink()
    with pytest.raises(ModelError, match="Нет файла модели"):
        ensure_default_model(tmp_path / "models", parts, sha)
    assert not (tmp_path / "models" / MODEL_NAME).exists()


def test_concurrent_joins_produce_one_complete_model(tmp_path: Path) -> None:
    parts, sha = _fake_parts(tmp_path)
    results: list[Path] = []
    errors: list[BaseException] = []

    def join() -> None:
        try:
            results.append(ensure_default_model(tmp_path / "models", parts, sha))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=join) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1
    target = results[0]
    assert hashlib.sha256((target / "model.bin").read_bytes()).hexdigest() == sha
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [MODEL_NAME]


def test_unverified_leftover_target_is_replaced(tmp_path: Path) -> None:
    parts, sha = _fake_parts(tmp_path)
    stale = tmp_path / "models" / MODEL_NAME
    stale.mkdir(parents=True)
    (stale / "model.bin").write_bytes(b"half")
    target = ensure_default_model(tmp_path / "models", parts, sha)
    assert hashlib.sha256((target / "model.bin").read_bytes()).hexdigest() == sha
