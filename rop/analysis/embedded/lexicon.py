"""Sales-call concepts: the words (lemmas), phrases and patterns that show an aspect.

A criterion aspect ("район", "сроки сдачи", "представился") is mapped to a concept by its
lemmas; the concept then knows how the aspect sounds in a real conversation (synonyms,
colloquial forms, regular expressions over number-normalised text).

The data lives in data/lexicon.json and is loaded once, at import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Concept:
    key: str
    label: str  # Russian, for comments
    triggers: frozenset[str]  # lemmas of the criterion that select this concept
    lemmas: frozenset[str] = frozenset()  # single lemmas that show the aspect in speech
    phrases: tuple[tuple[str, ...], ...] = ()  # lemma sequences
    prefixes: tuple[str, ...] = ()  # surface/lemma prefixes ("двухкомнатн")
    patterns: tuple[re.Pattern[str], ...] = ()  # over lower-cased, number-normalised text
    position: str = ""  # "start": first turns of the speaker; "end": last turns
    ask: bool = False  # to "find out" this aspect the speaker asks about it
    any_speaker: bool = False  # a detail (date, time) either side may say once agreed
    weak: frozenset[str] = field(default_factory=frozenset)  # supporting lemmas, half weight


@cache
def load_json(name: str) -> Any:
    """A data file of this package, parsed once per process."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _patterns(items: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r, re.UNICODE) for r in items)


def _concept(d: dict[str, Any]) -> Concept:
    return Concept(
        key=d["key"],
        label=d["label"],
        triggers=frozenset(d["triggers"]),
        lemmas=frozenset(d.get("lemmas", ())),
        phrases=tuple(tuple(p.split()) for p in d.get("phrases", ())),
        prefixes=tuple(d.get("prefixes", ())),
        patterns=_patterns(d.get("patterns", [])),
        position=d.get("position", ""),
        ask=bool(d.get("ask", False)),
        any_speaker=bool(d.get("any_speaker", False)),
        weak=frozenset(d.get("weak", ())),
    )


_DATA = load_json("lexicon.json")

CONCEPTS: tuple[Concept, ...] = tuple(_concept(d) for d in _DATA["concepts"])
BY_KEY = {c.key: c for c in CONCEPTS}
MONEY_RX: str = _DATA["money_rx"]
# Client objections: what makes an "objection handling" stage applicable.
OBJECTION_LEMMAS = frozenset(_DATA["objection_lemmas"])
OBJECTION_PATTERNS = _patterns(_DATA["objection_patterns"])
# Words that clearly show a sale of real estate / a service is being discussed.
STRONG_SALES_LEMMAS = frozenset(_DATA["strong_sales_lemmas"])
# Words that show the conversation is about selling something (not a wrong number, not spam).
SALES_LEMMAS = frozenset(_DATA["sales_lemmas"])
GENERIC_LEMMAS = frozenset(_DATA["generic_lemmas"])
# Verbs of a criterion: what the speaker does with the aspects.
ASK_VERBS = frozenset(_DATA["ask_verbs"])
TELL_VERBS = frozenset(_DATA["tell_verbs"])
# What is found out by a proper name in the answer ("марка и модель": "Шкода Октавия").
NAMED_WORDS = frozenset(_DATA.get("named_words", ()))
# "То есть цель — продавать излишки": the manager checks what the client said in his own words.
CLARIFYING_OPENINGS = _patterns(_DATA["clarifying_openings"]["patterns"])
# "Маткапитал плюс ипотека, понял.": what the client just said, said back and taken down.
ACKNOWLEDGEMENTS = _patterns(_DATA["clarifying_openings"]["acknowledgements"])
# Everyday words for a criterion's free words ("автомобиль" is said "машина").
SYNONYMS: dict[str, frozenset[str]] = {
    k: frozenset(v) for k, v in _DATA.get("synonyms", {}).items() if not k.startswith("_")
}


def word_groups(words: frozenset[str] | set[str] | tuple[str, ...]) -> dict[str, str]:
    """Each word -> one word of its group: the words linked by synonymy stand for one criterion word."""
    parent = {w: w for w in words}

    def root(w: str) -> str:
        while parent[w] != w:
            w = parent[w]
        return w

    for w in sorted(parent):
        for o in SYNONYMS.get(w, frozenset()):
            if o in parent:
                a, b = sorted((root(w), root(o)))
                parent[b] = a
    return {w: root(w) for w in parent}


def hits_needed(words: frozenset[str] | set[str] | tuple[str, ...]) -> int:
    """A free element of many different words ("кто в компании принимает решение по уборке: директор,
    завхоз") shows where two of them are said, not wherever one is."""
    return 2 if len(set(word_groups(words).values())) >= 5 else 1


def distinct_hits(words: frozenset[str] | set[str] | tuple[str, ...], said: set[str] | frozenset[str]) -> int:
    groups = word_groups(words)
    return len({groups[w] for w in said if w in groups})
