"""Full-text search in transcripts by word form, indexed by the database itself.

What is indexed is `Segment.lemmas` (rop.core.morph.lemma_text of the segment text: one
dictionary form per word, in order), and the query is lemmatised the same way, so the search
knows word forms on SQLite and PostgreSQL alike («встреча» finds «встречу»).
SQLite: an FTS5 external-content table over `lemmas`, kept in step by triggers.
PostgreSQL: a stored generated column lemmas_tsv = to_tsvector('simple', lemmas) (the lemmas are
already normalised) with a GIN index; stored, so a phrase match (which rechecks positions) does
not recompute the vector of every candidate row. Django's model does not know the column.
`ensure_search_index` runs after every `migrate` (post_migrate): it recreates the triggers (and
rebuilds the index) when a migration rebuilt the segment table, and drops the older text index.
Query semantics: every word (its lemma, as a prefix) and every "phrase in quotes" (its lemmas
in a row) within one segment. Snippets come from the original text with the matches marked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rop.asr.models import Segment
from rop.calls.models import Call
from rop.core import morph

log = logging.getLogger(__name__)

FTS = "asr_segment_lemma_fts"
PG_COLUMN = "lemmas_tsv"
PG_INDEX = "asr_segment_lemmas_tsv_idx"
OLD_FTS = "ui_segment_fts"  # the index of wave 1 (on the raw text); dropped on migrate
OLD_PG_INDEX = "ui_segment_text_fts_idx"
_PHRASE = re.compile(r'"([^"]*)"')
MAX_WORDS = 8
SNIPPET_CHARS = 70


@dataclass(frozen=True)
class Term:
    """Lemmas in a row (one for a word, several for a "phrase"); a word also matches as typed."""

    lemmas: tuple[str, ...]
    typed: str = ""  # the word as typed (lower case): a prefix of a longer word («кварт» → квартира)

    def prefixes(self) -> list[str]:
        return sorted({self.lemmas[0], self.typed} - {""})


@dataclass(frozen=True)
class Query:
    """A parsed search: terms that must all occur within one segment."""

    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def parse_query(text: str) -> Query:
    if text.count('"') % 2:  # an unbalanced quote: plain words
        text = text.replace('"', " ")
    terms: list[Term] = []
    for phrase in _PHRASE.findall(text):
        lemmas = tuple(morph.lemmas(phrase))
        if lemmas:
            terms.append(Term(lemmas))
    for m in morph.WORD_RE.finditer(_PHRASE.sub(" ", text)):
        terms.append(Term((morph.lemma(m.group()),), _norm(m.group())))
    kept: list[Term] = []
    budget = MAX_WORDS
    for term in terms:
        if len(term.lemmas) <= budget:
            kept.append(term)
            budget -= len(term.lemmas)
    return Query(tuple(kept))


def words(text: str) -> list[str]:
    """The query's lemmas (kept for callers of the wave-1 helper)."""
    return [w for term in parse_query(text).terms for w in term.lemmas]


def _drop_sqlite_old(cur: Any) -> None:
    for suffix in ("ai", "ad", "au"):
        cur.execute(f"DROP TRIGGER IF EXISTS {OLD_FTS}_{suffix}")
    cur.execute(f"DROP TABLE IF EXISTS {OLD_FTS}")


def _sqlite_statements(seg: str) -> list[str]:
    return [
        (f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {seg} BEGIN "
         f"INSERT INTO {FTS}(rowid, lemmas) VALUES (new.id, new.lemmas); END"),
        (f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {seg} BEGIN "
         f"INSERT INTO {FTS}({FTS}, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); END"),
        (f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF lemmas ON {seg} BEGIN "
         f"INSERT INTO {FTS}({FTS}, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); "
         f"INSERT INTO {FTS}(rowid, lemmas) VALUES (new.id, new.lemmas); END"),
    ]


def ensure_search_index(using: str = "default", **kwargs: Any) -> None:
    conn = connections[using]
    seg = Segment._meta.db_table
    with conn.cursor() as cur:
        if conn.vendor == "sqlite":
            _drop_sqlite_old(cur)
            cur.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS}_%"]
            )
            had_triggers = cur.fetchone()[0] == 3
            cur.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(lemmas, content='{seg}', "
                        f"content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
            for stmt in _sqlite_statements(seg):
                cur.execute(stmt)
            if not had_triggers:  # new, or the table was rebuilt: index what is there
                cur.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            cur.execute(f"DROP INDEX IF EXISTS {OLD_PG_INDEX}")
            cur.execute(f"ALTER TABLE {seg} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
                        f"GENERATED ALWAYS AS (to_tsvector('simple', lemmas)) STORED")
            cur.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {seg} USING GIN ({PG_COLUMN})")


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if getattr(sender, "label", "") == "asr":
        ensure_search_index(using)


def _match_query(q: Query, *, any_of: str, prefix: str, phrase: Callable[[tuple[str, ...]], str], all_of: str) -> str:
    """The query in one engine's syntax: a one-word term matches any of its prefixes, a longer one
    matches as a phrase, and every term must match."""
    parts = []
    for t in q.terms:
        if len(t.lemmas) == 1:
            parts.append("(" + any_of.join(prefix.format(p) for p in t.prefixes()) + ")")
        else:
            parts.append(phrase(t.lemmas))
    return all_of.join(parts)


def _pg_query(q: Query) -> str:
    return _match_query(q, any_of=" | ", prefix="{}:*", phrase=lambda ws: "(" + " <-> ".join(ws) + ")",
                        all_of=" & ")


def _fts_query(q: Query) -> str:
    return _match_query(q, any_of=" OR ", prefix='"{}"*', phrase=lambda ws: '"' + " ".join(ws) + '"',
                        all_of=" AND ")


def matching_segments_sql(vendor: str, q: Query) -> tuple[str, list[Any]]:
    """SQL selecting the ids of segments that match `q` (all of its terms)."""
    seg = Segment._meta.db_table
    if vendor == "postgresql":
        # OFFSET 0 fences the subquery: the GIN index answers first. Without it the planner may walk
        # every call newest-first probing segments (seconds at 100k calls for a rare word).
        return (f"SELECT id FROM (SELECT id FROM {seg} WHERE {PG_COLUMN} "
                f"@@ to_tsquery('simple', %s) OFFSET 0) AS matched_ids", [_pg_query(q)])
    return f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [_fts_query(q)]


def search_calls(qs: QuerySet[Call], text: str) -> QuerySet[Call]:
    """Calls with a transcript segment containing every word / phrase of `text` (by word form)."""
    q = parse_query(text)
    if not q:
        return qs.none()
    seg = Segment._meta.db_table
    sql, params = matching_segments_sql(connections[qs.db].vendor, q)
    return qs.filter(pk__in=RawSQL(f"SELECT call_id FROM {seg} WHERE id IN ({sql})", params))


def first_matches(call_ids: list[int], text: str) -> dict[int, Segment]:
    """The earliest matching segment of each call (for snippets on a list page)."""
    q = parse_query(text)
    if not q or not call_ids:
        return {}
    from django.db import connection

    sql, params = matching_segments_sql(connection.vendor, q)
    out: dict[int, Segment] = {}
    rows = Segment.objects.filter(call_id__in=call_ids).filter(id__in=RawSQL(sql, params)).order_by("start", "id")
    for s in rows.only("id", "call_id", "start", "text", "speaker"):
        out.setdefault(s.call_id, s)
    return out


def _hits(text: str, q: Query) -> list[tuple[int, int]]:
    """Character spans in `text` whose words match the query (a whole phrase or a word prefix)."""
    toks = morph.tokens(text)
    spans: list[tuple[int, int]] = []
    for term in q.terms:
        n = len(term.lemmas)
        for i in range(len(toks) - n + 1):
            window = toks[i:i + n]
            if n == 1:
                word = _norm(text[window[0].start:window[0].end])
                ok = any(window[0].lemma.startswith(p) or word.startswith(p) for p in term.prefixes())
            else:
                ok = tuple(t.lemma for t in window) == term.lemmas
            if ok:
                spans.append((window[0].start, window[-1].end))
    return sorted(set(spans))


def highlight(text: str, query: str | Query) -> SafeString:
    """`text` escaped, with the query's matches in <mark>."""
    q = parse_query(query) if isinstance(query, str) else query
    out: list[str] = []
    pos = 0
    for start, end in _hits(text, q) if q else []:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def snippet(text: str, query: str | Query, width: int = SNIPPET_CHARS) -> SafeString:
    """A piece of `text` around its first match, the matches marked."""
    q = parse_query(query) if isinstance(query, str) else query
    hits = _hits(text, q) if q else []
    if not hits or len(text) <= 2 * width:
        return highlight(text, q)
    start = max(0, hits[0][0] - width)
    end = min(len(text), hits[0][1] + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    body = highlight(text[start:end], q)
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))
