"""Store errors (messages in Russian: they reach the UI, /healthz and call failure reasons)."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The store cannot be reached or refused the operation (may pass: retry later)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StoreMissing(StoreError):
    """The key does not exist in the store."""

    def __init__(self, key: str):
        super().__init__(f"Файл {key} не найден в хранилище аудио")
        self.key = key
