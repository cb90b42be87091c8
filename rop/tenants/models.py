from __future__ import annotations

from django.db import models
from django.utils import timezone


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    # Stereo convention: which channel holds the manager ("left" by default).
    manager_channel = models.CharField(
        max_length=5, choices=[("left", "Левый"), ("right", "Правый")], default="left"
    )
    # Domain words (company, projects, districts) handed to the ASR engine.
    vocabulary = models.TextField(blank=True, default="")
    # IANA zone for every time and day boundary in the UI and exports (API/webhooks stay UTC).
    time_zone = models.CharField(max_length=64, default="Europe/Moscow")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=200, blank=True, default="")
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.org.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class RateCounter(models.Model):
    """Requests per key per minute window, shared by every server process."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE)
    minute = models.BigIntegerField()  # unix time // 60
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "minute"], name="rate_key_minute")]

    def __str__(self) -> str:
        return f"{self.key_id} @ {self.minute}: {self.count}"
