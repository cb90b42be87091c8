"""Russian word forms for search and keyword trackers: one lemmatiser for the whole product.

`lemma_text` is what the search index stores per transcript segment (lemmas in word order,
one per token, separated by spaces), so a query lemmatised the same way finds every form
(«встреча» finds «встречу»). pymorphy3 is loaded lazily once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pymorphy3

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    lemma: str
    start: int  # character offsets in the original text
    end: int


@lru_cache(maxsize=1)
def _analyzer() -> pymorphy3.MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of one word, lower case, «ё» as «е»; digits and Latin stay as they are."""
    w = word.lower().replace("ё", "е")
    if not w or not re.search("[а-я]", w):
        return w
    return str(_analyzer().parse(w)[0].normal_form).replace("ё", "е")


def tokens(text: str) -> list[Token]:
    return [Token(lemma(m.group()), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def lemmas(text: str) -> list[str]:
    return [lemma(m.group()) for m in WORD_RE.finditer(text)]


def lemma_text(text: str) -> str:
    return " ".join(lemmas(text))
