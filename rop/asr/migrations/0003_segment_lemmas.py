"""Segment.lemmas: the lemmatised text the transcript search index reads (filled for existing rows)."""

from typing import Any

from django.db import migrations, models


def fill_lemmas(apps: Any, schema_editor: Any) -> None:
    from rop.core.morph import lemma_text

    segment = apps.get_model("asr", "Segment")
    batch = []
    for row in segment.objects.using(schema_editor.connection.alias).only("id", "text").iterator(chunk_size=1000):
        row.lemmas = lemma_text(row.text)
        batch.append(row)
        if len(batch) >= 1000:
            segment.objects.bulk_update(batch, ["lemmas"])
            batch = []
    if batch:
        segment.objects.bulk_update(batch, ["lemmas"])


class Migration(migrations.Migration):

    dependencies = [
        ("asr", "0002_speaker_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="segment",
            name="lemmas",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_lemmas, migrations.RunPython.noop),
    ]
