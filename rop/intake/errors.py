"""Why the intake refuses a call. Mapped to HTTP statuses by rop.api only."""

from __future__ import annotations

from rop.audio.limits import MSG_NOT_AUDIO
from rop.core.errors import Conflict, InvalidInput, Unavailable

MSG_DUPLICATE = "Звонок с данным call_id уже обработан"


class InvalidField(InvalidInput):
    """A field is missing, of the wrong type, too long or carries forbidden characters."""


class NotAudio(InvalidInput):
    def __init__(self, message: str = MSG_NOT_AUDIO) -> None:
        super().__init__(message)


class AudioTooLarge(InvalidInput):
    """The recording is over the size or duration limit."""


class SourceForbidden(InvalidInput):
    """audio_url points where the server may not fetch from."""


class StoreUnavailable(Unavailable):
    def __init__(self, message: str = "Хранилище аудио временно недоступно, повторите запрос позже") -> None:
        super().__init__(message)


class DuplicateCall(Conflict):
    def __init__(self, message: str = MSG_DUPLICATE) -> None:
        super().__init__(message)
