"""Building a small tenant with offices, managers, users of every role and processed calls.

The pipeline's results are written directly to the DB here (the UI tests are about the UI);
the pipeline's own tests cover producing them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from rop.accounts.models import Role
from rop.accounts.services import access_settings, create_user
from rop.analysis import services as an
from rop.analysis.models import Checklist, ChecklistResult, ChecklistVersion
from rop.asr.models import Segment
from rop.calls.models import Call, CallEvent, CallStatus, Stage
from rop.org.models import Manager
from rop.org.services import ManagerIn, OfficeIn, update_managers, update_offices
from rop.store import get_store
from rop.tenants.models import Organisation
from rop.tenants.services import get_or_create_org

PASSWORD = "correct-horse-42"


@dataclass
class Tenant:
    org: Organisation
    checklist: Checklist
    users: dict[str, User] = field(default_factory=dict)
    managers: dict[str, Manager] = field(default_factory=dict)
    calls: dict[str, Call] = field(default_factory=dict)


CHECKLIST = {
    "name": "Продажа квартиры",
    "prompt": "Оцени звонок менеджера отдела продаж",
    "stages": [
        {"id": "URC_S_1", "name": "МРК выяснил критерии поиска", "criterion": "Спросил про комнаты и район",
         "hints": ["комнат", "район"], "weight": 1},
        {"id": "URC_S_2", "name": "МРК выяснил бюджет", "criterion": "Спросил про бюджет или ипотеку",
         "hints": ["бюджет"], "weight": 1},
    ],
}


def make_checklist(org: Organisation) -> Checklist:
    return an.CHECKLISTS.create(org, CHECKLIST)


def add_result(
    call: Call, checklist: Checklist, passed: list[bool], quote_start: float = 2.0
) -> ChecklistResult:
    version = ChecklistVersion.objects.get(checklist=checklist, number=checklist.version)
    stages = []
    total = 0
    for st, ok in zip(checklist.stages.order_by("position"), passed, strict=False):
        total += 1 if ok else -1
        stages.append({"stage_id": st.stage_id, "stage_name": st.name, "score": 1 if ok else -1,
                       "percentage": 90 if ok else 10, "status": "completed" if ok else "failed",
                       "comment": "Менеджер спросил про район" if ok else "Не выяснено",
                       "quote": "Какой район вас интересует?" if ok else "", "weight": 1,
                       "quote_start": quote_start if ok else None, "quote_speaker": "manager"})
    max_score = len(stages)
    return ChecklistResult.objects.create(
        org=call.org, call=call, checklist=checklist, version=version, engine="test", total_score=total,
        max_score=max_score, completion_percentage=max(0, round(100 * total / max_score)), stages=stages)


def add_call(
    org: Organisation,
    call_id: str,
    manager: Manager | None,
    *,
    created_at: datetime | None = None,
    status: str = CallStatus.DONE,
    audio: Path | None = None,
    segments: list[tuple[float, float, str, str]] | None = None,
) -> Call:
    call = Call.objects.create(org=org, call_id=call_id, manager=manager, status=status,
                               stage=Stage.DONE if status == CallStatus.DONE else Stage.FETCH,
                               next_attempt_at=None, created_at=created_at or timezone.now(), duration=12.0)
    if audio is not None:
        key = f"{org.pk}/{call_id}{audio.suffix}"
        copy = audio.with_name(f"{audio.name}.{call_id}.copy")
        shutil.copyfile(audio, copy)
        get_store().put_file(copy, key)  # the store takes the file over
        call.audio_path = key
        call.save(update_fields=["audio_path"])
    for start, end, speaker, text in segments or []:
        Segment.objects.create(call=call, start=start, end=end, speaker=speaker, text=text)
    CallEvent.objects.create(call=call, stage="fetch", kind="received", message="Звонок получен")
    if status == CallStatus.FAILED:
        call.failure_reason = "Файл не является аудио"
        call.failed_stage = "audio"
        call.save(update_fields=["failure_reason", "failed_stage"])
        CallEvent.objects.create(call=call, stage="audio", kind="failed", message="Файл не является аудио")
    return call


SEGMENTS = [
    (0.0, 1.8, "manager", "Здравствуйте, компания Дом, меня зовут Иван."),
    (2.0, 4.0, "manager", "Какой район вас интересует?"),
    (4.2, 6.0, "client", "Меня интересует Приморский район, двухкомнатная квартира."),
]


def make_tenant(name: str, *, audio: Path | None = None, managers_see_own: bool = True) -> Tenant:
    org, _ = get_or_create_org(name)
    t = Tenant(org, make_checklist(org))
    update_managers(org, [ManagerIn("lead1", "Ольга", "Руководова", ""),
                          ManagerIn("m1", "Иван", "Иванов", "Иванович"),
                          ManagerIn("m2", "Мария", "Петрова", "Сергеевна"),
                          ManagerIn("m3", "Пётр", "Сидоров", "")])
    update_offices(org, [OfficeIn("office_1", "Офис Центр", ["lead1"], ["m1", "m2"]),
                         OfficeIn("office_2", "Офис Север", [], ["m3"])])
    t.managers = {m.manager_id: m for m in Manager.objects.filter(org=org)}
    access_settings(org).__class__.objects.filter(org=org).update(managers_see_own_calls=managers_see_own)
    slug = org.slug
    t.users["admin"] = create_user(org, f"{slug}-admin", PASSWORD, Role.ADMIN)
    t.users["rop"] = create_user(org, f"{slug}-rop", PASSWORD, Role.ROP)
    t.users["leader"] = create_user(org, f"{slug}-leader", PASSWORD, Role.LEADER, manager=t.managers["lead1"])
    t.users["manager"] = create_user(org, f"{slug}-manager", PASSWORD, Role.MANAGER, manager=t.managers["m1"])
    now = timezone.now()
    t.calls["m1"] = add_call(org, f"{slug}-call-m1", t.managers["m1"], created_at=now - timedelta(minutes=3),
                             audio=audio, segments=SEGMENTS)
    t.calls["m2"] = add_call(org, f"{slug}-call-m2", t.managers["m2"], created_at=now - timedelta(minutes=2),
                             segments=[(0.0, 2.0, "manager", "Добрый день, какой у вас бюджет?")])
    t.calls["m3"] = add_call(org, f"{slug}-call-m3", t.managers["m3"], created_at=now - timedelta(minutes=1),
                             status=CallStatus.FAILED)
    add_result(t.calls["m1"], t.checklist, [True, False])
    add_result(t.calls["m2"], t.checklist, [True, True])
    return t


def login(client: Any, user: User) -> None:
    client.force_login(user)
