"""«Для действующих клиентов этап засчитывается, если менеджер назначил выезд мастера с днём»
(prose13): on a call of that kind only the things named there are required, not the stage's full
list (address, time): a warranty visit booked for a day completes the next step."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of

NEXT = stage(
    "Разговор заканчивается записью на бесплатный замер с конкретной датой и временем и адресом. "
    "Для действующих клиентов этап засчитывается, если менеджер назначил выезд мастера с днём."
)


def test_the_sentence_relaxes_the_stage_on_that_kind_of_call() -> None:
    [cond] = [c for c in compile_stage(NEXT.name, NEXT.criterion).conditions if c.outcome == "relaxed"]
    assert "service" in cond.call_kinds and cond.keep == ("date",)


def test_a_warranty_visit_with_a_day_completes_it() -> None:
    call = dialog(
        ("M", "«Окна Плюс», Сергей, здравствуйте."),
        ("C", "Здравствуйте, вы мне в прошлом году окна ставили, теперь створка не закрывается."),
        ("M", "Это гарантийный случай, всё сделаем бесплатно."),
        ("C", "А когда сможете?"),
        ("M", "Мастер приедет в субботу, пятого."),
        ("C", "Хорошо, жду."),
    )
    assert status_of(call, NEXT) == "completed"
