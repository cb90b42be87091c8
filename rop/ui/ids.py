"""A number out of range in a URL or a filter is "not found", never a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponseBase

# Largest primary key (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


class IdConverter:
    """`<id:pk>` in URL patterns: a positive integer that fits a database id; anything longer
    does not match the pattern, so the answer is the ordinary 404 page."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # Django treats this as "no match"
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


class OutOfRangeIdMiddleware:
    """Safety net for ids taken from query strings and forms: a number too large for the database
    (OverflowError from the driver) becomes a 404 for the UI instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if isinstance(exception, OverflowError) and not request.path.startswith("/api/"):
            raise Http404("Не найдено")
        return None
