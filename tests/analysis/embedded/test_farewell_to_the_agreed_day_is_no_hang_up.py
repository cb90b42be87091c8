"""A client whose last turn takes leave till the agreed day («Хорошо, до понедельника», «Спасибо.
Жду в субботу») has not broken off the call (prose13), even when the manager's last words were a
question or had no goodbye: a stage «не применимо, если клиент оборвал разговор» is judged. A client
whose last turn asks and then says goodbye («Вы серьёзно? … Всё, спасибо, до свидания») left without
waiting for the answer: he broke off."""

from __future__ import annotations

from rop.analysis.embedded import calltype
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog

HEAD = (
    ("M", "Компания «Теплица», Денис, здравствуйте."),
    ("C", "Здравствуйте, хочу поликарбонатную теплицу шесть метров."),
    ("M", "Есть в наличии. Замерщик может приехать в понедельник, седьмого. Вам удобно после обеда?"),
)


def test_a_farewell_to_the_agreed_day_after_a_question() -> None:
    call = dialog(*HEAD, ("C", "Да, после обеда. Хорошо, Денис, до понедельника."))
    assert calltype.hung_up(prepare(call)) is None


def test_thanks_in_the_last_turn_before_a_look_forward() -> None:
    call = dialog(
        *HEAD,
        ("C", "Удобно."),
        ("M", "Отлично. Если что, звоните мне напрямую."),
        ("C", "Хорошо. Спасибо. Жду в понедельник."),
    )
    assert calltype.hung_up(prepare(call)) is None


def test_a_client_cutting_the_manager_short_still_hangs_up() -> None:
    call = dialog(*HEAD, ("C", "Нет, мне это не интересно."))
    assert calltype.hung_up(prepare(call)) is not None


def test_a_client_who_asks_and_says_goodbye_in_one_turn_broke_off() -> None:
    call = dialog(
        *HEAD[:2],
        ("M", "С монтажом такая теплица выйдет в шестьдесят тысяч."),
        ("C", "Шестьдесят тысяч? Вы серьёзно? На рынке за тридцать продают. Всё, спасибо, до свидания."),
    )
    assert calltype.hung_up(prepare(call)) is not None
