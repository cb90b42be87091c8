"""`rop backup` / `rop restore`: one archive with the database and the audio.

The archive is a plain tar (audio is already compressed): ``manifest.json``, the database
(``database.sqlite3`` made with SQLite's online backup API, so the server may keep running; or
``database.pgdump`` from ``pg_dump --format=custom``), the local audio store under ``audio/``
(an S3 store is not copied: back the bucket up with its own tools) and the generated
``secret_key``. Restoring goes into a fresh installation (empty database) and refuses otherwise,
unless forced.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rop import config
from rop.store import get_store
from rop.store.local import LocalStore

FORMAT_VERSION = 1
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message (Russian) says why."""


def _engine(url: str) -> str:
    return "sqlite" if url.startswith("sqlite:") else "postgresql"


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///").removeprefix("sqlite://"))


def _pg_env(url: str) -> dict[str, str]:
    """libpq variables for the URL: the password travels in the environment, never in argv."""
    parts = urlsplit(url)
    env = dict(os.environ)
    env.update({"PGHOST": parts.hostname or "localhost", "PGPORT": str(parts.port or 5432),
                "PGUSER": unquote(parts.username or ""), "PGDATABASE": unquote(parts.path.lstrip("/"))})
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    return env


def _local_audio_root() -> Path | None:
    store = get_store()
    return store.root if isinstance(store, LocalStore) else None


def _dump_database(url: str, work: Path) -> Path:
    if _engine(url) == "sqlite":
        target = work / SQLITE_NAME
        src = sqlite3.connect(_sqlite_path(url))
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # online: a consistent copy while the server keeps writing
        finally:
            dst.close()
            src.close()
        return target
    target = work / PG_NAME
    result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)],
                            env=_pg_env(url), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_dump завершился с ошибкой: {result.stderr.strip()[:500]}")
    return target


def create_backup(output_dir: Path) -> Path:
    """Write the archive into `output_dir`; returns its path."""
    cfg = config.get()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"rop-backup-{stamp}.tar"
    audio_root = _local_audio_root()
    manifest = {"format": FORMAT_VERSION, "created_at": stamp, "database": _engine(cfg.database_url),
                "audio": "included" if audio_root is not None else "not included (S3 store)"}
    with tempfile.TemporaryDirectory(dir=cfg.tmp_dir) as tmp:
        work = Path(tmp)
        dump = _dump_database(cfg.database_url, work)
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = archive.with_suffix(".tar.part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the secret key
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(dump, dump.name)
            if audio_root is not None and audio_root.is_dir():
                tar.add(audio_root, "audio", filter=_skip_partial)
            secret = cfg.data_dir / "secret_key"
            if secret.is_file():
                tar.add(secret, "secret_key")
        os.replace(partial, archive)
    return archive


def _skip_partial(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    return None if info.name.endswith(".part") else info


def _read_manifest(tar: tarfile.TarFile) -> dict[str, object]:
    try:
        member = tar.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError("Файл не является резервной копией «Цифрового РОПа» (нет manifest.json)")
    return manifest


def _restore_sqlite(tar: tarfile.TarFile, url: str) -> None:
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    member = tar.extractfile(SQLITE_NAME)
    if member is None:
        raise BackupError("В резервной копии нет базы данных")
    partial = target.with_name(target.name + ".restore")
    with open(partial, "wb") as out:
        while chunk := member.read(1024 * 1024):
            out.write(chunk)
    for suffix in ("-wal", "-shm"):  # the old database's journal must not be replayed onto the new one
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(partial, target)


def _restore_postgres(tar: tarfile.TarFile, url: str, clean: bool) -> None:
    member = tar.extractfile(PG_NAME)
    if member is None:
        raise BackupError("В резервной копии нет базы данных")
    with tempfile.TemporaryDirectory(dir=config.get().tmp_dir) as tmp:
        dump = Path(tmp) / PG_NAME
        with open(dump, "wb") as out:
            while chunk := member.read(1024 * 1024):
                out.write(chunk)
        args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if clean:  # tables already there (migrated, or data replaced with --force): drop them first
            args += ["--clean", "--if-exists"]
        result = subprocess.run([*args, "--dbname", _pg_env(url)["PGDATABASE"], str(dump)],
                                env=_pg_env(url), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore завершился с ошибкой: {result.stderr.strip()[:500]}")


def _restore_audio(tar: tarfile.TarFile) -> int:
    root = _local_audio_root()
    if root is None:
        return 0
    restored = 0
    base = root.resolve()
    for member in tar.getmembers():
        if not member.name.startswith("audio/") or not member.isfile():
            continue
        target = (base / member.name.removeprefix("audio/")).resolve()
        if not str(target).startswith(str(base) + os.sep):
            raise BackupError(f"Недопустимый путь в резервной копии: {member.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        if source is None:
            continue
        with open(target, "wb") as out:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
        restored += 1
    return restored


def _restore_secret(tar: tarfile.TarFile) -> None:
    path = config.get().data_dir / "secret_key"
    if path.exists() or "secret_key" not in tar.getnames():
        return
    member = tar.extractfile("secret_key")
    if member is not None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(member.read())


def restore_backup(archive: Path, *, has_tables: bool, has_data: bool, force: bool = False) -> dict[str, object]:
    """Restore `archive` into the configured database and audio store (stop the server first).

    A database with tables but no organisation (a fresh install that ran migrate) counts as empty."""
    cfg = config.get()
    if not archive.is_file():
        raise BackupError(f"Файл резервной копии не найден: {archive}")
    try:
        tar = tarfile.open(archive, mode="r")  # noqa: SIM115 - closed by the `with tar:` below
    except (tarfile.TarError, OSError):
        raise BackupError(f"Файл не является резервной копией «Цифрового РОПа»: {archive}") from None
    with tar:
        manifest = _read_manifest(tar)
        engine = _engine(cfg.database_url)
        if manifest.get("database") != engine:
            raise BackupError(f"Копия сделана с базой {manifest.get('database')}, а настроена {engine}: "
                              "восстановите в установку с той же СУБД")
        if has_data and not force:
            raise BackupError("База данных уже содержит данные: восстановление делается в новую установку. "
                              "Чтобы заменить текущие данные, добавьте --force")
        if engine == "sqlite":
            _restore_sqlite(tar, cfg.database_url)
        else:
            _restore_postgres(tar, cfg.database_url, clean=has_tables)
        audio = _restore_audio(tar)
        _restore_secret(tar)
    return {"database": engine, "audio_files": audio, "created_at": manifest.get("created_at")}
