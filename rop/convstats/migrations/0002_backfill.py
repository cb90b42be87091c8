"""Statistics for calls transcribed before rop.convstats existed, from their stored segments.

Word times as stored (the channel activity used by the asr stage is gone with the work files).
Runs in batches; calls that already have statistics are left alone.
"""

from typing import Any

from django.db import migrations

BATCH = 500


def backfill(apps: Any, schema_editor: Any) -> None:
    from rop.convstats.compute import Turn, compute

    Call = apps.get_model("calls", "Call")
    Segment = apps.get_model("asr", "Segment")
    CallStats = apps.get_model("convstats", "CallStats")
    todo = (Call.objects.filter(segments__isnull=False, stats__isnull=True).values_list("pk", flat=True)
            .distinct().order_by("pk"))
    ids = list(todo)
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        turns: dict[int, list[Turn]] = {}
        for s in Segment.objects.filter(call_id__in=chunk).order_by("call_id", "start", "id"):
            turns.setdefault(s.call_id, []).append(Turn(s.speaker, s.start, s.end, s.text, s.words or []))
        rows = [CallStats(call_id=pk, **_values(compute(t))) for pk, t in turns.items()]
        CallStats.objects.bulk_create(rows, ignore_conflicts=True)


def _values(stats: Any) -> dict[str, Any]:
    from rop.convstats.services import stats_values

    return stats_values(stats)


class Migration(migrations.Migration):
    dependencies = [
        ("convstats", "0001_initial"),
        ("asr", "0002_speaker_label"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
