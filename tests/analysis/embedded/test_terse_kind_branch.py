"""«Повт. обр. — засч., если передал отв. и назвал срок ответа»: on calls of that kind the stage is
completed by what the branch names, not by the body (a visit with date and time)."""

from rop.analysis.embedded.compiler import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of

CRITERION = "Встреча в офисе: дата + время. Повт. обр. — засч., если передал отв. и назвал срок ответа."


def test_the_branch_is_a_completed_condition_for_repeat_calls() -> None:
    [cond] = compile_stage("Сл. шаг", CRITERION).conditions
    assert cond.outcome == "completed" and cond.call_kinds == ("repeat",) and cond.element is not None


def test_a_repeat_call_passed_on_with_a_term_is_completed() -> None:
    call = dialog(
        ("M", "Добрый день, «Гранит», Анна."),
        ("C", "Здравствуйте, я у вас уже покупал квартиру, повторно звоню по поводу ключей, никто не перезвонил."),
        ("M", "Понимаю. Я передам вопрос руководителю отдела заселения, он перезвонит вам завтра до обеда."),
        ("C", "Хорошо, жду."),
    )
    assert status_of(call, stage(CRITERION)) == "completed"
