"""Analysis configuration (checklists, analytic tables, versioned) and results per call.

One configuration concept (AnalysisConfig) with two kinds: Checklist (stages) and
AnalyticTable (fields). Configuration is edited through rop.analysis.services (UI, import).
Every change bumps the object's ``version`` and stores a JSON snapshot (ChecklistVersion /
TableVersion); each result references the snapshot it was computed with, so history stays
explainable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from rop.calls.models import Call
from rop.core.speech import SPEAKER_LABELS, SpeakerRole
from rop.tenants.models import TenantOwned


class StageSpeaker(models.TextChoices):
    MANAGER = SpeakerRole.MANAGER.value, SPEAKER_LABELS[SpeakerRole.MANAGER]
    CLIENT = SpeakerRole.CLIENT.value, SPEAKER_LABELS[SpeakerRole.CLIENT]
    ANY = "any", "Любой"


class FieldType(models.TextChoices):
    STRING = "string", "Строка"
    NUMBER = "number", "Число"
    ENUM = "enum", "Выбор из списка"
    DATE = "date", "Дата"


class AnalysisConfig(TenantOwned, related_name="%(class)ss"):
    """What checklists and analytic tables share: one configuration concept, two kinds.

    Applicability: ``applies_to_all`` means every call. Otherwise a call matches when its
    deal_stage_id is in ``deal_stage_ids`` (if that list is non-empty) AND its manager belongs
    to one of ``office_ids`` (CRM office ids; if that list is non-empty).
    """

    name = models.CharField(max_length=255)
    prompt = models.TextField(blank=True, default="")  # instructions for the whole checklist/table
    webhook_url = models.CharField(max_length=2048, blank=True, default="")
    webhook_secret = models.CharField(max_length=255, blank=True, default="")
    is_active = models.BooleanField(default=True)
    version = models.IntegerField(default=0)  # number of the current version snapshot
    applies_to_all = models.BooleanField(default=True)
    deal_stage_ids = models.JSONField(default=list, blank=True)
    office_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def applies(self, deal_stage_id: str, offices: set[str]) -> bool:
        """Whether a call with this deal stage, by a manager of these offices, is analysed."""
        if self.applies_to_all:
            return True
        if self.deal_stage_ids and deal_stage_id not in self.deal_stage_ids:
            return False
        return not (self.office_ids and not offices.intersection(self.office_ids))


class ConfigVersion(models.Model):
    """A JSON snapshot (the export format) of one version of a checklist/table."""

    number = models.IntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class AnalysisResult(TenantOwned, related_name="+"):
    """A call analysed with one version. Re-analysis adds a row; the newest is current."""

    engine = models.CharField(max_length=32, default="")
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # 1 = the automatic result; +1 per person's review or re-analysis (sent to the CRM as `revision`)
    revision = models.PositiveIntegerField(default=1)
    reviewed = models.BooleanField(default=False)  # a person changed a verdict or a value in it

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class Checklist(AnalysisConfig):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="checklist_org_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistStage(TenantOwned, related_name="+"):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="stages")
    stage_id = models.CharField(max_length=64)  # e.g. URC_S_1755863272, unique per org
    position = models.IntegerField(default=0)
    name = models.CharField(max_length=500)
    criterion = models.TextField(blank=True, default="")
    hints = models.JSONField(default=list, blank=True)  # key phrases / aspects (list of str)
    weight = models.PositiveIntegerField(default=1)
    speaker = models.CharField(max_length=8, choices=StageSpeaker.choices, default=StageSpeaker.MANAGER)
    # the head of sales' corrections of the compiled criterion (rop.analysis.embedded.Correction dicts)
    corrections = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "stage_id"], name="stage_org_stage_id")]
        ordering = ["checklist", "position", "id"]

    def __str__(self) -> str:
        return f"{self.stage_id} {self.name}"


class ChecklistVersion(ConfigVersion):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="versions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checklist", "number"], name="checklist_version_number")]
        ordering = ["checklist", "-number"]

    def __str__(self) -> str:
        return f"{self.checklist.name} v{self.number}"


class AnalyticTable(AnalysisConfig):
    table_id = models.CharField(max_length=64)  # e.g. TBL_1755863365, unique per org

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "table_id"], name="table_org_table_id")]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.table_id} {self.name}"


class TableField(models.Model):
    table = models.ForeignKey(AnalyticTable, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(max_length=100)  # key in extracted_data / call-ready data
    label = models.CharField(max_length=200, blank=True, default="")  # display name in the UI and exports
    position = models.IntegerField(default=0)
    description = models.TextField(blank=True, default="")  # what to extract (prompt)
    type = models.CharField(max_length=8, choices=FieldType.choices, default=FieldType.STRING)
    options = models.JSONField(default=list, blank=True)  # enum options (list of str)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="table_field_key")]
        ordering = ["table", "position", "id"]

    def __str__(self) -> str:
        return self.key


class TableVersion(ConfigVersion):
    table = models.ForeignKey(AnalyticTable, on_delete=models.CASCADE, related_name="versions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "number"], name="table_version_number")]
        ordering = ["table", "-number"]

    def __str__(self) -> str:
        return f"{self.table.name} v{self.number}"


class ChecklistResult(AnalysisResult):
    """A call scored against one checklist version."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="checklist_results")
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="results")
    version = models.ForeignKey(ChecklistVersion, on_delete=models.RESTRICT, related_name="results")
    total_score = models.IntegerField()
    max_score = models.IntegerField()
    completion_percentage = models.IntegerField()
    # list[rop.delivery.payloads.StageRow]: stage_id, stage_name, score, percentage, status,
    # comment, quote (+ extension keys weight, quote_start, quote_speaker).
    stages = models.JSONField(default=list)

    class Meta(AnalysisResult.Meta):
        indexes = [
            models.Index(fields=["call", "is_current"], name="clres_call_current_idx"),
            models.Index(fields=["checklist", "-created_at"], name="clres_checklist_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.checklist.name}: {self.call.call_id}"


class TableResult(AnalysisResult):
    """Fields extracted from a call for one table version."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="table_results")
    table = models.ForeignKey(AnalyticTable, on_delete=models.CASCADE, related_name="results")
    version = models.ForeignKey(TableVersion, on_delete=models.RESTRICT, related_name="results")
    data = models.JSONField(default=dict)  # key -> value (str | number | None): extracted_data
    details = models.JSONField(default=dict)  # key -> rop.delivery.payloads.FieldDetail
    processing_seconds = models.FloatField(default=0.0)

    class Meta(AnalysisResult.Meta):
        indexes = [
            models.Index(fields=["call", "is_current"], name="tblres_call_current_idx"),
            models.Index(fields=["table", "-created_at"], name="tblres_table_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.table.name}: {self.call.call_id}"


class ReanalysisRequest(models.Model):
    """"Analyse again" asked for a call (UI button): the next analysis run recomputes every
    applicable checklist/table with the current versions even if results exist."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reanalysis_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.CharField(max_length=200, blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Повторный анализ: {self.call.call_id}"


class ReviewKind(models.TextChoices):
    STAGE = "stage", "Этап чек-листа"
    FIELD = "field", "Поле таблицы"


class Review(TenantOwned, related_name="+"):
    """A person's verdict on one stage (or value of one field) of a call, with the evaluator's original.

    The reviewed values live in the result row it produced (``result_revision``); these rows keep
    who, when and why, and become the organisation's labelled examples (rop.analysis.reviews).
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=8, choices=ReviewKind.choices)
    checklist = models.ForeignKey(Checklist, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="reviews")
    table = models.ForeignKey(AnalyticTable, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="reviews")
    item = models.CharField(max_length=100)  # stage_id / field key
    original = models.JSONField(null=True, blank=True)  # the evaluator's status / value
    value = models.JSONField(null=True, blank=True)  # the reviewer's status / value
    comment = models.TextField(blank=True, default="")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reviewer_name = models.CharField(max_length=150, blank=True, default="")  # kept when the user is deleted
    result_revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["org", "kind", "item", "-created_at"], name="review_item_idx"),
            models.Index(fields=["call", "-created_at"], name="review_call_idx"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.item}: {self.original!r} -> {self.value!r}"


class StageOutcome(TenantOwned, related_name="+"):
    """One stage verdict of a call's *current* checklist result, a row per stage (for dashboards).

    Filled by ``rop.analysis.outcomes.set_stage_verdicts`` whenever a result is saved (analysis,
    re-analysis, a person's review), so dashboards count verdicts in SQL instead of reading JSON."""

    result = models.ForeignKey(ChecklistResult, on_delete=models.CASCADE, related_name="stage_outcomes")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stage_outcomes")
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="+")
    stage_id = models.CharField(max_length=64)
    stage_name = models.CharField(max_length=500, default="")
    position = models.IntegerField(default=0)
    status = models.CharField(max_length=16)  # completed / failed / not_applicable
    weight = models.IntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["checklist", "stage_id", "status"], name="stage_outcome_stage_idx"),
            models.Index(fields=["call", "checklist"], name="stage_outcome_call_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.stage_id}: {self.status}"
