"""Stored conversation statistics: one row per transcribed call."""

from __future__ import annotations

from django.db import models

from rop.calls.models import Call


class CallStats(models.Model):
    """Statistics of one call's conversation (rop.convstats.compute), refreshed with each transcript."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, primary_key=True, related_name="stats")
    manager_talk = models.FloatField(default=0.0)  # seconds
    client_talk = models.FloatField(default=0.0)
    manager_share = models.FloatField(null=True, blank=True)  # percent of both sides' talk; None: no speech
    manager_longest_monologue = models.FloatField(default=0.0)
    client_longest_monologue = models.FloatField(default=0.0)
    manager_interruptions = models.PositiveIntegerField(default=0)  # the manager started over the client
    client_interruptions = models.PositiveIntegerField(default=0)
    longest_silence = models.FloatField(default=0.0)
    total_silence = models.FloatField(default=0.0)
    manager_words = models.PositiveIntegerField(default=0)
    client_words = models.PositiveIntegerField(default=0)
    manager_rate = models.FloatField(null=True, blank=True)  # words per minute
    client_rate = models.FloatField(null=True, blank=True)
    manager_questions = models.PositiveIntegerField(default=0)
    client_questions = models.PositiveIntegerField(default=0)
    # {"manager": [[start, end], ...], "client": [...]}: when each side talks (the speaker timeline)
    speech = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["manager_share"], name="convstats_share"),
            models.Index(fields=["manager_interruptions"], name="convstats_interrupt"),
            models.Index(fields=["longest_silence"], name="convstats_silence"),
        ]

    def __str__(self) -> str:
        return f"stats of call {self.call_id}"

    @property
    def client_share(self) -> float | None:
        return None if self.manager_share is None else 100.0 - self.manager_share

    @property
    def longest_monologue(self) -> float:
        return max(self.manager_longest_monologue, self.client_longest_monologue)
