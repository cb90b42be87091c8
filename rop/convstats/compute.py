"""Conversation statistics from a transcript's timing: pure functions, no database.

Speech of each speaker is the union of its recognised words (word timestamps) or, for a
segment without words, the segment itself; pauses inside one speaker's speech shorter than
WORD_GAP are part of the speech. On that timeline:

- talk time and share per speaker (overlapping speech counts for both);
- silence: a stretch of at least MIN_SILENCE seconds where nobody speaks, between the first and
  the last word of the call (the ringing before and the line after are not the conversation);
- monologue: one speaker's speech with no speech of the other side and no silence inside;
- interruption: a speaker starts talking while the other side is talking (the overlap is at least
  MIN_OVERLAP seconds); it is counted for the side that started;
- speech rate: words per minute of the speaker's own talk time;
- questions: the manager's sentences ending with a question mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rop.core.speech import WordTiming

WORD_GAP = 0.5  # seconds: a shorter pause inside one speaker's speech is still speech
MIN_SILENCE = 1.0  # seconds: a shorter pause between turns is turn-taking, not silence
MIN_OVERLAP = 0.2  # seconds of both sides talking for a start to count as an interruption
SIDES = ("manager", "client")

Interval = tuple[float, float]


@dataclass(frozen=True)
class Turn:
    """One transcript segment as the statistics need it."""

    speaker: str  # "manager" | "client" | "unknown"
    start: float
    end: float
    text: str
    words: Sequence[WordTiming] = ()


@dataclass
class SideStats:
    talk: float = 0.0  # seconds
    share: float | None = None  # percent of both sides' talk time
    longest_monologue: float = 0.0
    interruptions: int = 0
    words: int = 0
    rate: float | None = None  # words per minute of talk time
    questions: int = 0


@dataclass
class ConversationStats:
    manager: SideStats = field(default_factory=SideStats)
    client: SideStats = field(default_factory=SideStats)
    longest_silence: float = 0.0
    total_silence: float = 0.0
    silences: list[Interval] = field(default_factory=list)
    speech: dict[str, list[Interval]] = field(default_factory=dict)  # speaker -> when it talks

    def side(self, name: str) -> SideStats:
        return self.manager if name == "manager" else self.client


def merge(intervals: Iterable[Interval], gap: float = 0.0) -> list[Interval]:
    """Sorted union of intervals; intervals closer than ``gap`` are joined."""
    out: list[list[float]] = []
    for a, b in sorted(intervals):
        if b < a:
            a, b = b, a
        if out and a - out[-1][1] <= gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def speech_intervals(turns: Iterable[Turn], speaker: str, sound: Sequence[Interval] | None = None) -> list[Interval]:
    """When ``speaker`` talks: word times where known, else the segment's span.

    ``sound``: where the speaker's own channel has speech (stereo voice activity without padding).
    An engine's word times drift by a few tenths of a second around the real speech, so each
    stretch of words is replaced by the sound regions it touches; words touching none (a quiet
    speaker the activity detector missed) keep their own times.
    """
    spans: list[Interval] = []
    for t in turns:
        if t.speaker != speaker:
            continue
        timed = [(float(w["start"]), float(w["end"])) for w in t.words if w.get("end", 0) >= w.get("start", 0)]
        spans.extend(timed or [(t.start, t.end)])
    merged = merge(spans, WORD_GAP)
    if not sound:
        return merged
    mask = merge(sound)
    snapped: list[Interval] = []
    for a, b in merged:
        snapped.extend([r for r in mask if r[0] < b and r[1] > a] or [(a, b)])
    return merge(snapped, WORD_GAP)


def _total(intervals: Iterable[Interval]) -> float:
    return sum(b - a for a, b in intervals)


def silences(speech: Sequence[Interval], min_silence: float = MIN_SILENCE) -> list[Interval]:
    """Gaps of at least ``min_silence`` between the merged speech of everyone."""
    merged = merge(speech)
    return [(a[1], b[0]) for a, b in pairwise(merged) if b[0] - a[1] >= min_silence]


def overlaps(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    """Where both sides talk at once."""
    out: list[Interval] = []
    i = j = 0
    while i < len(first) and j < len(second):
        a, b = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if b > a:
            out.append((a, b))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return out


def interruptions(own: Sequence[Interval], other: Sequence[Interval]) -> int:
    """Times ``own`` starts talking while ``other`` talks (for at least MIN_OVERLAP together)."""
    count = 0
    for a, b in own:
        for c, d in other:
            if c < a < d and min(b, d) - a >= MIN_OVERLAP:
                count += 1
                break
    return count


def subtract(base: Sequence[Interval], cut: Sequence[Interval]) -> list[Interval]:
    """Parts of ``base`` (sorted, disjoint) not covered by ``cut``."""
    out: list[Interval] = []
    for a, b in base:
        pos = a
        for c, d in cut:
            if d <= pos or c >= b:
                continue
            if c > pos:
                out.append((pos, c))
            pos = max(pos, d)
        if pos < b:
            out.append((pos, b))
    return out


def longest_monologue(own: Sequence[Interval], other: Sequence[Interval]) -> float:
    """The longest run of ``own`` speech not broken by the other side or by a silence."""
    runs = merge(own, MIN_SILENCE - 1e-6)
    return max((b - a for a, b in subtract(runs, merge(other))), default=0.0)


_SENTENCE_END = re.compile(r"[^.!?…]*[?]")


def count_questions(texts: Iterable[str]) -> int:
    return sum(len(_SENTENCE_END.findall(text)) for text in texts)


def count_words(turn: Turn) -> int:
    if turn.words:
        return sum(1 for w in turn.words if re.search(r"\w", str(w.get("word", ""))))
    return len(re.findall(r"\w+", turn.text))


Sound = Mapping[str, Sequence[Interval]]  # speaker -> where that speaker's channel has speech


def compute(turns: Sequence[Turn], sound: Sound | None = None) -> ConversationStats:
    """Every statistic of one call's transcript (``sound``: see speech_intervals)."""
    stats = ConversationStats()
    sound = sound or {}
    speech = {side: speech_intervals(turns, side, sound.get(side)) for side in (*SIDES, "unknown")}
    everyone = merge([*speech["manager"], *speech["client"], *speech["unknown"]])
    stats.speech = {side: spans for side, spans in speech.items() if spans}
    stats.silences = silences(everyone)
    stats.total_silence = _total(stats.silences)
    stats.longest_silence = max((b - a for a, b in stats.silences), default=0.0)
    both = _total(speech["manager"]) + _total(speech["client"])
    for side, other in (("manager", "client"), ("client", "manager")):
        s = stats.side(side)
        s.talk = _total(speech[side])
        s.share = 100.0 * s.talk / both if both > 0 else None
        s.interruptions = interruptions(speech[side], speech[other])
        s.longest_monologue = longest_monologue(speech[side], speech[other])
        s.words = sum(count_words(t) for t in turns if t.speaker == side)
        s.rate = s.words * 60.0 / s.talk if s.talk > 0 else None
        s.questions = count_questions(t.text for t in turns if t.speaker == side)
    return stats


@dataclass
class Timeline:
    """Who spoke when: each row's intervals in seconds (for the call page's speaker timeline)."""

    manager: list[Interval]
    client: list[Interval]
    unknown: list[Interval]
    overlaps: list[Interval]
    silences: list[Interval]
    end: float  # the last moment with speech


def timeline(speech: Mapping[str, Sequence[Interval]]) -> Timeline:
    """The timeline rows from each speaker's speech (ConversationStats.speech or speech_intervals)."""
    manager, client = merge(speech.get("manager", ())), merge(speech.get("client", ()))
    unknown = merge(speech.get("unknown", ()))
    everyone = merge([*manager, *client, *unknown])
    return Timeline(manager, client, unknown, overlaps(manager, client), silences(everyone),
                    everyone[-1][1] if everyone else 0.0)


def turns_timeline(turns: Sequence[Turn]) -> Timeline:
    return timeline({side: speech_intervals(turns, side) for side in (*SIDES, "unknown")})
