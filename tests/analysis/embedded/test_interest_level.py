"""The interest level field: none where nothing was sold (a customer's own matter, «перезвоните, я за
рулём»), low for a refusal however short, high for an agreed step."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

LEVEL = FieldSpec("interest", "Уровень интереса клиента", "enum", ("высокий", "средний", "низкий"))


def _level(transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("t", "Таблица", (LEVEL,)))
    return result.values["interest"].value


def test_a_short_refusal_is_low_interest() -> None:
    refusal = dialog(
        ("M", "Добрый день, Олег, компания «Кедр», строим бани. Вам интересно?"),
        ("C", "Нет, не интересует, спасибо."),
        ("M", "Понял, всего доброго."),
    )
    assert _level(refusal) == "низкий"


def test_a_call_put_off_at_once_has_no_level() -> None:
    busy = dialog(
        ("M", "Добрый день, Олег, компания «Кедр», строим бани. Удобно говорить?"),
        ("C", "Я за рулём, перезвоните завтра."),
        ("M", "Хорошо, наберу завтра."),
    )
    assert _level(busy) is None


def test_a_meeting_agreed_for_a_day_is_high_interest() -> None:
    agreed = dialog(
        ("M", "Добрый день, Олег, компания «Кедр», строим бани под ключ."),
        ("C", "О, как раз думаем о бане на даче. Сколько стоит шесть на четыре?"),
        ("M", "Около восьмисот тысяч под ключ. Приезжайте в офис посмотреть проекты, в субботу в одиннадцать удобно?"),
        ("C", "Отлично, давайте в субботу в одиннадцать, приеду."),
        ("M", "Записал: суббота, одиннадцать. До встречи!"),
    )
    assert _level(agreed) == "высокий"
