from __future__ import annotations

from typing import Any

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


class _OwnerKey(models.ForeignKey[Organisation, Organisation]):
    """The owning organisation; its reverse accessor is the one the owning model class names.

    Migrations see a plain ForeignKey: this class only picks the related name per model.
    """

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        self._related_name = self.remote_field.related_name = getattr(cls, "org_related_name", "+")
        super().contribute_to_class(cls, name, *args, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


class TenantOwned(models.Model):
    """A row that belongs to one organisation and is deleted with it (the field ``org``).

    A subclass names the organisation's accessor for its rows in its class line, e.g.
    ``class Call(TenantOwned, related_name="calls")`` gives ``organisation.calls``;
    "+" means no accessor, "%(class)ss" one per concrete subclass (Django's placeholders).
    """

    org = _OwnerKey(Organisation, on_delete=models.CASCADE)
    org_related_name: str = "+"

    class Meta:
        abstract = True

    def __init_subclass__(cls, related_name: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if related_name is not None:
            cls.org_related_name = related_name


class ApiKey(TenantOwned, related_name="api_keys"):
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
