"""The real embedded engine (faster-whisper, Whisper base int8) on short generated Russian dialogues."""

from __future__ import annotations

import pytest

from rop.asr.models import Segment
from rop.asr.stage import run as asr_run
from rop.audio.stage import run as audio_run
from rop.calls.models import Call
from rop.store import get_store
from rop.tenants.models import Organisation
from tests.support import speech

pytestmark = pytest.mark.slow

TURNS = [
    speech.Turn("manager", "Здравствуйте, агентство недвижимости, меня зовут Анна. Чем могу помочь?"),
    speech.Turn("client", "Добрый день, я звоню по поводу квартиры на улице Ленина."),
    speech.Turn("manager", "Да, конечно. Можем записать вас на просмотр в субботу."),
]


def _words(text: str) -> str:
    return text.lower().replace("ё", "е")


@pytest.mark.django_db
def test_stereo_dialogue_is_transcribed_with_key_words_and_roles(org: Organisation) -> None:
    dialogue = speech.build_dialogue(TURNS, stereo=True, fmt="mp3")
    tmp = dialogue.path.with_name(dialogue.path.name + ".upload")
    tmp.write_bytes(dialogue.path.read_bytes())
    get_store().put_file(tmp, f"{org.pk}/real.mp3")
    call = Call.objects.create(org=org, call_id="real-asr", audio_path=f"{org.pk}/real.mp3")
    audio_run(call)
    asr_run(call)
    rows = list(Segment.objects.filter(call=call).order_by("start"))
    manager = _words(" ".join(r.text for r in rows if r.speaker == "manager"))
    client = _words(" ".join(r.text for r in rows if r.speaker == "client"))
    for word in ("здравствуйте", "меня зовут", "просмотр", "суббот"):
        assert word in manager, manager
    for word in ("добрый день", "квартир", "ленина"):
        assert word in client, client
    assert "ленина" not in manager and "просмотр" not in client  # nothing leaked across channels
    # every segment's role is the speaker of the turn it lies in
    for row in rows:
        turn = max(dialogue.turns, key=lambda t: min(t.end, row.end) - max(t.start, row.start))
        assert row.speaker == turn.speaker, (row.text, turn.text)
        assert row.avg_prob is not None and 0 < row.avg_prob <= 1
    assert rows[0].start == pytest.approx(dialogue.turns[0].start, abs=0.6)


@pytest.mark.django_db
def test_mono_dialogue_gets_roles_from_voices_and_phrases(org: Organisation) -> None:
    dialogue = speech.build_dialogue(TURNS, stereo=False, fmt="wav")
    tmp = dialogue.path.with_name(dialogue.path.name + ".upload")
    tmp.write_bytes(dialogue.path.read_bytes())
    get_store().put_file(tmp, f"{org.pk}/mono.wav")
    call = Call.objects.create(org=org, call_id="real-mono", audio_path=f"{org.pk}/mono.wav")
    audio_run(call)
    asr_run(call)
    call.refresh_from_db()
    assert call.channels == 1
    rows = list(Segment.objects.filter(call=call).order_by("start"))
    assert rows and all(r.channel is None for r in rows)
    right = 0
    for row in rows:
        turn = max(dialogue.turns, key=lambda t: min(t.end, row.end) - max(t.start, row.start))
        assert row.speaker in (turn.speaker, "unknown"), (row.text, turn.text)  # never the wrong role
        right += row.speaker == turn.speaker
    assert right >= len(rows) - 1
