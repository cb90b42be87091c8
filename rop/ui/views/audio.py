"""The call's audio from the store, for the player: authorised, with Range support."""

from __future__ import annotations

import os

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from rop.accounts.permissions import Capability, get_call
from rop.audio.sniff import SNIFF_BYTES, sniff
from rop.store import get_store
from rop.ui.access import AccessRequest, ui_view
from rop.ui.ranges import Unsatisfiable, iter_slice, parse_range

MIME = {"mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg"}


@ui_view(Capability.VIEW_CALLS)
def call_audio(request: AccessRequest, pk: int) -> HttpResponseBase:
    call = get_call(request.access, pk)
    store = get_store()
    if not call.audio_path or not store.exists(call.audio_path):
        raise Http404("Аудио недоступно")
    fh = store.open(call.audio_path)
    size = os.fstat(fh.fileno()).st_size
    kind = sniff(fh.read(SNIFF_BYTES))
    content_type = MIME.get(kind or "", "application/octet-stream")
    try:
        rng = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        fh.close()
        resp = HttpResponse(status=416)
        resp["Content-Range"] = f"bytes */{size}"
        return resp
    start, end = rng if rng else (0, size - 1)
    length = max(0, end - start + 1)
    stream = StreamingHttpResponse(iter_slice(fh, start, length), status=206 if rng else 200,
                                 content_type=content_type)
    stream["Content-Length"] = str(length)
    stream["Accept-Ranges"] = "bytes"
    stream["Cache-Control"] = "private, max-age=3600"
    if rng:
        stream["Content-Range"] = f"bytes {start}-{end}/{size}"
    return stream
