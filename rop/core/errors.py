"""Domain errors: what a service refuses, in Russian, without any notion of HTTP.

Services raise subclasses of these; only the HTTP layers (rop.api, rop.ui views) turn them
into status codes. The category says what kind of refusal it is, the message what to tell.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a Russian message meant for the person or system that asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """The request's data is wrong; asking again with the same data fails again."""


class Conflict(DomainError):
    """The request contradicts what is already stored (a duplicate, for instance)."""


class NotFound(DomainError):
    """The thing asked for does not exist (for this organisation)."""


class Unavailable(DomainError):
    """Something the service needs (the audio store) is down for now; the same request may
    succeed later."""
