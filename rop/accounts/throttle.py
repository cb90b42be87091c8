"""Login throttling: too many wrong passwords for one account, or from one client address, lock
further tries for a while (the right password included), before any password is hashed.

Counted in the database, so the limit holds across every web process. Every login, failure and
refusal is logged (never the password).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min
from django.utils import timezone

from rop import config
from rop.accounts.models import LoginFailure

log = logging.getLogger("rop.auth")

# Addresses may be shared (an office behind one NAT): they get more tries than one account.
ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class Locked:
    seconds: int

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.seconds / 60))
        return (f"Слишком много неудачных попыток входа. Попробуйте снова через {minutes} мин. "
                "или обратитесь к администратору.")


def _window() -> tuple[datetime, timedelta]:
    lockout = timedelta(minutes=config.get().login_lockout_minutes)
    return timezone.now() - lockout, lockout


def _locked_for(qs_filter: dict[str, str], limit: int) -> int:
    since, lockout = _window()
    recent = LoginFailure.objects.filter(at__gte=since, **qs_filter)
    if recent.count() < limit:
        return 0
    # Locked until the oldest failure still counted leaves the window.
    oldest = recent.aggregate(first=Min("at"))["first"]
    return max(1, int((oldest + lockout - timezone.now()).total_seconds()))


def check(username: str, address: str) -> Locked | None:
    """None when a try is allowed; otherwise how long the lock lasts."""
    limit = config.get().login_max_failures
    seconds = max(_locked_for({"username": username.strip().lower()}, limit),
                  _locked_for({"address": address}, limit * ADDRESS_FACTOR) if address else 0)
    if seconds:
        log.warning("login refused (locked): user=%s address=%s for %ss", username, address, seconds)
        return Locked(seconds)
    return None


def failed(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username.strip().lower()[:150], address=address[:64],
                                at=timezone.now())
    since, _ = _window()
    LoginFailure.objects.filter(at__lt=since - timedelta(days=1)).delete()  # keep the table small
    log.warning("login failed: user=%s address=%s", username, address)


def succeeded(username: str, address: str) -> None:
    LoginFailure.objects.filter(username=username.strip().lower()).delete()
    log.info("login: user=%s address=%s", username, address)
