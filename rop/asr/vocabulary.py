"""Domain words for the ASR: the organisation's vocabulary plus the quoted names of its analysis
configuration (rop.core.vocabulary; rop.asr.transcribe keeps the list short: long lists make
Whisper base emit the hotwords instead of the speech)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rop.core.vocabulary import terms_from_texts


def merged_vocabulary(organisation: str, texts: Iterable[str]) -> str:
    """The organisation's vocabulary (first: its order is its priority) plus the names found in
    its configuration texts, one term per line."""
    own = [t.strip() for t in re.split(r"[\n,;]+", organisation or "") if t.strip()]
    lower = {t.lower() for t in own}
    # «Автомир-Север» as a hotword seeded a «Север-Север-Север-…» loop: hyphens become spaces
    found = [" ".join(t.replace("-", " ").split()) for t in terms_from_texts(texts)]
    return "\n".join(own + [t for t in found if t.lower() not in lower])
