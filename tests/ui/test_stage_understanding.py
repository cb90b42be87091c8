"""The checklist editor's «Как система понимает этап»: the compiled criterion in plain Russian, and the
head of sales' corrections saved with the checklist version."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from rop.analysis.models import Checklist
from tests.ui.factories import Tenant

FORM: dict[str, Any] = {
    "name": "B2B",
    "active": "on",
    "applies_to_all": "on",
    "stage_id": ["LPR"],
    "stage_name": ["Квалификация"],
    "criterion": ["Менеджер поздоровался и выяснил, кто принимает решение о покупке"],
    "hints": [""],
    "weight": ["1"],
    "speaker": ["manager"],
}


def _saved(client: Client, tenant: Tenant) -> Checklist:
    assert client.post("/settings/checklists/new", FORM).status_code == 302
    return Checklist.objects.get(org=tenant.org, name="B2B")


def _form(cl: Checklist, **corr: str) -> dict[str, Any]:
    stage = cl.stages.get()
    return {**FORM, "stage_id": [stage.stage_id], "corrections": [json.dumps(stage.corrections)],
            **{k: [v] for k, v in corr.items()}}


def test_the_editor_shows_how_the_system_understands_each_stage(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    cl = _saved(client, tenant)
    page = client.get(f"/settings/checklists/{cl.pk}/").content.decode()
    assert "Как система понимает этап" in page
    assert "приветствие (менеджер)" in page.lower() and "нужны все элементы" in page.lower()
    assert 'data-element="greeting"' in page
    blank = client.get("/settings/checklists/stage-row").content.decode()
    assert "Заполните критерий и сохраните" in blank


def test_corrections_are_saved_with_the_version_and_shown(client: Client, tenant: Tenant) -> None:
    client.force_login(tenant.users["rop"])
    cl = _saved(client, tenant)
    resp = client.post(f"/settings/checklists/{cl.pk}/",
                       _form(cl, corr_element="greeting", corr_phrase="приветствую вас", corr_mode="any"))
    assert resp.status_code == 302
    cl.refresh_from_db()
    stage = cl.versions.get(number=2).snapshot["stages"][0]
    assert stage["corrections"] == [
        {"op": "add_phrase", "element": "greeting", "phrase": "приветствую вас"},
        {"op": "set_requirement", "mode": "any", "n": 0},
    ]
    page = client.get(f"/settings/checklists/{cl.pk}/").content.decode()
    assert "«приветствую вас»" in page and "Достаточно одного элемента" in page and "исправлений: 2" in page

    # a new element in the head of sales' words, then dropping the greeting
    client.post(f"/settings/checklists/{cl.pk}/", _form(cl, corr_new_label="вопрос о сроках",
                                                        corr_new_phrase="когда планируете покупку"))
    cl.refresh_from_db()
    client.post(f"/settings/checklists/{cl.pk}/", _form(cl, corr_drop="greeting"))
    page = client.get(f"/settings/checklists/{cl.pk}/").content.decode()
    assert 'data-element="free:вопрос о сроках"' in page and 'data-element="greeting"' not in page
    cl.refresh_from_db()
    assert cl.version == 4 and len(cl.stages.get().corrections) == 4

    # saving the form without touching the section keeps the corrections; "reset" drops them
    client.post(f"/settings/checklists/{cl.pk}/", _form(cl))
    cl.refresh_from_db()
    assert len(cl.stages.get().corrections) == 4
    client.post(f"/settings/checklists/{cl.pk}/", _form(cl, corr_drop="__reset__"))
    cl.refresh_from_db()
    assert cl.stages.get().corrections == [] and cl.version == 6


def test_a_correction_that_does_not_fit_is_a_russian_error_and_nothing_is_saved(
    client: Client, tenant: Tenant
) -> None:
    client.force_login(tenant.users["rop"])
    cl = _saved(client, tenant)
    resp = client.post(f"/settings/checklists/{cl.pk}/", _form(cl, corr_drop="нет такого"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "нет элемента «нет такого»" in body and "Сбросьте исправления" in body
    resp = client.post(f"/settings/checklists/{cl.pk}/", {**_form(cl), "corrections": ["{не json"]})
    assert "ожидается список исправлений" in resp.content.decode()
    cl.refresh_from_db()
    assert cl.version == 1
