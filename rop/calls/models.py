from __future__ import annotations

from django.db import models
from django.utils import timezone

from rop.org.models import Manager
from rop.tenants.models import Organisation, TenantOwned


class CallStatus(models.TextChoices):
    QUEUED = "queued", "В очереди"
    DOWNLOADING = "downloading", "Загрузка"
    TRANSCRIBING = "transcribing", "Распознавание"
    ANALYZING = "analyzing", "Анализ"
    DONE = "done", "Готово"
    FAILED = "failed", "Ошибка"


class Stage(models.TextChoices):
    FETCH = "fetch", "Загрузка аудио"
    AUDIO = "audio", "Декодирование"
    ASR = "asr", "Распознавание речи"
    ANALYSIS = "analysis", "Анализ"
    DONE = "done", "Завершено"


class Call(TenantOwned, related_name="calls"):
    call_id = models.CharField(max_length=255)
    manager = models.ForeignKey(Manager, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    deal_id = models.CharField(max_length=255, blank=True, default="")
    deal_stage_id = models.CharField(max_length=255, blank=True, default="")
    audio_url = models.TextField(blank=True, default="")
    # Key of the audio in the audio store (direct upload or after download).
    audio_path = models.CharField(max_length=500, blank=True, default="")
    declared_duration = models.IntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)  # measured from the audio
    channels = models.IntegerField(null=True, blank=True)

    status = models.CharField(max_length=16, choices=CallStatus.choices, default=CallStatus.QUEUED)
    failure_reason = models.TextField(blank=True, default="")
    failed_stage = models.CharField(max_length=16, blank=True, default="")

    # Durable work state (the state of record for the pipeline).
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.FETCH)
    attempts = models.IntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    lease_owner = models.CharField(max_length=100, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    first_failure_at = models.DateTimeField(null=True, blank=True)
    # Unexpected errors and worker crashes in the current stage (capped by ROP_MAX_STAGE_ATTEMPTS).
    stage_errors = models.IntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "call_id"], name="call_org_call_id")]
        indexes = [
            models.Index(fields=["stage", "next_attempt_at"], name="call_due_idx"),
            # Claim scan: terminal calls have NULL here and drop out of the range.
            models.Index(fields=["next_attempt_at"], name="call_next_attempt_idx"),
            models.Index(fields=["org", "-created_at"], name="call_org_created_idx"),
            models.Index(fields=["org", "status"], name="call_org_status_idx"),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.call_id


class EventKind(models.TextChoices):
    RECEIVED = "received", "Получен"
    STARTED = "started", "Начат"
    FINISHED = "finished", "Завершён"
    RETRY = "retry", "Повтор"
    FAILED = "failed", "Ошибка"
    REANALYSE = "reanalyse", "Повторный анализ"
    DELIVERED = "delivered", "Отправлен"
    INFO = "info", "Сведения"


class CallEvent(models.Model):
    """Processing timeline: what happened to a call, when (shown in the UI)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    stage = models.CharField(max_length=16, blank=True, default="")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    message = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.stage}"


class RetentionPolicy(models.Model):
    """How long an organisation keeps call data (None: forever, the default). Run by the workers."""

    org = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="retention")
    audio_days = models.PositiveIntegerField(null=True, blank=True)  # audio deleted this long after intake
    results_days = models.PositiveIntegerField(null=True, blank=True)  # the whole call deleted after this
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.org}: audio {self.audio_days or '∞'} d, results {self.results_days or '∞'} d"
