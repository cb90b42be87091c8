"""ASR engines behind one interface; `get_engine()` picks the configured one."""

from __future__ import annotations

from rop.asr.engines.base import Engine, RawSegment, Word

__all__ = ["Engine", "RawSegment", "Word", "get_engine"]

_engine: Engine | None = None
_engine_key: tuple[str, ...] | None = None


def get_engine() -> Engine:
    """The configured engine, created once per process (the Whisper model loads once)."""
    global _engine, _engine_key
    from rop import config

    cfg = config.get()
    key = (cfg.asr_engine, cfg.asr_model, cfg.asr_base_url, cfg.asr_device, cfg.asr_compute_type)
    if _engine is None or _engine_key != key:
        if cfg.asr_engine == "openai":
            from rop.asr.engines.openai import OpenAIEngine

            _engine = OpenAIEngine.from_config(cfg)
        else:
            from rop.asr.engines.whisper import WhisperEngine

            _engine = WhisperEngine.from_config(cfg)
        _engine_key = key
    return _engine
