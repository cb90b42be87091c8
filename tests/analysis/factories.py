"""Test setup helpers: configuration through the real services, calls and transcript segments
inserted directly (the ASR stage's output, as test setup)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from rop.analysis.models import AnalyticTable, Checklist
from rop.analysis.services import CHECKLISTS, TABLES
from rop.analysis.types import ChecklistSpec, Speaker, StageVerdict, TableResult, TableSpec, Utterance
from rop.asr.models import Segment
from rop.calls.models import Call, CallStatus, Stage
from rop.org.services import ensure_manager

TRANSCRIPT: list[tuple[float, float, str, str]] = [
    (0.0, 4.0, "manager", "Здравствуйте, меня зовут Анна, компания «Северный город»."),
    (4.0, 8.0, "client", "Добрый день, я по поводу квартиры."),
    (8.0, 14.0, "manager", "Какое количество комнат вас интересует и в каком районе?"),
    (14.0, 20.0, "client", "Двухкомнатная, в Приморском районе, бюджет около семи миллионов."),
    (20.0, 26.0, "manager", "Отлично, давайте я отправлю вам расчёт на почту."),
]


def utterances(rows: list[tuple[float, float, str, str]] = TRANSCRIPT) -> list[Utterance]:
    return [Utterance(s, e, cast(Speaker, sp), t) for s, e, sp, t in rows]


CHECKLIST: dict[str, Any] = {
    "name": "Чек-лист (тест 001)",
    "webhook_url": "",
    "stages": [
        {"id": "URC_S_1755863272", "name": "МРК выяснил все критерии поиска клиента",
         "criterion": "Спросил количество комнат, район, сроки", "hints": ["количество комнат"], "weight": 1},
        {"id": "URC_S_1755863663", "name": "МРК выяснил финансовую ситуацию клиента",
         "criterion": "Уточнил бюджет, ипотеку, первоначальный взнос", "hints": ["ипотек"], "weight": 1},
    ],
}

TABLE: dict[str, Any] = {
    "id": "TBL_1755863365",
    "name": "Анализ конверсии",
    "webhook_url": "",
    "fields": [
        {"key": "object_type", "description": "Тип объекта", "type": "enum", "options": ["квартира", "дом"]},
        {"key": "client_name", "description": "Имя клиента"},
    ],
}


def make_checklist(org: Any, webhook_url: str = "", secret: str = "", **over: Any) -> Checklist:
    data = {**CHECKLIST, "webhook_url": webhook_url, **over}
    if secret:
        data["webhook_secret"] = secret
    return CHECKLISTS.create(org, data)


def make_table(org: Any, webhook_url: str = "", secret: str = "", **over: Any) -> AnalyticTable:
    data = {**TABLE, "webhook_url": webhook_url, **over}
    if secret:
        data["webhook_secret"] = secret
    return TABLES.create(org, data)


def make_call(org: Any, call_id: str = "call_789456", manager_id: str = "12345", deal_stage_id: str = "",
              rows: list[tuple[float, float, str, str]] | None = TRANSCRIPT, **fields: Any) -> Call:
    call = Call.objects.create(
        org=org,
        call_id=call_id,
        manager=ensure_manager(org, manager_id),
        deal_stage_id=deal_stage_id,
        status=fields.pop("status", CallStatus.ANALYZING),
        stage=fields.pop("stage", Stage.ANALYSIS),
        **fields,
    )
    for s, e, sp, t in rows or []:
        Segment.objects.create(call=call, start=s, end=e, speaker=sp, text=t)
    return call


@dataclass
class ScriptedEvaluator:
    """An Evaluator test double returning the verdicts a test needs (to exercise quote
    verification, scoring and storage independently of any engine's judgement)."""

    verdicts: dict[str, StageVerdict] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    name: str = "scripted"
    calls: int = 0

    def evaluate_checklist(self, transcript: list[Utterance], checklist: ChecklistSpec) -> list[StageVerdict]:
        self.calls += 1
        return [
            self.verdicts.get(s.stage_id) or StageVerdict(s.stage_id, "failed", 50, "нет")
            for s in checklist.stages
        ]

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableResult:
        from rop.analysis.types import FieldValue

        self.calls += 1
        out = TableResult(table.table_id)
        for f in table.fields:
            v = self.values.get(f.key)
            out.values[f.key] = v if isinstance(v, FieldValue) else FieldValue(f.key, v, 80 if v else 0)
        return out
