from __future__ import annotations

from django.db import models

from rop.calls.models import Call
from rop.core.speech import SPEAKER_LABELS, SpeakerRole


class Speaker(models.TextChoices):
    MANAGER = SpeakerRole.MANAGER.value, SPEAKER_LABELS[SpeakerRole.MANAGER]
    CLIENT = SpeakerRole.CLIENT.value, SPEAKER_LABELS[SpeakerRole.CLIENT]
    UNKNOWN = SpeakerRole.UNKNOWN.value, SPEAKER_LABELS[SpeakerRole.UNKNOWN]


class Segment(models.Model):
    """One transcript segment of a call: a speaker's stretch of speech, times in seconds."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="segments")
    start = models.FloatField()
    end = models.FloatField()
    speaker = models.CharField(max_length=8, choices=Speaker.choices, default=Speaker.UNKNOWN)
    channel = models.SmallIntegerField(null=True, blank=True)  # 0 left, 1 right, None mono
    text = models.TextField()
    avg_prob = models.FloatField(null=True, blank=True)  # mean word probability
    # [{"word", "start", "end", "prob"}, ...] in the call's timeline
    words = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["call", "start"], name="asr_segment_call_start")]

    def __str__(self) -> str:
        return f"{self.start:.2f}-{self.end:.2f} {self.speaker}: {self.text[:40]}"
