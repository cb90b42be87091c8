"""The call's audio from the store, for the player: authorised, with Range support.

Bytes stream from the store (a local directory or an S3 bucket, with a ranged GET) without
landing on this node's disk.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from rop.accounts.permissions import Capability, get_call
from rop.audio.sniff import SNIFF_BYTES, sniff
from rop.store import StoreError, get_store
from rop.ui.access import AccessRequest, ui_view
from rop.ui.ranges import Unsatisfiable, parse_range

MIME = {"mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg"}


@ui_view(Capability.VIEW_CALLS)
def call_audio(request: AccessRequest, pk: int) -> HttpResponseBase:
    call = get_call(request.access, pk)
    store = get_store()
    try:
        size = store.size(call.audio_path) if call.audio_path else None
        head = b"".join(store.iter_range(call.audio_path, 0, SNIFF_BYTES)) if size else b""
    except StoreError:
        return HttpResponse("Хранилище аудио временно недоступно", status=503,
                            content_type="text/plain; charset=utf-8")
    if size is None:
        raise Http404("Аудио недоступно")
    content_type = MIME.get(sniff(head) or "", "application/octet-stream")
    try:
        rng = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        resp = HttpResponse(status=416)
        resp["Content-Range"] = f"bytes */{size}"
        return resp
    start, end = rng if rng else (0, size - 1)
    length = max(0, end - start + 1)
    stream = StreamingHttpResponse(store.iter_range(call.audio_path, start, length),
                                   status=206 if rng else 200, content_type=content_type)
    stream["Content-Length"] = str(length)
    stream["Accept-Ranges"] = "bytes"
    stream["Cache-Control"] = "private, max-age=3600"
    if rng:
        stream["Content-Range"] = f"bytes {start}-{end}/{size}"
    return stream
