"""The analysis stage hands the embedded evaluator what the organisation taught it: reviewed verdicts
(labelled examples) and the head of sales' corrections saved with the checklist version."""

from __future__ import annotations

from typing import Any

import pytest

from rop.accounts.models import Role
from rop.accounts.permissions import access_for
from rop.accounts.services import create_user
from rop.analysis import reviews
from rop.analysis.embedded import EmbeddedEvaluator, compile_spec
from rop.analysis.services import CHECKLISTS
from rop.analysis.stage import analyse
from rop.analysis.transcript import load_transcript
from rop.analysis.types import StageSpec
from rop.calls.models import Call
from rop.tenants.models import Organisation
from tests.analysis.factories import make_call

pytestmark = pytest.mark.django_db

TOPICS = ("кондиционером", "магнитолой", "фарами", "тормозами", "дворниками", "стеклоподъёмником")


def _support(warm: bool, topic: str) -> list[tuple[float, float, str, str]]:
    reply = (f"Понимаю вас, это действительно неприятно, давайте вместе разберёмся с {topic}." if warm
             else f"Ну, {topic} это не к нам, такие правила.")
    turns = [("manager", "Автосалон «Север», добрый день."),
             ("client", f"Здравствуйте, у меня проблема с {topic} после покупки автомобиля."),
             ("manager", reply), ("client", "Хорошо."),
             ("manager", "Запишу вас в сервис на четверг, стоимость диагностики нулевая.")]
    return [(i * 4.0, i * 4.0 + 3.5, sp, text) for i, (sp, text) in enumerate(turns)]


def _stage_status(call: Call, ev: EmbeddedEvaluator) -> Any:
    [result], _ = analyse(call, load_transcript(call), force=True, evaluator=ev)
    return result.stages[0]


@pytest.fixture
def rop_access(org: Organisation, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return access_for(create_user(org, "rop-user", "correct-horse-42", Role.ROP))


def test_reviewed_examples_change_the_next_verdict_on_a_similar_call(org: Organisation, rop_access: Any) -> None:
    checklist = CHECKLISTS.create(org, {"name": "Сервис", "stages": [
        {"id": "EMP", "name": "Эмпатия", "criterion": "Менеджер проявил эмпатию"}]})
    ev = EmbeddedEvaluator()
    first = make_call(org, "warm-0", rows=_support(True, "подогревом сидений"))
    assert _stage_status(first, ev)["status"] == "failed"  # the rules see no «эмпатия»
    for i, topic in enumerate(TOPICS):
        call = make_call(org, f"rev-{i}", rows=_support(i % 2 == 0, topic))
        analyse(call, load_transcript(call), evaluator=ev)
        reviews.review_stage(rop_access, call.pk, checklist.pk, "EMP", "completed" if i % 2 == 0 else "failed")

    warm = make_call(org, "warm-1", rows=_support(True, "подогревом сидений"))
    stage = _stage_status(warm, ev)
    assert stage["status"] == "completed" and "похожим проверенным звонкам" in stage["comment"]
    cold = make_call(org, "cold-1", rows=_support(False, "подогревом сидений"))
    assert _stage_status(cold, ev)["status"] == "failed"


B2B = [(0.0, 3.5, "manager", "Компания «Облако-Софт», Игорь, добрый день. Вы оставляли заявку на внедрение CRM."),
       (4.0, 7.5, "client", "Да, здравствуйте, интересует тариф для отдела продаж."),
       (8.0, 11.5, "manager", "А в какой программе вы сейчас ведёте клиентов?"),
       (12.0, 15.5, "client", "В экселе, таблицы."),
       (16.0, 19.5, "manager", "Отлично, подготовлю коммерческое предложение по тарифу.")]


def test_corrections_saved_with_the_checklist_version_are_used_by_the_evaluator(org: Organisation) -> None:
    # (the decision maker is known to the lexicon now: an element it does not know takes its place)
    data: dict[str, Any] = {"name": "B2B", "stages": [{"id": "LPR", "name": "Квалификация",
                                                       "criterion": "Менеджер выяснил учётную систему клиента"}]}
    checklist = CHECKLISTS.create(org, data)
    call = make_call(org, "b2b-1", rows=B2B)
    ev = EmbeddedEvaluator()
    assert _stage_status(call, ev)["status"] == "failed"
    key = compile_spec(StageSpec("LPR", "Квалификация", "Менеджер выяснил учётную систему клиента")).elements[0].key
    fix = {"op": "add_phrase", "element": key, "phrase": "в какой программе работаете с клиентами"}
    data["stages"][0]["corrections"] = [fix]
    CHECKLISTS.update(checklist, data)
    checklist.refresh_from_db()
    assert checklist.version == 2
    assert checklist.versions.get(number=2).snapshot["stages"][0]["corrections"] == [fix]
    stage = _stage_status(call, ev)
    assert stage["status"] == "completed", stage["comment"]
    assert "в какой программе вы сейчас ведёте клиентов" in stage["quote"]
