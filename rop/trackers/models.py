"""Keyword trackers: named phrase lists matched by word form; hits keep the moment in the call."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rop.calls.models import Call
from rop.tenants.models import TenantOwned


class TrackerSpeaker(models.TextChoices):
    ANY = "any", "Любой участник"
    MANAGER = "manager", "Только менеджер"
    CLIENT = "client", "Только клиент"


class Tracker(TenantOwned, related_name="trackers"):
    name = models.CharField(max_length=100)
    phrases = models.JSONField(default=list)  # list of str, as typed
    speaker = models.CharField(max_length=8, choices=TrackerSpeaker.choices, default=TrackerSpeaker.ANY)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="tracker_org_name_uniq")]

    def __str__(self) -> str:
        return self.name


class TrackerHit(models.Model):
    """One place in a call where a tracker's phrase was said."""

    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="hits")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="tracker_hits")
    start = models.FloatField()  # seconds: the start of the segment that says it
    speaker = models.CharField(max_length=8, default="")
    phrase = models.CharField(max_length=200)
    text = models.TextField(default="")  # the segment's text

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["tracker", "call"], name="trackerhit_tracker_call"),
            models.Index(fields=["call", "start"], name="trackerhit_call_start"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} @ {self.start:.1f}"
