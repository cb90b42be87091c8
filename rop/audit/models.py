"""Audit log of administrative actions: who did what to which object, when (never secrets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rop.tenants.models import TenantOwned


class Action(models.TextChoices):
    KEY_CREATED = "key_created", "Создан API-ключ"
    KEY_REVOKED = "key_revoked", "Отозван API-ключ"
    USER_CREATED = "user_created", "Создан пользователь"
    USER_UPDATED = "user_updated", "Изменён пользователь"
    PASSWORD_CHANGED = "password_changed", "Изменён пароль"
    ACCESS_UPDATED = "access_updated", "Изменены настройки доступа"
    SETTINGS_UPDATED = "settings_updated", "Изменены настройки организации"
    CHECKLIST_SAVED = "checklist_saved", "Сохранён чек-лист"
    TABLE_SAVED = "table_saved", "Сохранена таблица"
    WEBHOOK_TESTED = "webhook_tested", "Отправлен тестовый вебхук"
    WEBHOOK_RESENT = "webhook_resent", "Вебхук отправлен повторно"
    REVIEW_SAVED = "review_saved", "Сохранена проверка звонка"
    CALL_DELETED = "call_deleted", "Удалён звонок"
    DATA_DELETED = "data_deleted", "Удалены данные"


class AuditEntry(TenantOwned, related_name="audit_entries"):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)  # kept when the user is deleted
    action = models.CharField(max_length=32, choices=Action.choices)
    object = models.CharField(max_length=300, blank=True)  # what it was done to, human-readable
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["org", "-at", "-id"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object}"
