"""The one place that reads ROP_* environment variables.

Every setting is typed and validated when first loaded; a bad value stops the
process with a message naming the variable (fail loudly, never guess).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


class ConfigError(RuntimeError):
    """A ROP_* variable holds a value we cannot use."""


def _str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    low = raw.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}: expected a boolean (1/0, true/false), got {raw!r}")


def _int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}: must be >= {minimum}, got {value}")
    return value


def _float(name: str, default: float, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}: must be >= {minimum}, got {value}")
    return value


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise ConfigError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    fetch_allow_loopback: bool
    fetch_allow_private: bool
    max_audio_bytes: int
    max_audio_seconds: int
    rate_limit_per_minute: int
    workers: int
    web_workers: int
    web_threads: int
    intake_probe_timeout: float
    log_level: str
    asr_engine: str
    asr_model: str
    asr_base_url: str
    asr_api_key: str = field(repr=False, default="")
    asr_beam_size: int = 5
    asr_vocabulary: str = "hotwords"  # how Organisation.vocabulary reaches ASR: hotwords | prompt | off
    asr_threads: int = 0  # threads per decode stream; 0: cores / streams
    asr_streams: int = 0  # decodes at once per worker (channels in parallel); 0: min(2, cores)
    asr_batch_size: int = 0  # >0: batched Whisper decoding of <=30 s windows
    asr_time_factor: float = 1.0  # wall-time budget per second of speech before a batch is cut short
    analyzer: str = "embedded"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(repr=False, default="")
    llm_timeout: float = 120.0
    llm_context_tokens: int = 16384
    llm_max_output_tokens: int = 2048
    llm_schema_limits: bool = True
    webhook_concurrency: int = 2
    webhook_connect_timeout: float = 5.0
    webhook_read_timeout: float = 15.0
    webhook_retry_base_seconds: float = 10.0
    webhook_retry_max_seconds: float = 3600.0
    webhook_retry_window_seconds: float = 86400.0
    # Pipeline work model (rop.pipeline.worker) and audio download (rop.fetch).
    lease_seconds: float = 60.0
    heartbeat_seconds: float = 15.0
    poll_seconds: float = 0.75
    worker_grace_seconds: float = 20.0
    retry_base_seconds: float = 5.0
    retry_max_seconds: float = 300.0
    retry_window_seconds: float = 3600.0
    max_stage_attempts: int = 5
    stage_timeout_seconds: float = 7200.0
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 30.0
    fetch_deadline_seconds: float = 900.0
    # Test hook: a module under ``tests.`` whose STAGES dict replaces pipeline stages.
    test_stages: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"


def _secret_key(data_dir: Path) -> str:
    env = os.environ.get("ROP_SECRET_KEY")
    if env:
        return env
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(key)
    os.chmod(tmp, 0o600)
    try:
        os.link(tmp, path)  # atomic: the first writer wins
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text().strip()


def load() -> Config:
    data_dir = Path(_str("ROP_DATA_DIR", "./var")).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "tmp").mkdir(exist_ok=True)
    (data_dir / "static").mkdir(exist_ok=True)
    database_url = _str("ROP_DATABASE_URL", "") or f"sqlite:///{data_dir / 'rop.sqlite3'}"
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError("ROP_DATABASE_URL: expected sqlite:///PATH or postgres://USER:PASS@HOST/DB")
    hosts = [h.strip() for h in _str("ROP_ALLOWED_HOSTS", "*").split(",") if h.strip()]
    cpu = os.cpu_count() or 1
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret_key(data_dir),
        debug=_bool("ROP_DEBUG", False),
        allowed_hosts=hosts,
        fetch_allow_loopback=_bool("ROP_FETCH_ALLOW_LOOPBACK", False),
        fetch_allow_private=_bool("ROP_FETCH_ALLOW_PRIVATE", False),
        max_audio_bytes=_int("ROP_MAX_AUDIO_MB", 100, minimum=1) * 1024 * 1024,
        max_audio_seconds=_int("ROP_MAX_AUDIO_SECONDS", 2700, minimum=1),
        rate_limit_per_minute=_int("ROP_RATE_LIMIT_PER_MINUTE", 60, minimum=0),
        workers=_int("ROP_WORKERS", 1, minimum=0),
        web_workers=_int("ROP_WEB_WORKERS", max(2, cpu), minimum=1),
        web_threads=_int("ROP_WEB_THREADS", 8, minimum=1),
        intake_probe_timeout=_float("ROP_INTAKE_PROBE_TIMEOUT", 3.0, minimum=0.1),
        log_level=_choice("ROP_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
        asr_engine=_choice("ROP_ASR_ENGINE", "faster-whisper", ("faster-whisper", "openai")),
        asr_model=_str("ROP_ASR_MODEL", ""),
        asr_base_url=_str("ROP_ASR_BASE_URL", ""),
        asr_api_key=_str("ROP_ASR_API_KEY", ""),
        asr_beam_size=_int("ROP_ASR_BEAM_SIZE", 5, minimum=1),
        asr_vocabulary=_choice("ROP_ASR_VOCABULARY", "hotwords", ("hotwords", "prompt", "off")),
        asr_threads=_int("ROP_ASR_THREADS", 0, minimum=0),
        asr_streams=_int("ROP_ASR_STREAMS", 0, minimum=0),
        asr_batch_size=_int("ROP_ASR_BATCH_SIZE", 0, minimum=0),
        asr_time_factor=_float("ROP_ASR_TIME_FACTOR", 1.0, minimum=0.05),
        analyzer=_choice("ROP_ANALYZER", "embedded", ("embedded", "llm")),
        llm_base_url=_str("ROP_LLM_BASE_URL", ""),
        llm_model=_str("ROP_LLM_MODEL", ""),
        llm_api_key=_str("ROP_LLM_API_KEY", ""),
        llm_timeout=_float("ROP_LLM_TIMEOUT", 120.0, minimum=1.0),
        llm_context_tokens=_int("ROP_LLM_CONTEXT_TOKENS", 16384, minimum=1024),
        llm_max_output_tokens=_int("ROP_LLM_MAX_OUTPUT_TOKENS", 2048, minimum=64),
        llm_schema_limits=_bool("ROP_LLM_SCHEMA_LIMITS", True),
        webhook_concurrency=_int("ROP_WEBHOOK_CONCURRENCY", 2, minimum=1),
        webhook_connect_timeout=_float("ROP_WEBHOOK_CONNECT_TIMEOUT", 5.0, minimum=0.1),
        webhook_read_timeout=_float("ROP_WEBHOOK_READ_TIMEOUT", 15.0, minimum=0.1),
        webhook_retry_base_seconds=_float("ROP_WEBHOOK_RETRY_BASE_SECONDS", 10.0, minimum=0.0),
        webhook_retry_max_seconds=_float("ROP_WEBHOOK_RETRY_MAX_SECONDS", 3600.0, minimum=0.0),
        webhook_retry_window_seconds=_float("ROP_WEBHOOK_RETRY_WINDOW_SECONDS", 86400.0, minimum=0.0),
        lease_seconds=_float("ROP_LEASE_SECONDS", 60.0, minimum=0.1),
        heartbeat_seconds=_float("ROP_HEARTBEAT_SECONDS", 15.0, minimum=0.01),
        poll_seconds=_float("ROP_WORKER_POLL_SECONDS", 0.75, minimum=0.01),
        worker_grace_seconds=_float("ROP_WORKER_GRACE_SECONDS", 20.0, minimum=0.0),
        retry_base_seconds=_float("ROP_RETRY_BASE_SECONDS", 5.0, minimum=0.0),
        retry_max_seconds=_float("ROP_RETRY_MAX_SECONDS", 300.0, minimum=0.0),
        retry_window_seconds=_float("ROP_RETRY_WINDOW_SECONDS", 3600.0, minimum=0.0),
        max_stage_attempts=_int("ROP_MAX_STAGE_ATTEMPTS", 5, minimum=1),
        stage_timeout_seconds=_float("ROP_STAGE_TIMEOUT_SECONDS", 7200.0, minimum=1.0),
        fetch_connect_timeout=_float("ROP_FETCH_CONNECT_TIMEOUT", 10.0, minimum=0.1),
        fetch_read_timeout=_float("ROP_FETCH_READ_TIMEOUT", 30.0, minimum=0.1),
        fetch_deadline_seconds=_float("ROP_FETCH_DEADLINE_SECONDS", 900.0, minimum=1.0),
        test_stages=_str("ROP_TEST_STAGES", ""),
    )


@lru_cache(maxsize=1)
def get() -> Config:
    return load()


def reset() -> None:
    """Forget the cached config (tests that change the environment)."""
    get.cache_clear()
