"""Mono role labelling (rop.asr.speakers): voices clustered by pitch, roles from phrases, else unknown."""

from __future__ import annotations

from pathlib import Path

from rop.asr.speakers import assign_roles
from rop.audio.decode import decode_to_pcm
from tests.support import speech

TURNS = [
    speech.Turn("manager", "Агентство недвижимости Новый дом, здравствуйте, меня зовут Анна."),
    speech.Turn("client", "Добрый день, я звоню по поводу квартиры."),
    speech.Turn("manager", "Подскажите, как к вам обращаться?"),
    speech.Turn("client", "Меня зовут Сергей, хочу посмотреть квартиру."),
    speech.Turn("manager", "Могу предложить просмотр в субботу."),
]


def _mono(tmp_path: Path, turns: list[speech.Turn]) -> tuple[Path, speech.Dialogue]:
    dialogue = speech.build_dialogue(turns, stereo=False, fmt="wav")
    decoded = decode_to_pcm(dialogue.path, tmp_path / "w", 2700)
    return decoded.paths(tmp_path / "w")[0], dialogue


def test_two_voices_get_manager_and_client_roles(tmp_path: Path) -> None:
    path, dialogue = _mono(tmp_path, TURNS)
    roles = assign_roles(path, [(t.start, t.end, t.text) for t in dialogue.turns])
    assert roles == [t.speaker for t in dialogue.turns]


def test_one_voice_is_unknown_not_guessed(tmp_path: Path) -> None:
    same_voice = [speech.Turn("manager", t.text) for t in TURNS]
    path, dialogue = _mono(tmp_path, same_voice)
    roles = assign_roles(path, [(t.start, t.end, t.text) for t in dialogue.turns])
    assert roles == ["unknown"] * len(TURNS)


def test_two_voices_without_role_cues_are_unknown(tmp_path: Path) -> None:
    neutral = [speech.Turn("manager", "Да, хорошо."), speech.Turn("client", "Понятно, спасибо."),
               speech.Turn("manager", "Отлично, договорились."), speech.Turn("client", "До свидания.")]
    path, dialogue = _mono(tmp_path, neutral)
    roles = assign_roles(path, [(t.start, t.end, t.text) for t in dialogue.turns])
    assert roles == ["unknown"] * len(neutral)
