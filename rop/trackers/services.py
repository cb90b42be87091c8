"""Trackers: validation, matching transcripts by word form, tagging calls, counts.

A phrase matches when its lemmas occur in a row in one segment's lemmas (rop.core.morph), so
«скидка» matches «скидку», «скидки». Tagging a call replaces its hits (idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from rop.asr.models import Segment
from rop.calls.models import Call
from rop.core import morph
from rop.tenants.models import Organisation
from rop.trackers.errors import TrackerInvalid
from rop.trackers.models import Tracker, TrackerHit, TrackerSpeaker

MAX_PHRASES = 50
MAX_PHRASE_WORDS = 6


@dataclass(frozen=True)
class Compiled:
    tracker: Tracker
    phrases: list[tuple[str, tuple[str, ...]]]  # (phrase as typed, its lemmas)


def parse_phrases(raw: str) -> list[str]:
    """Phrases from a textarea: one per line or comma-separated, blanks dropped, duplicates once."""
    out: list[str] = []
    for part in raw.replace(",", "\n").splitlines():
        phrase = " ".join(part.split())
        if phrase and phrase.lower() not in {p.lower() for p in out}:
            out.append(phrase)
    return out


def validate(org: Organisation, name: str, phrases: list[str], speaker: str, pk: int = 0) -> None:
    name = name.strip()
    if not name:
        raise TrackerInvalid("Укажите название трекера")
    if len(name) > 100:
        raise TrackerInvalid("Название трекера длиннее 100 символов")
    if Tracker.objects.filter(org=org, name=name).exclude(pk=pk).exists():
        raise TrackerInvalid(f"Трекер «{name}» уже есть")
    if not phrases:
        raise TrackerInvalid("Укажите хотя бы одну фразу")
    if len(phrases) > MAX_PHRASES:
        raise TrackerInvalid(f"Не больше {MAX_PHRASES} фраз в одном трекере")
    for phrase in phrases:
        n = len(morph.lemmas(phrase))
        if n == 0:
            raise TrackerInvalid(f"Фраза «{phrase}» не содержит слов")
        if n > MAX_PHRASE_WORDS or len(phrase) > 200:
            raise TrackerInvalid(f"Фраза «{phrase[:40]}» длиннее {MAX_PHRASE_WORDS} слов")
    if speaker not in TrackerSpeaker.values:
        raise TrackerInvalid("Неизвестный участник разговора")


def save_tracker(org: Organisation, *, name: str, phrases_text: str, speaker: str, is_active: bool,
                 tracker: Tracker | None = None) -> Tracker:
    phrases = parse_phrases(phrases_text)
    validate(org, name, phrases, speaker, tracker.pk if tracker else 0)
    tracker = tracker or Tracker(org=org)
    tracker.name, tracker.phrases, tracker.speaker, tracker.is_active = name.strip(), phrases, speaker, is_active
    tracker.save()
    return tracker


def compile_tracker(tracker: Tracker) -> Compiled:
    phrases = [(p, tuple(morph.lemmas(p))) for p in tracker.phrases]
    return Compiled(tracker, [(p, lem) for p, lem in phrases if lem])


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def match(compiled: Iterable[Compiled], segments: Iterable[Segment], call: Call) -> list[TrackerHit]:
    """Hits of the trackers in the segments (at most one per tracker and segment)."""
    trackers = list(compiled)
    hits: list[TrackerHit] = []
    for seg in segments:
        words = (seg.lemmas or morph.lemma_text(seg.text)).split()
        for c in trackers:
            if c.tracker.speaker != TrackerSpeaker.ANY and seg.speaker != c.tracker.speaker:
                continue
            for phrase, lemmas in c.phrases:
                if _contains(words, lemmas):
                    hits.append(TrackerHit(tracker=c.tracker, call=call, start=seg.start, speaker=seg.speaker,
                                           phrase=phrase[:200], text=seg.text))
                    break
    return hits


def tag_call(call: Call, trackers: list[Tracker] | None = None) -> int:
    """Replace the call's hits of `trackers` (default: the org's active ones). Returns hits stored."""
    if trackers is None:
        trackers = list(Tracker.objects.filter(org_id=call.org_id, is_active=True))
    if not trackers:
        return 0
    compiled = [compile_tracker(t) for t in trackers]
    segments = Segment.objects.filter(call=call).only("start", "speaker", "text", "lemmas").order_by("start", "id")
    hits = match(compiled, segments, call)
    with transaction.atomic():
        TrackerHit.objects.filter(call=call, tracker__in=trackers).delete()
        TrackerHit.objects.bulk_create(hits)
    return len(hits)


def tag_past_calls(tracker: Tracker, calls: QuerySet[Call], progress: Callable[[int], None]) -> int:
    """Apply one tracker to existing calls (a durable job). Returns how many calls were processed."""
    n = 0
    for call in calls.order_by("-created_at", "-id").iterator(chunk_size=500):
        tag_call(call, [tracker])
        n += 1
        if n % 50 == 0:
            progress(n)
    progress(n)
    return n


def trackers_for(org: Organisation) -> QuerySet[Tracker]:
    return Tracker.objects.filter(org=org)


def count_with_trackers(calls: QuerySet[Call], tracker_ids: list[int]) -> tuple[int, dict[int, int]]:
    """How many calls `calls` has and how many of them each tracker tagged, in one pass over the
    calls (the filters run once)."""
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for tracker_id in tracker_ids:  # IN (uncorrelated): one pass over the tracker's hits, hashed
        tagged = TrackerHit.objects.filter(tracker_id=tracker_id).values("call_id")
        aggregates[f"t{tracker_id}"] = Count("pk", filter=Q(pk__in=tagged))
    row = calls.order_by().aggregate(**aggregates)
    return int(row["total"] or 0), {t: int(row[f"t{t}"] or 0) for t in tracker_ids}


def call_counts(org: Organisation, calls: QuerySet[Call]) -> dict[int, int]:
    """tracker id -> number of calls in `calls` it tagged."""
    return count_with_trackers(calls, list(Tracker.objects.filter(org=org).values_list("pk", flat=True)))[1]


def hits_for_call(call: Call) -> list[dict[str, Any]]:
    """Hits on the call page: tracker name, phrase, who said it and when (to seek the player)."""
    return [{"tracker": h.tracker.name, "tracker_id": h.tracker_id, "phrase": h.phrase, "start": h.start,
             "speaker": h.speaker, "text": h.text}
            for h in TrackerHit.objects.filter(call=call).select_related("tracker").order_by("start", "id")]
