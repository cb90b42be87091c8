"""An element the head of sales does not require is learnt from the reviewed calls and dropped."""

from rop.analysis.embedded import EmbeddedEvaluator, LabelledExample
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import checklist, dialog, stage

CRITERION = "Менеджер поздоровался, назвал своё имя и спросил, откуда клиент узнал о компании."
NAMES = ("Алексей", "Ольга", "Марина", "Сергей", "Дмитрий", "Ирина")


def _call(name: str | None, source: bool = False) -> list[Utterance]:
    intro = f"Добрый день, меня зовут {name}, компания «Новый дом»." if name else "Добрый день, компания «Новый дом»."
    turns = [("M", intro), ("C", "Здравствуйте, хочу узнать про двухкомнатные квартиры.")]
    if source:
        turns += [("M", "Подскажите, откуда вы о нас узнали?"), ("C", "Из рекламы в интернете.")]
    turns += [("M", "Есть варианты от шести миллионов, пришлю подборку."), ("C", "Хорошо, спасибо.")]
    return dialog(*turns)


def _reviewed() -> dict[str, list[LabelledExample]]:
    passed = [LabelledExample("completed", tuple(_call(n)), n) for n in NAMES[:3]]
    failed = [LabelledExample("failed", tuple(_call(None)), f"f{i}") for i in range(2)]
    return {"s": passed + failed}


def test_an_element_missing_from_calls_the_reviewer_passed_is_no_longer_required() -> None:
    cl = checklist(stage(CRITERION))
    ev = EmbeddedEvaluator()
    new = _call("Ирина")
    assert ev.evaluate_checklist(new, cl)[0].status == "failed"
    (v,) = ev.evaluate_checklist(new, cl, examples=_reviewed())
    assert v.status == "completed", v.comment
    assert "Не требуется по проверенным звонкам" in v.comment


def test_a_call_like_those_the_reviewer_failed_still_fails_after_the_drop() -> None:
    cl = checklist(stage(CRITERION))
    (v,) = EmbeddedEvaluator().evaluate_checklist(_call(None), cl, examples=_reviewed())
    assert v.status == "failed", v.comment


def test_no_element_is_dropped_on_a_single_passed_call() -> None:
    from rop.analysis.embedded.compiler import compile_stage
    from rop.analysis.embedded.learning import fit_stage

    comp = compile_stage("Приветствие", CRITERION)
    one = [LabelledExample("completed", tuple(_call("Ольга")), "a"), LabelledExample("failed", tuple(_call(None)), "b")]
    assert fit_stage(comp, one).dropped == ()
