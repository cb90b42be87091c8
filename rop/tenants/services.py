"""Organisations, API keys (stored hashed) and the shared per-key rate limit."""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from rop.tenants.models import ApiKey, Organisation, RateCounter

KEY_PREFIX = "rop_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def get_or_create_org(name: str) -> tuple[Organisation, bool]:
    name = name.strip()
    if not name:
        raise ValueError("Название организации не может быть пустым")
    org = Organisation.objects.filter(name=name).first()
    if org:
        return org, False
    base = slugify(name, allow_unicode=False) or "org"
    slug = base
    n = 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Organisation.objects.create(name=name, slug=slug), True


def create_key(org: Organisation, name: str = "") -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    raw = KEY_PREFIX + secrets.token_urlsafe(24)
    key = ApiKey.objects.create(org=org, name=name, prefix=raw[: len(KEY_PREFIX) + 6], key_hash=hash_key(raw))
    return key, raw


def revoke_key(key: ApiKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])


def authenticate(raw: str | None) -> ApiKey | None:
    if not raw or len(raw) > 200:
        return None
    key = ApiKey.objects.select_related("org").filter(key_hash=hash_key(raw.strip())).first()
    if key is None or key.revoked_at is not None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(seconds=60):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    retry_after: int


def hit_rate_limit(key: ApiKey, limit: int, now: float | None = None) -> RateDecision:
    """Count one request against a sliding one-minute window shared by every process (in the DB).

    Sliding-window counter: the previous calendar minute's count weighs by the share of it still
    inside the last 60 s, plus this minute's count. So a burst across a minute boundary is
    limited like any other (a fixed window let 2 × limit through in a few seconds). A refused
    request is not counted, so a client that keeps retrying is not locked out longer."""
    if limit <= 0:
        return RateDecision(True, 0, 0)
    now = time.time() if now is None else now
    minute = int(now // 60)
    elapsed = now - minute * 60
    table = RateCounter._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT count FROM {table} WHERE key_id = %s AND minute = %s", [key.pk, minute - 1])
        row = cursor.fetchone()
        previous = int(row[0]) if row else 0
        cursor.execute(
            f"INSERT INTO {table} (key_id, minute, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key_id, minute) DO UPDATE SET count = {table}.count + 1 "
            f"RETURNING count",
            [key.pk, minute],
        )
        count = int(cursor.fetchone()[0])
        weighted = previous * (60 - elapsed) / 60 + count
        allowed = weighted <= limit
        if not allowed:  # refused requests do not count
            cursor.execute(f"UPDATE {table} SET count = count - 1 WHERE key_id = %s AND minute = %s",
                           [key.pk, minute])
    if random.random() < 0.01:
        RateCounter.objects.filter(minute__lt=minute - 2).delete()
    retry_after = 0 if allowed else _seconds_until_free(limit, previous, count - 1, elapsed)
    return RateDecision(allowed, count, retry_after)


def _seconds_until_free(limit: int, previous: int, current: int, elapsed: float) -> int:
    """When one more request fits: the previous minute's weight must fall far enough (or, when this
    minute alone is full, the next minute must start and this one's weight fall)."""
    if current + 1 <= limit:
        needed = 1 - (limit - 1 - current) / previous if previous else 0.0
        wait = needed * 60 - elapsed
    else:
        wait = (60 - elapsed) + 60 * max(0.0, 1 - (limit - 1) / current)
    return max(1, min(60, int(wait + 0.999)))
