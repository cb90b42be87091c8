"""Entities from natasha (PER, LOC; models bundled in the package), loaded lazily once."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


@lru_cache(maxsize=20000)
def spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(type, start, stop) of PER / LOC / ORG spans in `text`."""
    from natasha import Doc

    seg, ner = _natasha()
    with _LOCK:
        doc = Doc(text)
        doc.segment(seg)
        doc.tag_ner(ner)
    return tuple((s.type, s.start, s.stop) for s in doc.spans)
