"""Deleting a call's data: the audio (through the store: a local directory or S3), and with the call
row everything hanging off it by cascade (transcript segments and their search index, checklist and
table results, events, webhook deliveries pending or not, their attempts). Every deletion leaves an
audit line (rop.audit), which names the call but holds none of its data.

Audio goes first: if the database step then fails, asking again finishes the job (a call whose
audio is gone is still deletable), and audio never outlives a call that was asked to go.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from rop.audit.services import Action, record
from rop.calls.models import Call
from rop.calls.services import MAX_ID_LEN, MSG_CALL_NOT_FOUND, is_clean_text
from rop.core.errors import NotFound
from rop.store import get_store
from rop.tenants.models import Organisation

log = logging.getLogger(__name__)

Actor = AbstractBaseUser | AnonymousUser | None


def delete_audio(call: Call) -> bool:
    """Remove the call's audio from the store and forget its key; False when it had none."""
    key = call.audio_path
    if not key:
        return False
    get_store().delete(key)
    Call.objects.filter(pk=call.pk, audio_path=key).update(audio_path="")
    call.audio_path = ""
    return True


def delete_call(call: Call, actor: Actor, via: str, **details: Any) -> None:
    """Delete the call with its audio, transcript, results and webhooks; record who did it.

    `via` says where the request came from (api, ui, retention); `details` go to the audit line."""
    had_audio = delete_audio(call)
    org, call_id, pk = call.org, call.call_id, call.pk
    with transaction.atomic():
        Call.objects.filter(pk=pk).delete()
        record(org, actor, Action.CALL_DELETED, call_id, via=via, call_pk=pk, had_audio=had_audio, **details)
    log.info("call %s (org %s) deleted via %s", pk, org.pk, via)


def delete_by_call_id(org: Organisation, call_id: str, actor: Actor, via: str, **details: Any) -> Call:
    """Delete the organisation's call with exactly this CRM call_id (never a guess by internal id:
    a deletion must not hit another call). NotFound when there is none."""
    call = None
    if len(call_id) <= MAX_ID_LEN and is_clean_text(call_id):
        call = Call.objects.filter(org=org, call_id=call_id).select_related("org").first()
    if call is None:
        raise NotFound(MSG_CALL_NOT_FOUND)
    delete_call(call, actor, via, **details)
    return call
