"""Migration convstats 0002: calls transcribed before the statistics existed get them from their segments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rop.asr.models import Segment
from rop.calls.models import Call
from rop.convstats.models import CallStats
from rop.tenants.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_backfill_computes_statistics_from_stored_segments(org: Organisation) -> None:
    done = Call.objects.create(org=org, call_id="old-call", status="done")
    Segment.objects.create(call=done, start=0.0, end=6.0, speaker="manager", text="Здравствуйте. Удобно?")
    Segment.objects.create(call=done, start=8.0, end=10.0, speaker="client", text="Да")
    Call.objects.create(org=org, call_id="no-transcript")
    executor = MigrationExecutor(connection)
    executor.migrate([("convstats", "0001_initial")])
    executor.loader.build_graph()
    executor.migrate([("convstats", "0002_backfill")])
    row = CallStats.objects.get(call=done)
    assert (row.manager_talk, row.client_talk, row.manager_share) == (6.0, 2.0, 75.0)
    assert (row.longest_silence, row.manager_questions) == (2.0, 1)
    assert CallStats.objects.count() == 1
