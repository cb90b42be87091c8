"""Finding stored calls, and the text rules every stored identifier follows."""

from __future__ import annotations

from rop.calls.models import Call
from rop.tenants.models import Organisation

MAX_ID_LEN = 255
MSG_CALL_NOT_FOUND = "Звонок не найден"  # the one wording, wherever a call is not found


def is_clean_text(text: str) -> bool:
    """False for NUL or lone surrogates: no database stores them (PostgreSQL, SQLite's UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_call(org: Organisation, ref: str) -> Call | None:
    """A call by CRM call_id, or by our internal numeric id as a fallback."""
    if len(ref) > MAX_ID_LEN or not is_clean_text(ref):
        return None  # cannot be a stored id (and NUL would break PostgreSQL)
    call = Call.objects.filter(org=org, call_id=ref).select_related("manager").first()
    if call is None and ref.isascii() and ref.isdigit() and len(ref) < 19:
        call = Call.objects.filter(org=org, pk=int(ref)).select_related("manager").first()
    return call
