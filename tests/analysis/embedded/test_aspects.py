from typing import Any

from rop.analysis.embedded.aspects import plan_stage
from tests.analysis.embedded.helpers import NEEDS, OBJECTIONS, stage


def _keys(criterion: str, **kw: Any) -> list[str]:
    return [a.key for a in plan_stage(stage(criterion, **kw)).aspects]


def test_needs_criterion_splits_into_rooms_district_timeline() -> None:
    plan = plan_stage(stage(NEEDS))
    assert [a.key for a in plan.aspects] == ["rooms", "district", "timeline"]
    assert all(a.ask for a in plan.aspects)  # "выяснил": the manager has to ask


def test_greeting_verbs_are_aspects_of_their_own() -> None:
    assert _keys("МРК поздоровался, представился и назвал агентство") == ["greeting", "introduce", "company"]


def test_colon_list_after_a_summary_head() -> None:
    keys = _keys("МРК презентовал объект: описал планировку, расположение и цену")
    assert keys == ["layout", "location", "price"]


def test_objection_stage_is_conditional() -> None:
    assert plan_stage(stage(OBJECTIONS)).conditional_objection
    assert not plan_stage(stage(NEEDS)).conditional_objection


def test_unknown_words_become_free_aspects() -> None:
    plan = plan_stage(stage("Менеджер уточнил наличие парковки"))
    assert [a.concept for a in plan.aspects] == [None]
    assert "парковка" in plan.aspects[0].words


def test_a_bare_verb_of_asking_is_not_an_aspect() -> None:
    assert _keys("Менеджер спрашивает, как обращаться к клиенту") == ["client_name"]
