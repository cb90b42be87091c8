"""Long UI operations (exports, bulk jobs) run by pipeline workers, with progress the page polls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from rop.tenants.models import TenantOwned


class JobStatus(models.TextChoices):
    PENDING = "pending", "В очереди"
    RUNNING = "running", "Выполняется"
    DONE = "done", "Готово"
    FAILED = "failed", "Ошибка"


class Job(TenantOwned, related_name="ui_jobs"):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ui_jobs")
    kind = models.CharField(max_length=16)  # export, reanalyse, trackers
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    message = models.TextField(blank=True, default="")
    result_name = models.CharField(max_length=255, blank=True, default="")  # file under exports dir
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # durable run by a pipeline worker (rop.ui.jobs): lease like calls have
    lease_owner = models.CharField(max_length=100, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.IntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="ui_job_due")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def waiting_long(self) -> bool:
        """Queued for over a minute: no pipeline worker seems to be running."""
        return self.status == JobStatus.PENDING and (timezone.now() - self.created_at).total_seconds() > 60

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
