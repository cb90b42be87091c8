"""A kind of call the rules put out of a stage's reach (a job seeker, a wrong number, an existing
customer's service call) is judged all the same once the organisation's reviewers judged such calls."""

from rop.analysis.embedded import EmbeddedEvaluator, LabelledExample
from rop.analysis.types import StageStatus, Utterance
from tests.analysis.embedded.helpers import checklist, dialog, stage

CRITERION = "Менеджер выяснил опыт работы и зарплатные ожидания."
POSTS = ("кладовщика", "водителя", "повара", "бухгалтера", "продавца")


def _candidate_call(post: str) -> list[Utterance]:
    """A staffing agency's call with a candidate: the rules take him for a job seeker, not a client."""
    return dialog(
        ("M", "Добрый день, меня зовут Ольга, агентство «Штат»."),
        ("C", f"Здравствуйте, я по вакансии {post}, резюме вчера отправлял."),
        ("M", "Да, вижу ваше резюме. Когда вам удобно прийти на собеседование?"),
        ("C", "Можно в четверг после обеда."),
        ("M", "Хорошо, четверг, пятнадцать ноль-ноль, адрес пришлю сообщением."),
        ("C", "Спасибо, до свидания."),
    )


def _reviewed(status: StageStatus) -> dict[str, list[LabelledExample]]:
    return {"s": [LabelledExample(status, tuple(_candidate_call(p)), p) for p in POSTS[:3]]}


def test_without_reviews_a_job_seekers_call_is_not_applicable() -> None:
    (v,) = EmbeddedEvaluator().evaluate_checklist(_candidate_call(POSTS[4]), checklist(stage(CRITERION)))
    assert v.status == "not_applicable", v.comment


def test_a_kind_the_reviewers_judged_on_is_judged_on_the_next_call() -> None:
    ev = EmbeddedEvaluator()
    cl = checklist(stage(CRITERION))
    (v,) = ev.evaluate_checklist(_candidate_call(POSTS[4]), cl, examples=_reviewed("failed"))
    assert v.status == "failed", v.comment
    assert "не найдено" in v.comment.lower(), v.comment


def test_a_kind_the_reviewers_left_not_applicable_stays_out_of_reach() -> None:
    cl = checklist(stage(CRITERION))
    (v,) = EmbeddedEvaluator().evaluate_checklist(_candidate_call(POSTS[4]), cl, examples=_reviewed("not_applicable"))
    assert v.status == "not_applicable", v.comment


def test_a_kind_is_overruled_only_by_more_judged_calls_than_agreed_ones() -> None:
    from rop.analysis.embedded.compiler import compile_stage
    from rop.analysis.embedded.learning import fit_stage

    comp = compile_stage("Опыт и ожидания", CRITERION)
    calls = [tuple(_candidate_call(p)) for p in POSTS[:3]]
    two_agreed = [LabelledExample("not_applicable", calls[0], "a"), LabelledExample("not_applicable", calls[1], "b")]
    two_judged = [LabelledExample("failed", calls[1], "b"), LabelledExample("failed", calls[2], "c")]
    assert fit_stage(comp, [*two_agreed, two_judged[1]]).overruled == frozenset()
    assert fit_stage(comp, [two_agreed[0], *two_judged]).overruled == {"not_client:соискатель, а не клиент"}
