"""How a call ended: a client who takes his leave did not hang up; a line that was lost did drop."""

from rop.analysis.embedded import calltype
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog

OPENING = (
    ("M", "Добрый день, автосалон «Мотор», Игорь. Вы оставляли заявку на кроссовер."),
    ("C", "Да, оставлял. Смотрю пока, ничего конкретного."),
)


def test_a_client_who_says_goodbye_after_the_manager_finished_did_not_hang_up() -> None:
    prep = prepare(dialog(*OPENING, ("M", "Ну хорошо, думайте. Если что, звоните."), ("C", "Ага. До свидания.")))
    assert calltype.hung_up(prep) is None


def test_a_client_who_cuts_the_manager_off_with_a_goodbye_hung_up() -> None:
    prep = prepare(dialog(*OPENING, ("M", "Нет, ну подождите, у нас..."), ("C", "Всё, спасибо, до свидания.")))
    assert calltype.hung_up(prep) is not None


def test_a_line_that_was_lost_is_a_dropped_call() -> None:
    prep = prepare(
        dialog(
            *OPENING,
            ("C", "Алло, ничего не слышно."),
            ("M", "Алло? Видимо, связь пропала. Я перезвоню чуть позже."),
        )
    )
    assert calltype.dropped(prep) is not None
