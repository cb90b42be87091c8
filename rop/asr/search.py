"""Full-text search in transcripts (asr Segment.text), indexed by the database itself.

SQLite: an FTS5 external-content table kept in step by triggers on the segment table.
PostgreSQL: a GIN index on to_tsvector('russian', text) (stemming: «квартиры» finds «квартира»).
`ensure_search_index` runs after every `migrate` (post_migrate), so the triggers are recreated
(and the index rebuilt) if a later migration of rop.asr rebuilds the segment table.
Query semantics: every word of the query, as a word prefix, within one segment.
The index names keep their historical "ui_" prefix: existing databases already hold them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from rop.asr.models import Segment
from rop.calls.models import Call

log = logging.getLogger(__name__)

FTS = "ui_segment_fts"
PG_INDEX = "ui_segment_text_fts_idx"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)][:MAX_WORDS]


def _sqlite_statements(seg: str) -> list[str]:
    return [
        (f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {seg} BEGIN "
         f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END"),
        (f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {seg} BEGIN "
         f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); END"),
        (f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF text ON {seg} BEGIN "
         f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); "
         f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END"),
    ]


def ensure_search_index(using: str = "default", **kwargs: Any) -> None:
    conn = connections[using]
    seg = Segment._meta.db_table
    with conn.cursor() as cur:
        if conn.vendor == "sqlite":
            cur.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS}_%"]
            )
            had_triggers = cur.fetchone()[0] == 3
            cur.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(text, content='{seg}', "
                        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
            for stmt in _sqlite_statements(seg):
                cur.execute(stmt)
            if not had_triggers:  # new, or the table was rebuilt: index what is there
                cur.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            cur.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {seg} USING GIN (to_tsvector('russian', text))"
            )


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if getattr(sender, "label", "") == "asr":
        ensure_search_index(using)


def search_calls(qs: QuerySet[Call], text: str) -> QuerySet[Call]:
    """Calls with a transcript segment containing every word of `text` (as a prefix)."""
    ws = words(text)
    if not ws:
        return qs.none()
    seg = Segment._meta.db_table
    vendor = connections[qs.db].vendor
    if vendor == "postgresql":
        query = " & ".join(f"{w}:*" for w in ws)
        # OFFSET 0 fences the subquery: the GIN index answers first. Without it the planner may walk
        # every call newest-first probing segments (seconds at 100k calls for a rare word).
        sql = (f"SELECT call_id FROM (SELECT call_id FROM {seg} WHERE to_tsvector('russian', text) "
               f"@@ to_tsquery('russian', %s) OFFSET 0) AS matched")
        return qs.filter(pk__in=RawSQL(sql, [query]))
    match = " ".join('"' + w.replace('"', "") + '"*' for w in ws)
    sql = f"SELECT call_id FROM {seg} WHERE id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"
    return qs.filter(pk__in=RawSQL(sql, [match]))
