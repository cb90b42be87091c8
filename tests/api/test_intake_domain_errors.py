"""The intake service refuses with domain errors (no HTTP in it); rop.api turns them into statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from rop.api.main import domain_status
from rop.core.errors import Conflict, InvalidInput, NotFound
from rop.intake import errors
from rop.intake.services import CallIn, Upload, check_upload, parse_call, submit_call


def test_missing_field_is_an_invalid_field_with_the_russian_message() -> None:
    with pytest.raises(errors.InvalidField) as caught:
        parse_call({"manager_id": "m1"}, has_file=True)
    assert caught.value.message == "Не указано обязательное поле: call_id"
    assert isinstance(caught.value, InvalidInput)


def test_upload_that_is_not_audio_is_refused_as_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"just some text, not a recording" * 10)
    with pytest.raises(errors.NotAudio) as caught:
        check_upload(Upload(path=str(path), name="notes.txt"))
    assert caught.value.message == "Файл не является аудио"


def test_second_call_with_the_same_id_is_a_duplicate(org, tmp_path: Path, mp3_bytes: bytes) -> None:  # type: ignore[no-untyped-def]
    item = CallIn(call_id="dup-1", manager_id="m1", audio_url="", deal_id="", deal_stage_id="", duration=None)

    def upload() -> Upload:
        path = tmp_path / "call.mp3"
        path.write_bytes(mp3_bytes)
        return Upload(path=str(path), name="call.mp3")

    submit_call(org, item, upload())
    with pytest.raises(errors.DuplicateCall) as caught:
        submit_call(org, item, upload())
    assert caught.value.message == "Звонок с данным call_id уже обработан"


def test_api_maps_each_kind_of_refusal_to_its_status() -> None:
    assert domain_status(errors.InvalidField("x")) == 400
    assert domain_status(errors.AudioTooLarge("x")) == 400
    assert domain_status(errors.SourceForbidden("x")) == 400
    assert domain_status(errors.DuplicateCall()) == 409
    assert domain_status(Conflict("x")) == 409
    assert domain_status(NotFound("x")) == 404
