"""What an accepted recording must be, in the words shown to clients and in call events."""

from __future__ import annotations

from rop import config

MSG_NOT_AUDIO = "Файл не является аудио"


def msg_too_large() -> str:
    return f"Размер файла превышает {config.get().max_audio_bytes // (1024 * 1024)} МБ"


def msg_too_long() -> str:
    return f"Длительность звонка превышает максимальную ({config.get().max_audio_seconds} секунд)"
