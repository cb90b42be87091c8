from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from rop.calls.models import Call
from rop.core.morph import lemma_text
from rop.core.speech import SPEAKER_LABELS, SpeakerRole


class Speaker(models.TextChoices):
    MANAGER = SpeakerRole.MANAGER.value, SPEAKER_LABELS[SpeakerRole.MANAGER]
    CLIENT = SpeakerRole.CLIENT.value, SPEAKER_LABELS[SpeakerRole.CLIENT]
    UNKNOWN = SpeakerRole.UNKNOWN.value, SPEAKER_LABELS[SpeakerRole.UNKNOWN]


class SegmentQuerySet(models.QuerySet["Segment"]):
    def bulk_create(self, objs: Iterable[Segment], *args: Any, **kwargs: Any) -> list[Segment]:
        rows = list(objs)
        for row in rows:  # the search index reads lemmas: every way of writing a segment fills them
            row.lemmas = lemma_text(row.text)
        return super().bulk_create(rows, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        if isinstance(kwargs.get("text"), str):
            kwargs["lemmas"] = lemma_text(kwargs["text"])
        return super().update(**kwargs)


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
    lemmas = models.TextField(blank=True, default="")  # rop.core.morph.lemma_text(text): the search index

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["call", "start"], name="asr_segment_call_start")]

    def __str__(self) -> str:
        return f"{self.start:.2f}-{self.end:.2f} {self.speaker}: {self.text[:40]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.lemmas = lemma_text(self.text)
        super().save(*args, **kwargs)
