"""Analysis configuration (checklists, analytic tables, versioned) and results per call.

Configuration is edited through rop.analysis.services (UI, import). Every change bumps the
object's ``version`` and stores a JSON snapshot (ChecklistVersion / TableVersion); each
result references the snapshot it was computed with, so history stays explainable.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rop.calls.models import Call
from rop.tenants.models import Organisation


class StageSpeaker(models.TextChoices):
    MANAGER = "manager", "Менеджер"
    CLIENT = "client", "Клиент"
    ANY = "any", "Любой"


class FieldType(models.TextChoices):
    STRING = "string", "Строка"
    NUMBER = "number", "Число"
    ENUM = "enum", "Выбор из списка"
    DATE = "date", "Дата"


class Applicability(models.Model):
    """Which calls a checklist/table applies to.

    ``applies_to_all``: every call. Otherwise a call matches when its deal_stage_id is in
    ``deal_stage_ids`` (if that list is non-empty) AND its manager belongs to one of
    ``office_ids`` (CRM office ids; if that list is non-empty).
    """

    applies_to_all = models.BooleanField(default=True)
    deal_stage_ids = models.JSONField(default=list, blank=True)
    office_ids = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class Checklist(Applicability):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="checklists")
    name = models.CharField(max_length=255)
    prompt = models.TextField(blank=True, default="")  # instructions for the whole checklist
    webhook_url = models.CharField(max_length=2048, blank=True, default="")
    webhook_secret = models.CharField(max_length=255, blank=True, default="")
    is_active = models.BooleanField(default=True)
    version = models.IntegerField(default=0)  # number of the current ChecklistVersion
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="checklist_org_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistStage(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="stages")
    stage_id = models.CharField(max_length=64)  # e.g. URC_S_1755863272, unique per org
    position = models.IntegerField(default=0)
    name = models.CharField(max_length=500)
    criterion = models.TextField(blank=True, default="")
    hints = models.JSONField(default=list, blank=True)  # key phrases / aspects (list of str)
    weight = models.PositiveIntegerField(default=1)
    speaker = models.CharField(max_length=8, choices=StageSpeaker.choices, default=StageSpeaker.MANAGER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "stage_id"], name="stage_org_stage_id")]
        ordering = ["checklist", "position", "id"]

    def __str__(self) -> str:
        return f"{self.stage_id} {self.name}"


class ChecklistVersion(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="versions")
    number = models.IntegerField()
    snapshot = models.JSONField()  # the export format (services.checklist_to_dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checklist", "number"], name="checklist_version_number")]
        ordering = ["checklist", "-number"]


class AnalyticTable(Applicability):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="analytic_tables")
    table_id = models.CharField(max_length=64)  # e.g. TBL_1755863365, unique per org
    name = models.CharField(max_length=255)
    prompt = models.TextField(blank=True, default="")
    webhook_url = models.CharField(max_length=2048, blank=True, default="")
    webhook_secret = models.CharField(max_length=255, blank=True, default="")
    is_active = models.BooleanField(default=True)
    version = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "table_id"], name="table_org_table_id")]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.table_id} {self.name}"


class TableField(models.Model):
    table = models.ForeignKey(AnalyticTable, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(max_length=100)  # key in extracted_data / call-ready data
    position = models.IntegerField(default=0)
    description = models.TextField(blank=True, default="")  # what to extract (prompt)
    type = models.CharField(max_length=8, choices=FieldType.choices, default=FieldType.STRING)
    options = models.JSONField(default=list, blank=True)  # enum options (list of str)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="table_field_key")]
        ordering = ["table", "position", "id"]

    def __str__(self) -> str:
        return self.key


class TableVersion(models.Model):
    table = models.ForeignKey(AnalyticTable, on_delete=models.CASCADE, related_name="versions")
    number = models.IntegerField()
    snapshot = models.JSONField()  # the export format (services.table_to_dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "number"], name="table_version_number")]
        ordering = ["table", "-number"]


class ChecklistResult(models.Model):
    """A call scored against one checklist version. Re-analysis adds a row; the newest is current."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="checklist_results")
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="results")
    version = models.ForeignKey(ChecklistVersion, on_delete=models.RESTRICT, related_name="results")
    engine = models.CharField(max_length=32, default="")
    total_score = models.IntegerField()
    max_score = models.IntegerField()
    completion_percentage = models.IntegerField()
    # Payload-shaped stage dicts: stage_id, stage_name, score, percentage, status, comment,
    # quote (+ extension keys weight, quote_start, quote_speaker).
    stages = models.JSONField(default=list)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["call", "is_current"], name="clres_call_current_idx"),
            models.Index(fields=["checklist", "-created_at"], name="clres_checklist_idx"),
        ]
        ordering = ["-created_at", "-id"]


class TableResult(models.Model):
    """Fields extracted from a call for one table version. Re-analysis adds a row."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="table_results")
    table = models.ForeignKey(AnalyticTable, on_delete=models.CASCADE, related_name="results")
    version = models.ForeignKey(TableVersion, on_delete=models.RESTRICT, related_name="results")
    engine = models.CharField(max_length=32, default="")
    data = models.JSONField(default=dict)  # key -> value (str | number | None): extracted_data
    # key -> {"confidence": int, "quote": str, "quote_start": float|None}
    details = models.JSONField(default=dict)
    processing_seconds = models.FloatField(default=0.0)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["call", "is_current"], name="tblres_call_current_idx"),
            models.Index(fields=["table", "-created_at"], name="tblres_table_idx"),
        ]
        ordering = ["-created_at", "-id"]


class ReanalysisRequest(models.Model):
    """"Analyse again" asked for a call (UI button): the next analysis run recomputes every
    applicable checklist/table with the current versions even if results exist."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reanalysis_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.CharField(max_length=200, blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
