"""Russian text basics: tokens with offsets, lemmas (pymorphy3), sentences, questions.

Everything heavy is created lazily and cached once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pymorphy3

_WORD_RE = re.compile(r"\d+(?:[.,:]\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SENT_RE = re.compile(r"[^.!?…]+(?:[.!?…]+|$)")

INTERROGATIVES = frozenset(
    {
        "какой",
        "каков",
        "сколько",
        "где",
        "куда",
        "откуда",
        "когда",
        "как",
        "что",
        "чем",
        "почему",
        "зачем",
        "ли",
        "кто",
        "чей",
        "насколько",
        "который",
    }
)
ASK_VERBS = frozenset(
    {
        "подсказать",
        "уточнить",
        "рассказать",
        "скажите",
        "сказать",
        "интересовать",
        "рассматривать",
        "планировать",
        "хотеть",
        "нужный",
        "нужно",
        "важный",
        "предпочитать",
        "ориентироваться",
    }
)


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def norm_word(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    w = norm_word(word)
    if not w or w[0].isdigit():
        return w
    return str(morph().parse(w)[0].normal_form).replace("ё", "е")


@lru_cache(maxsize=200_000)
def tags(word: str) -> tuple[tuple[str, str, float], ...]:
    """(lemma, tag string, score) for the parses of a word."""
    return tuple((p.normal_form.replace("ё", "е"), str(p.tag), float(p.score)) for p in morph().parse(norm_word(word)))


def is_name(word: str, min_score: float = 0.25) -> bool:
    """A first name by the dictionary (case-insensitive, so ASR lowercase works)."""
    if len(word) < 2 or not word.isalpha() or not is_known(word):
        return False  # the dictionary's guesses for unknown (often ASR-garbled) words are not names
    return any("Name" in t and s >= min_score for _, t, s in tags(word))


def is_surname(word: str) -> bool:
    return any("Surn" in t and s >= 0.2 for _, t, s in tags(word))


def is_patronymic(word: str) -> bool:
    return any("Patr" in t for _, t, _ in tags(word))


def is_known(word: str) -> bool:
    return bool(morph().word_is_known(norm_word(word)))


def is_geo(word: str) -> bool:
    return any("Geox" in t for _, t, _ in tags(word))


def pos(word: str) -> str:
    t = tags(word)
    return t[0][1].split(",")[0].split(" ")[0] if t else ""


@dataclass(frozen=True)
class Token:
    text: str  # as written (case kept)
    start: int
    end: int
    lemma: str
    low: str  # lower-cased, ё -> е


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(0), m.start(), m.end(), lemma(m.group(0)), norm_word(m.group(0))) for m in _WORD_RE.finditer(text)
    ]


def lemmas(text: str) -> list[str]:
    return [t.lemma for t in tokenize(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences inside `text` (stripped of surrounding spaces)."""
    spans: list[tuple[int, int]] = []
    for m in _SENT_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            spans.append((s, e))
    return spans or ([(0, len(text))] if text.strip() else [])


def is_question(text: str) -> bool:
    if "?" in text:
        return True
    lem = lemmas(text)
    if not lem:
        return False
    head = lem[:6]
    if any(w in INTERROGATIVES for w in head) or any(w in ASK_VERBS for w in head[:3]):
        return True
    if text.rstrip()[-1:] in {".", "!"}:
        return False
    # ASR text often has no punctuation: "вы рассчитываете на семь или на восемь", "... верно"
    addressed = bool(set(lem) & {"вы", "ваш"})
    return (addressed and "или" in lem) or (lem[-1] in {"верно", "правильно", "да", "так"} and len(lem) > 2)


def same_family(a: str, b: str) -> bool:
    """Two lemmas of one word family: "сдача" ~ "сдать" ~ "сдам", "страховка" ~ "страхование"
    (a shared stem of at least three letters and most of the shorter word)."""
    if a == b:
        return True
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k >= 3 and k >= 0.6 * min(len(a), len(b))
