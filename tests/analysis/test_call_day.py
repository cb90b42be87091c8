"""Relative dates in a call («завтра», «в среду») are resolved from the day the call was made (in the
organisation's time zone), not from the day it is analysed, so a re-analysis later agrees."""

from __future__ import annotations

import datetime as dt

import pytest

from rop.analysis.callday import call_day, local_day, on_call_day
from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.services import TABLES
from rop.analysis.stage import analyse
from rop.analysis.transcript import load_transcript
from rop.tenants.models import Organisation
from tests.analysis.factories import make_call

pytestmark = pytest.mark.django_db

ROWS = [(0.0, 3.0, "manager", "Добрый день, компания «Окна Плюс», меня зовут Ольга."),
        (3.5, 6.0, "client", "Здравствуйте, хочу заказать замер."),
        (6.5, 10.0, "manager", "Давайте запишем замер на завтра в десять утра, вам удобно?"),
        (10.5, 12.0, "client", "Да, завтра в десять подходит.")]


def test_a_date_field_is_resolved_from_the_calls_own_day(org: Organisation) -> None:
    TABLES.create(org, {"name": "Замеры", "fields": [
        {"key": "visit_date", "description": "Дата замера", "type": "date"}]})
    made = dt.datetime(2026, 3, 9, 21, 30, tzinfo=dt.UTC)  # 10 March 00:30 in Moscow
    call = make_call(org, "late-evening", rows=ROWS, created_at=made)
    _, [result] = analyse(call, load_transcript(call), force=True, evaluator=EmbeddedEvaluator())
    assert str(result.data["visit_date"]).startswith("2026-03-11"), result.data


def test_the_call_day_is_today_outside_an_analysis_and_the_calls_day_inside() -> None:
    assert call_day() == dt.date.today()
    with on_call_day(dt.date(2026, 1, 5)):
        assert call_day() == dt.date(2026, 1, 5)
    assert call_day() == dt.date.today()
    moment = dt.datetime(2026, 3, 9, 21, 30, tzinfo=dt.UTC)
    assert local_day(moment, Organisation(time_zone="Europe/Moscow")) == dt.date(2026, 3, 10)
    assert local_day(moment, Organisation(time_zone="America/New_York")) == dt.date(2026, 3, 9)
