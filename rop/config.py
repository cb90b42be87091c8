"""The one place that reads ROP_* environment variables: one table of settings.

Every setting is declared once, as a field of ``Config``: its variable, type, default and the
description that README's configuration table shows (tests/api/test_readme.py checks README
against ``SETTINGS``; ``python -m rop.config`` prints the table). Adding a setting is one line
here plus that table row. Every value is typed and validated when first loaded; a bad value
stops the process with a message naming the variable (fail loudly, never guess).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

Kind = Literal["str", "bool", "int", "float", "choice", "list", "path"]
_META = "rop_setting"


class ConfigError(RuntimeError):
    """A ROP_* variable holds a value we cannot use."""


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    env: str
    kind: Kind
    default: Any  # a literal, or a callable computing it (then ``shown`` describes it)
    description: str
    minimum: float | None = None
    choices: tuple[str, ...] = ()
    shown: str = ""  # README's default column when the literal alone would not say it
    secret: bool = False
    attr: str = ""  # the Config field (filled in from the class below)

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default

    def shown_default(self) -> str:
        """The README "Default" cell."""
        if self.shown:
            return self.shown
        if self.kind == "bool":
            return "`1`" if self.default else "`0`"
        if self.default == "" or self.default is None:
            return "—"
        return f"`{self.default}`"

    def parse(self, raw: str | None) -> Any:
        """The typed value of ``raw`` (None or "": the default); ConfigError when unusable."""
        if raw is None or raw == "":
            if self.kind in ("path", "list"):  # written as the variable would be
                return _PARSERS[self.kind](self, self.default)
            return self.default_value()
        return _PARSERS[self.kind](self, raw)


def _parse_bool(s: Setting, raw: str) -> bool:
    low = raw.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{s.env}: ожидается 1/0 или true/false, получено {raw!r}")


def _parse_number(s: Setting, raw: str) -> int | float:
    try:
        value: int | float = int(raw) if s.kind == "int" else float(raw)
    except ValueError:
        what = "целое число" if s.kind == "int" else "число"
        raise ConfigError(f"{s.env}: ожидается {what}, получено {raw!r}") from None
    if s.minimum is not None and value < s.minimum:
        minimum = int(s.minimum) if s.kind == "int" else s.minimum
        raise ConfigError(f"{s.env}: значение должно быть не меньше {minimum}, получено {value}")
    return value


def _parse_choice(s: Setting, raw: str) -> str:
    if raw not in s.choices:
        raise ConfigError(f"{s.env}: ожидается одно из значений {', '.join(s.choices)}, получено {raw!r}")
    return raw


_PARSERS: dict[str, Callable[[Setting, str], Any]] = {
    "str": lambda s, raw: raw,
    "bool": _parse_bool,
    "int": _parse_number,
    "float": _parse_number,
    "choice": _parse_choice,
    "list": lambda s, raw: [item.strip() for item in raw.split(",") if item.strip()],
    "path": lambda s, raw: Path(raw).expanduser().resolve(),
}


def _setting(env: str, kind: Kind, default: Any, description: str, **options: Any) -> Any:
    secret = bool(options.get("secret"))
    return field(metadata={_META: Setting(env, kind, default, description, **options)}, repr=not secret)


def _str(env: str, default: str, description: str, **options: Any) -> Any:
    return _setting(env, "str", default, description, **options)


def _bool(env: str, default: bool, description: str, **options: Any) -> Any:
    return _setting(env, "bool", default, description, **options)


def _int(env: str, default: int | Callable[[], int], description: str, **options: Any) -> Any:
    return _setting(env, "int", default, description, **options)


def _float(env: str, default: float, description: str, **options: Any) -> Any:
    return _setting(env, "float", default, description, **options)


def _choice(env: str, default: str, choices: tuple[str, ...], description: str, **options: Any) -> Any:
    return _setting(env, "choice", default, description, choices=choices, **options)


def _web_workers() -> int:
    return max(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class Config:
    """Typed settings. Each field is one row of the settings table (variable, type, default, description)."""

    data_dir: Path = _setting(  # noqa: RUF009 - returns dataclasses.field (a settings-table row)
        "ROP_DATA_DIR", "path", "./var",
        "This process's data directory: SQLite database, default audio store (`audio/`), "
        "temporary files (`tmp/`), model cache, generated secret key. With several machines it is "
        "scratch only: nothing another process needs lives there.")
    store_url: str = _str(
        "ROP_STORE_URL", "",
        "Where call audio lives: `file:///ABS/PATH` or `s3://BUCKET/PREFIX` (any S3-compatible server, "
        "configured by `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, "
        "`AWS_DEFAULT_REGION`). The bucket must exist; a missing bucket, bad credentials or an "
        "unreachable store stop `rop serve` / `rop worker` at start.",
        shown="`file://$ROP_DATA_DIR/audio`")
    metrics_token: str = _str(
        "ROP_METRICS_TOKEN", "",
        "Token for `/metrics` (`Authorization: Bearer …`); without it `/metrics` answers only direct "
        "loopback requests.", secret=True)
    database_url: str = _str(
        "ROP_DATABASE_URL", "", "`sqlite:///PATH` or `postgres://USER:PASS@HOST:PORT/DB`.",
        shown="`sqlite:///$ROP_DATA_DIR/rop.sqlite3`")
    secret_key: str = _str(
        "ROP_SECRET_KEY", "", "Django secret key (sessions, CSRF).",
        shown="generated once into `$ROP_DATA_DIR/secret_key`", secret=True)
    debug: bool = _bool("ROP_DEBUG", False, "Django debug mode (never in production).")
    allowed_hosts: list[str] = _setting(  # noqa: RUF009 - returns dataclasses.field
        "ROP_ALLOWED_HOSTS", "list", "",
        "Comma-separated host names the server answers to (replaces the default list; `*` only if you really "
        "mean any). `rop serve --host H` adds `H`; `--host 0.0.0.0` adds the machine's name (`scripts/serve` "
        "also its addresses).", shown="`localhost,127.0.0.1,[::1]` plus the served host")
    host_names: list[str] = _setting(  # noqa: RUF009 - returns dataclasses.field
        "ROP_HOST", "list", "",
        "Extra host names added to the `ROP_ALLOWED_HOSTS` default (set by `rop serve --host` and "
        "`scripts/serve` for its children; rarely set by hand).", shown="set by `rop serve`")
    trusted_proxies: list[str] = _setting(  # noqa: RUF009 - returns dataclasses.field
        "ROP_TRUSTED_PROXIES", "list", "",
        "IP addresses or networks of reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed "
        "(e.g. `127.0.0.1` for nginx on the same machine).")
    session_timeout_minutes: int = _int("ROP_SESSION_TIMEOUT_MINUTES", 480,
                                        "UI session ends after this long without activity.", minimum=1)
    login_max_failures: int = _int("ROP_LOGIN_MAX_FAILURES", 5,
                                   "Wrong passwords per account within the lock-out period before logins are "
                                   "refused (per client address: 4× this).", minimum=1)
    login_lockout_minutes: int = _int("ROP_LOGIN_LOCKOUT_MINUTES", 15, "Lock-out period after too many wrong "
                                      "passwords.", minimum=1)
    log_level: str = _choice("ROP_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"),
                             "`DEBUG`, `INFO`, `WARNING` or `ERROR`.")
    web_workers: int = _int("ROP_WEB_WORKERS", _web_workers, "Web server processes.", minimum=1,
                            shown="CPU count, at least 2")
    web_threads: int = _int("ROP_WEB_THREADS", 8, "Threads per web process running the app (connections do not "
                            "take threads).", minimum=1)
    web_connection_limit: int = _int("ROP_WEB_CONNECTION_LIMIT", 4000, "Open connections per web process, idle "
                                     "ones included (the open-files limit is raised to fit).", minimum=16)
    workers: int = _int("ROP_WORKERS", 1, "Pipeline workers started by `rop serve` (0: none, run `rop worker` "
                        "separately).", minimum=0)
    rate_limit_per_minute: int = _int("ROP_RATE_LIMIT_PER_MINUTE", 60, "Requests a minute per API key (0: no limit).",
                                      minimum=0)
    db_lock_timeout: float = _float(
        "ROP_DB_LOCK_TIMEOUT", 10.0, "Seconds a request waits for the SQLite write lock; after that the API "
        "and the pages answer 503 with `Retry-After`.", minimum=0.5)
    sync_max_items: int = _int(
        "ROP_SYNC_MAX_ITEMS", 1000, "Most offices or managers in one settings sync request (more: 400; send the "
        "list in parts).", minimum=1)
    max_audio_mb: int = _int("ROP_MAX_AUDIO_MB", 100, "Largest accepted audio file.", minimum=1)
    max_audio_seconds: int = _int("ROP_MAX_AUDIO_SECONDS", 2700, "Longest accepted call (45 minutes).", minimum=1)
    intake_probe_timeout: float = _float(
        "ROP_INTAKE_PROBE_TIMEOUT", 3.0, "Seconds for the first-bytes check of `audio_url` at intake; a source that "
        "does not answer in time is accepted and queued.", minimum=0.1)
    fetch_allow_loopback: bool = _bool(
        "ROP_FETCH_ALLOW_LOOPBACK", False, "Allow audio links to loopback addresses (`127.0.0.0/8`, `::1`).")
    fetch_allow_private: bool = _bool(
        "ROP_FETCH_ALLOW_PRIVATE", False, "Allow audio links to private-network addresses.")
    fetch_connect_timeout: float = _float("ROP_FETCH_CONNECT_TIMEOUT", 10.0,
                                          "Audio download: connect timeout, seconds.", minimum=0.1)
    fetch_read_timeout: float = _float("ROP_FETCH_READ_TIMEOUT", 30.0,
                                       "Audio download: timeout between received bytes, seconds.", minimum=0.1)
    fetch_deadline_seconds: float = _float("ROP_FETCH_DEADLINE_SECONDS", 900.0,
                                           "Audio download: whole-download deadline, seconds.", minimum=1.0)
    lease_seconds: float = _float("ROP_LEASE_SECONDS", 60.0,
                                  "How long a worker's claim on a call lasts without a heartbeat.", minimum=0.1)
    heartbeat_seconds: float = _float("ROP_HEARTBEAT_SECONDS", 15.0, "How often a worker renews its claim.",
                                      minimum=0.01)
    poll_seconds: float = _float("ROP_WORKER_POLL_SECONDS", 0.75, "How often an idle worker looks for due work.",
                                 minimum=0.01)
    worker_grace_seconds: float = _float("ROP_WORKER_GRACE_SECONDS", 20.0,
                                         "On shutdown, how long a worker may finish its current stage.", minimum=0.0)
    retry_base_seconds: float = _float("ROP_RETRY_BASE_SECONDS", 5.0,
                                       "First retry delay after a transient failure (exponential backoff with full "
                                       "jitter).", minimum=0.0)
    retry_max_seconds: float = _float("ROP_RETRY_MAX_SECONDS", 300.0, "Longest delay between retries.", minimum=0.0)
    retry_window_seconds: float = _float("ROP_RETRY_WINDOW_SECONDS", 3600.0,
                                         "How long transient failures are retried before the call fails.",
                                         minimum=0.0)
    max_stage_attempts: int = _int("ROP_MAX_STAGE_ATTEMPTS", 5, "Attempts per stage before the call fails.",
                                   minimum=1)
    stage_timeout_seconds: float = _float("ROP_STAGE_TIMEOUT_SECONDS", 7200.0, "Longest a single stage may run.",
                                          minimum=1.0)
    asr_engine: str = _choice("ROP_ASR_ENGINE", "faster-whisper", ("faster-whisper", "openai"),
                              "Speech recognition: `faster-whisper` (embedded) or `openai` (an OpenAI-compatible "
                              "server).")
    asr_model: str = _str(
        "ROP_ASR_MODEL", "",
        "Model name or path (a directory with a CTranslate2 Whisper model, see "
        "[GPU speech node](#gpu-speech-node)).", shown="engine default")
    asr_device: str = _choice("ROP_ASR_DEVICE", "cpu", ("cpu", "cuda"),
                              "`cpu` or `cuda` (embedded engine).")
    asr_compute_type: str = _str(
        "ROP_ASR_COMPUTE_TYPE", "", "CTranslate2 compute type (`int8`, `int8_float16`, `float16`, …).",
        shown="`int8` on cpu, `float16` on cuda")
    asr_base_url: str = _str("ROP_ASR_BASE_URL", "", "URL of the OpenAI-compatible ASR server (`openai` engine).")
    asr_api_key: str = _str("ROP_ASR_API_KEY", "", "Key for that server (never logged).", secret=True)
    asr_beam_size: int = _int("ROP_ASR_BEAM_SIZE", 5, "Beam size for decoding.", minimum=1)
    asr_vocabulary: str = _choice("ROP_ASR_VOCABULARY", "hotwords", ("hotwords", "prompt", "off"),
                                  "How the organisation's vocabulary reaches the ASR: `hotwords`, `prompt` or `off`.")
    asr_vocabulary_speakers: str = _choice("ROP_ASR_VOCABULARY_SPEAKERS", "manager", ("manager", "both"),
                                           "Stereo: whose channel gets the vocabulary (the client's channel "
                                           "only mishears it).")
    asr_config_terms: bool = _bool("ROP_ASR_CONFIG_TERMS", False, "Add the quoted names of the active checklists and "
                                   "tables («Умники») to the ASR vocabulary (off: on one held-out set Whisper base "
                                   "then skipped speech).")
    asr_threads: int = _int("ROP_ASR_THREADS", 0, "CPU threads per decode stream of the embedded ASR.", minimum=0,
                            shown="`0` (cores / streams)")
    asr_streams: int = _int("ROP_ASR_STREAMS", 0, "Decodes at once per worker (stereo channels in parallel).",
                            minimum=0, shown="`0` (min(2, cores))")
    asr_batch_size: int = _int("ROP_ASR_BATCH_SIZE", 0, "Above 0: batched Whisper decoding of windows up to 30 s.",
                               minimum=0, shown="`0` (off)")
    asr_time_factor: float = _float("ROP_ASR_TIME_FACTOR", 1.0, "Wall-time budget per second of speech before an "
                                    "ASR batch is cut short.", minimum=0.05)
    analyzer: str = _choice("ROP_ANALYZER", "embedded", ("embedded", "llm"),
                            "Checklist/table analysis: `embedded` or `llm` (an OpenAI-compatible server).")
    llm_base_url: str = _str("ROP_LLM_BASE_URL", "", "URL of the OpenAI-compatible LLM server.")
    llm_model: str = _str("ROP_LLM_MODEL", "", "Model name on that server.")
    llm_api_key: str = _str("ROP_LLM_API_KEY", "", "Key for that server (never logged).", secret=True)
    llm_timeout: float = _float("ROP_LLM_TIMEOUT", 120.0, "Seconds per LLM request.", minimum=1.0)
    llm_context_tokens: int = _int("ROP_LLM_CONTEXT_TOKENS", 16384, "Context size of the model.", minimum=1024)
    llm_max_output_tokens: int = _int("ROP_LLM_MAX_OUTPUT_TOKENS", 2048, "Largest answer requested.", minimum=64)
    llm_schema_limits: bool = _bool("ROP_LLM_SCHEMA_LIMITS", True,
                                    "Put length limits into the JSON schema sent to the LLM.")
    webhook_allow_loopback: bool = _bool(
        "ROP_WEBHOOK_ALLOW_LOOPBACK", False, "Allow webhook URLs on loopback addresses (`127.0.0.0/8`, `::1`).")
    webhook_allow_private: bool = _bool(
        "ROP_WEBHOOK_ALLOW_PRIVATE", False, "Allow webhook URLs on private-network addresses (a CRM in the LAN).")
    webhook_concurrency: int = _int("ROP_WEBHOOK_CONCURRENCY", 2, "Parallel webhook deliveries per receiving host.",
                                    minimum=1)
    webhook_connect_timeout: float = _float("ROP_WEBHOOK_CONNECT_TIMEOUT", 5.0, "Webhook connect timeout, seconds.",
                                            minimum=0.1)
    webhook_read_timeout: float = _float("ROP_WEBHOOK_READ_TIMEOUT", 15.0, "Webhook answer timeout, seconds.",
                                         minimum=0.1)
    webhook_retry_base_seconds: float = _float("ROP_WEBHOOK_RETRY_BASE_SECONDS", 10.0,
                                               "First webhook retry delay (exponential backoff with full jitter).",
                                               minimum=0.0)
    webhook_retry_max_seconds: float = _float("ROP_WEBHOOK_RETRY_MAX_SECONDS", 3600.0,
                                              "Longest delay between webhook retries.", minimum=0.0)
    webhook_retry_window_seconds: float = _float("ROP_WEBHOOK_RETRY_WINDOW_SECONDS", 86400.0,
                                                 "How long a webhook is retried (24 h).", minimum=0.0)
    test_stages: str = _str("ROP_TEST_STAGES", "", "Test hook: a module under `tests.` whose stages replace the "
                            "pipeline's; leave empty in production.")

    @property
    def max_audio_bytes(self) -> int:
        return self.max_audio_mb * 1024 * 1024

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"


SETTINGS: tuple[Setting, ...] = tuple(replace(f.metadata[_META], attr=f.name) for f in fields(Config))


def markdown_table() -> str:
    """README's configuration table, generated from SETTINGS."""
    rows = ["| Variable | Default | Meaning |", "|---|---|---|"]
    rows += [f"| `{s.env}` | {s.shown_default()} | {s.description} |" for s in SETTINGS]
    return "\n".join(rows)


def _secret_key(data_dir: Path) -> str:
    """The key generated once into the data dir (first writer wins)."""
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
    values = {s.attr: s.parse(os.environ.get(s.env)) for s in SETTINGS}
    data_dir: Path = values["data_dir"]
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "tmp").mkdir(exist_ok=True)
    (data_dir / "static").mkdir(exist_ok=True)
    values["database_url"] = values["database_url"] or f"sqlite:///{data_dir / 'rop.sqlite3'}"
    if not values["database_url"].startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError("ROP_DATABASE_URL: ожидается sqlite:///PATH или postgres://USER:PASS@HOST/DB")
    values["secret_key"] = values["secret_key"] or _secret_key(data_dir)
    # Safe default: loopback names plus the names `rop serve` was asked to answer to.
    values["allowed_hosts"] = values["allowed_hosts"] or ["localhost", "127.0.0.1", "[::1]", *values["host_names"]]
    values["trusted_proxies"] = _networks(values["trusted_proxies"])
    values["store_url"] = _store_url(values["store_url"], data_dir)
    return Config(**values)


def _networks(items: list[str]) -> list[str]:
    """Trusted proxies: IP addresses or networks (10.0.0.1, 192.168.0.0/24, ::1)."""
    import ipaddress

    out = []
    for item in items:
        try:
            out.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(f"ROP_TRUSTED_PROXIES: ожидаются IP-адреса или сети, получено {item!r}") from None
    return out


def _store_url(raw: str, data_dir: Path) -> str:
    raw = raw.strip()
    if not raw:
        return f"file://{data_dir / 'audio'}"
    if raw.startswith("file://"):
        path = raw.removeprefix("file://")
        if not path.startswith("/"):
            raise ConfigError(
                f"ROP_STORE_URL: для file:// нужен абсолютный путь (file:///srv/audio), получено {raw!r}")
        return f"file://{Path(path).resolve()}"
    if raw.startswith("s3://") and raw.removeprefix("s3://").split("/")[0]:
        return raw.rstrip("/")
    raise ConfigError(f"ROP_STORE_URL: ожидается file:///ABS/PATH или s3://BUCKET/PREFIX, получено {raw!r}")


@lru_cache(maxsize=1)
def get() -> Config:
    return load()


def reset() -> None:
    """Forget the cached config (tests that change the environment)."""
    get.cache_clear()


if __name__ == "__main__":
    print(markdown_table())
