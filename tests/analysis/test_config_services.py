"""Checklists and tables: create/update through services, versions, ids, applicability."""

from __future__ import annotations

import re

import pytest

from rop.analysis.models import ChecklistStage, ChecklistVersion, TableVersion
from rop.analysis.services import CHECKLISTS, TABLES
from rop.analysis.validation import ConfigInvalid
from rop.org.services import OfficeIn, update_offices
from rop.tenants.models import Organisation
from tests.analysis.factories import CHECKLIST, make_call, make_checklist, make_table

pytestmark = pytest.mark.django_db


def test_every_change_creates_a_version_snapshot(org: Organisation) -> None:
    c = make_checklist(org)
    assert c.version == 1
    data = CHECKLISTS.to_dict(c)
    data["stages"][0]["weight"] = 3
    c = CHECKLISTS.update(c, data)
    assert c.version == 2
    versions = list(ChecklistVersion.objects.filter(checklist=c).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["stages"][0]["weight"] == 1
    assert versions[1].snapshot["stages"][0]["weight"] == 3


def test_generated_stage_ids_follow_the_document_and_are_unique_per_org(org: Organisation) -> None:
    c = CHECKLISTS.create(org, {"name": "A", "stages": [{"name": "x"}, {"name": "y"}, {"name": "z"}]})
    ids = [s.stage_id for s in c.stages.all()]
    assert all(re.fullmatch(r"URC_S_\d{10}(_\d+)?", i) for i in ids), ids
    assert len(set(ids)) == 3
    c2 = CHECKLISTS.create(org, {"name": "B", "stages": [{"name": "x"}]})
    assert c2.stages.get().stage_id not in ids


def test_given_stage_id_used_by_another_checklist_is_rejected(org: Organisation) -> None:
    make_checklist(org)
    with pytest.raises(ConfigInvalid) as exc:
        CHECKLISTS.create(org, {**CHECKLIST, "name": "Другой"})
    assert "URC_S_1755863272" in exc.value.message
    assert ChecklistStage.objects.filter(org=org).count() == 2


def test_generated_table_id_follows_the_document(org: Organisation) -> None:
    t = TABLES.create(org, {"name": "T", "fields": [{"name": "a", "description": "b"}]})
    assert re.fullmatch(r"TBL_\d{10}(_\d+)?", t.table_id)
    t = TABLES.update(t, {**TABLES.to_dict(t), "name": "T2"})
    assert t.version == 2
    assert TableVersion.objects.filter(table=t).count() == 2


def test_invalid_checklist_lists_every_problem_in_russian(org: Organisation) -> None:
    with pytest.raises(ConfigInvalid) as exc:
        CHECKLISTS.create(org, {"name": "", "webhook_url": "ftp://x", "stages": [{"weight": 0}, 5]})
    msg = exc.value.message
    assert "name" in msg and "webhook_url" in msg and "weight" in msg and "stages[1]" in msg
    assert "обязательное" in msg


def test_enum_field_needs_options(org: Organisation) -> None:
    with pytest.raises(ConfigInvalid, match="enum"):
        TABLES.create(org, {"name": "T", "fields": [{"key": "k", "type": "enum"}]})


def test_applicability_by_deal_stage_and_office(org: Organisation) -> None:
    update_offices(org, [OfficeIn("office_001", "Центр", [], ["m_center"])])
    everyone = make_checklist(org, name="Все")
    by_stage = CHECKLISTS.create(org, {"name": "Этап", "applicability": {"deal_stage_ids": ["stage_q"]},
                                               "stages": [{"name": "x"}]})
    by_office = CHECKLISTS.create(org, {"name": "Офис", "applicability": {"office_ids": ["office_001"]},
                                                "stages": [{"name": "x"}]})
    off = make_table(org, active=False)
    c1 = make_call(org, "c1", manager_id="m_center", deal_stage_id="stage_q")
    c2 = make_call(org, "c2", manager_id="m_other", deal_stage_id="stage_other")
    assert {c.pk for c in CHECKLISTS.applicable(c1)} == {everyone.pk, by_stage.pk, by_office.pk}
    assert {c.pk for c in CHECKLISTS.applicable(c2)} == {everyone.pk}
    assert off.pk not in {t.pk for t in TABLES.applicable(c1)}


def test_checklists_of_another_org_never_apply(org: Organisation) -> None:
    from rop.tenants.services import get_or_create_org

    other = get_or_create_org("Другая организация")[0]
    make_checklist(other)
    call = make_call(org)
    assert CHECKLISTS.applicable(call) == []
