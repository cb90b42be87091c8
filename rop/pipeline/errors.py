"""Errors a pipeline stage raises. Messages are Russian: users see them as the failure reason."""

from __future__ import annotations

from rop.net.transport import HttpError


class StageError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransientError(StageError):
    """Trying again later may succeed (timeouts, 5xx, refused connections)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(StageError):
    """Retrying cannot help: the call ends as failed with this reason."""


def stage_error(exc: HttpError, message: str | None = None) -> StageError:
    """The stage outcome of a transport failure, as rop.net.transport classified it."""
    text = exc.message if message is None else message
    if exc.transient:
        return TransientError(text, retry_after=exc.retry_after)
    return PermanentError(text)
