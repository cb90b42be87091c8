"""Verdicts from compiled stages: elements, requirements, conditions, corrections, reviewed examples."""

from rop.analysis.embedded import (
    EmbeddedEvaluator,
    LabelledExample,
    apply_corrections,
    compile_checklist,
)
from rop.analysis.types import ChecklistSpec, StageSpec, StageVerdict, Utterance
from tests.analysis.embedded.helpers import checklist, dialog

REALTY = dialog(
    ("M", "Добрый день! Меня зовут Алексей, агентство «Свой угол»."),
    ("C", "Здравствуйте."),
    ("M", "Какой бюджет на покупку рассматриваете?"),
    ("C", "До шести миллионов."),
    ("M", "Есть двухкомнатная квартира за пять миллионов восемьсот тысяч, посмотрим в субботу в полдень?"),
    ("C", "Давайте."),
)
CARS = dialog(
    ("M", "Автосалон «Север-Моторс», Дмитрий, здравствуйте!"),
    ("C", "Добрый день, я по поводу кроссовера, сколько стоит базовая комплектация?"),
    ("M", "Базовая комплектация стоит два миллиона сто тысяч, в кредит или лизинг тоже можно."),
    ("C", "Дороговато."),
    (
        "M",
        "Понимаю. Есть программа трейд-ин, ваш автомобиль зачтём по рыночной цене, и получится заметно дешевле.",
    ),
    ("C", "Интересно."),
    ("M", "Приезжайте на тест-драйв в четверг в пять вечера, машина будет готова."),
    ("C", "Хорошо, приеду в четверг."),
)


def _one(transcript: list[Utterance], name: str, criterion: str, **kw: object) -> StageVerdict:
    spec = StageSpec("s", name, criterion)
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(spec), **kw)  # type: ignore[arg-type]
    return v


def test_greeting_and_introduction_pass_despite_a_clarifying_sentence() -> None:
    v = _one(
        REALTY,
        "Приветствие и представление",
        "Менеджер поздоровался и назвал своё имя. Клиент должен понять, кто ему звонит.",
    )
    assert v.status == "completed", v.comment
    assert "Меня зовут Алексей" in v.quote
    assert v.comment.startswith("Выполнено: приветствие, представление")


def test_a_comment_names_found_and_missing_elements_in_plain_russian() -> None:
    v = _one(REALTY, "Старт", "МРК поздоровался, назвал своё имя, компанию и должность")
    assert "не найдено" in v.comment and "должность" in v.comment
    assert "приветствие" in v.comment.split(";")[0]
    for meta in ("МРК", "failed", "выполнено только"):
        assert meta not in v.comment


def test_no_objections_makes_the_stage_not_applicable_by_its_written_condition() -> None:
    v = _one(REALTY, "Работа с возражениями", "МРК ответил на возражения. Если возражений не было — не применимо.")
    assert v.status == "not_applicable"


def test_a_written_not_applicable_condition_is_applied() -> None:
    crit = "Менеджер сам спросил про бюджет. Не применимо, если клиент сам назвал бюджет первым."
    call = dialog(
        ("C", "Здравствуйте, ищу квартиру, бюджет у меня пять миллионов."),
        ("M", "Добрый день, есть хорошая квартира в новостройке за четыре миллиона девятьсот тысяч."),
        ("C", "Интересно, какая площадь?"),
    )
    v = _one(call, "Бюджет", crit)
    assert v.status == "not_applicable" and "Не применимо" in v.comment
    assert _one(REALTY, "Бюджет", crit).status == "completed"


def test_any_of_the_listed_elements_is_enough_at_a_car_dealership() -> None:
    crit = "Хотя бы один из: пригласил на тест-драйв, предложил трейд-ин, предложил кредит."
    v = _one(CARS, "Следующий шаг", crit)
    assert v.status == "completed", v.comment
    assert "достаточно одного" in v.comment


def test_at_least_two_of_three_at_a_clinic_desk() -> None:
    clinic = dialog(
        ("M", "Клиника «Здоровье», администратор Ольга, здравствуйте."),
        ("C", "Здравствуйте, хочу записаться к терапевту, болит горло, стоимость приёма какая?"),
        ("M", "Приём терапевта стоит тысяча восемьсот рублей. Запишу вас на завтра на десять утра?"),
        ("C", "Да, подходит."),
    )
    crit = "Не менее двух из: назвал стоимость приёма, предложил дату, назвал время."
    assert _one(clinic, "Запись", crit).status == "completed"
    crit_all = "Администратор назвал стоимость, предложил время и уточнил номер полиса."
    v = _one(clinic, "Запись", crit_all)
    assert v.status == "failed" and "полис" in v.comment


def test_corrections_of_the_head_of_sales_are_used() -> None:
    cl = ChecklistSpec("B2B", (StageSpec("s", "Квалификация", "Менеджер выяснил ЛПР и размер штата"),))
    call = dialog(
        ("M", "Компания «Облако-Софт», Игорь. Кто у вас принимает решение о закупке софта?"),
        ("C", "Решает директор, Сергей Петрович."),
        ("M", "А сколько сотрудников будет работать в системе?"),
        ("C", "Человек сорок, у нас склад и сервис по продаже оборудования."),
    )
    ev = EmbeddedEvaluator()
    (before,) = ev.evaluate_checklist(call, cl)
    compiled = compile_checklist(cl)
    keys = [e.key for e in compiled["s"].elements]
    fixed = apply_corrections(
        compiled["s"],
        [
            {"op": "add_phrase", "element": k, "phrase": p}
            for k, p in zip(keys, ("принимает решение", "сколько сотрудников"), strict=True)
        ],
    )
    (after,) = ev.evaluate_checklist(call, cl, compiled={"s": fixed})
    assert after.status == "completed", (after.comment, fixed.explain())
    dropped = apply_corrections(fixed, [{"op": "drop_element", "element": keys[-1]}])
    (only,) = ev.evaluate_checklist(call, cl, compiled={"s": dropped})
    assert only.status == "completed" and len(dropped.elements) == len(keys) - 1
    assert before.comment != after.comment


def _asking(*topics: str) -> list[Utterance]:
    questions = {
        "budget": ("Какой у вас бюджет?", "Пять миллионов."),
        "timeline": ("Когда планируете покупку?", "Летом."),
        "payment": ("Как будете оплачивать, ипотека?", "Ипотека."),
    }
    turns: list[tuple[str, str]] = [
        ("M", "Добрый день, агентство «Дом», ищете квартиру?"),
        ("C", "Да, квартиру."),
    ]
    for t in topics:
        q, a = questions[t]
        turns += [("M", q), ("C", a)]
    turns += [("M", "Есть квартира за четыре миллиона девятьсот тысяч, подберу варианты."), ("C", "Хорошо.")]
    return dialog(*turns)


def test_reviewed_examples_calibrate_the_stage_threshold() -> None:
    crit = "Менеджер выяснил бюджет, сроки и способ оплаты"
    cl = checklist(StageSpec("q", "Квалификация", crit))
    new_call = _asking("budget", "payment")
    ev = EmbeddedEvaluator()
    assert ev.evaluate_checklist(new_call, cl)[0].status == "failed"  # 2 of 3 by default
    # this organisation accepts two of the three, never one
    reviewed = [
        LabelledExample("completed", tuple(_asking("budget", "timeline")), "a"),
        LabelledExample("completed", tuple(_asking("timeline", "payment")), "b"),
        LabelledExample("completed", tuple(_asking("budget", "timeline", "payment")), "c"),
        LabelledExample("failed", tuple(_asking("budget")), "d"),
        LabelledExample("failed", tuple(_asking("payment")), "e"),
        LabelledExample("failed", tuple(_asking()), "f"),
    ]
    (v,) = ev.evaluate_checklist(new_call, cl, examples={"q": reviewed})
    assert v.status == "completed", v.comment
    (one,) = ev.evaluate_checklist(_asking("timeline"), cl, examples={"q": reviewed})
    assert one.status == "failed"


def test_a_free_element_matches_another_form_of_its_word() -> None:
    call = dialog(
        ("M", "Добрый день, жилой комплекс «Лето», квартира ещё продаётся."),
        ("C", "Здравствуйте, а сколько стоит?"),
        ("M", "Шесть миллионов. Вам нужно парковочное место?"),
        ("C", "Да, нужно."),
    )
    v = _one(call, "Парковка", "Менеджер уточнил потребность в парковке")
    assert v.status == "completed", v.comment
    assert "парковочное" in v.quote


def test_calibration_needs_both_verdicts_and_must_do_better_than_the_default() -> None:
    from rop.analysis.embedded.learning import calibrate

    assert calibrate([(0.67, True), (0.67, True), (1.0, True)]) is None  # one class only
    assert calibrate([(1.0, True), (0.3, False), (0.9, True), (0.0, False)]) is None  # default is fine
    t = calibrate([(0.67, True), (0.67, True), (1.0, True), (0.33, False), (0.0, False)])
    assert t is not None and 0.33 < t <= 0.67
    # right on one more example than the default: noise on a handful of calls, not a lesson
    assert calibrate([(0.7, True), (1.0, True), (0.3, False), (0.0, False)]) is None


def test_a_learnt_threshold_must_judge_the_example_left_out_better_than_the_default() -> None:
    from rop.analysis.embedded.learning import calibrate

    # 0.45 fits all six but one, the default only three; yet fitted on any five, the threshold
    # misjudges the one left out as often as the default: passed and failed calls interleave
    # there, and the reviews do not say where this organisation draws the line
    assert calibrate([(0.5, True), (0.6, True), (0.7, True), (0.65, False), (0.0, False), (0.1, False)]) is None
    # the same calls with the failed one well below: the line is clear and learnt
    t = calibrate([(0.5, True), (0.6, True), (0.7, True), (0.3, False), (0.0, False), (0.1, False)])
    assert t is not None and 0.3 < t <= 0.5


def test_nearest_examples_vote_with_their_verdicts() -> None:
    import numpy as np

    from rop.analysis.embedded.learning import StageModel, decide, nearest_vote

    a, b = np.eye(384, dtype=np.float32)[0], np.eye(384, dtype=np.float32)[1]
    model = StageModel(None, np.stack([a, a, a, b]), ["completed", "completed", "completed", "failed"])
    assert nearest_vote(model, a) == ("completed", 1.0)
    assert decide(model, "failed", 0.6, a) is None  # the examples have not shown they judge better
    model.neighbours_ok = True
    assert decide(model, "failed", 0.6, a) == "completed"  # the rules were unsure
    assert decide(model, "failed", 0.0, a) is None  # the rules were sure
    assert nearest_vote(StageModel(None, np.stack([a]), ["failed"]), a) is None  # too few examples


def test_things_that_must_not_happen_pass_until_they_happen() -> None:
    crit = "Менеджер говорит вежливо, не перебивает клиента, не использует слово «короче»."
    c = compile_checklist(checklist(StageSpec("p", "Вежливость", crit)))["p"]
    assert [e.absent for e in c.elements] == [True, True]
    assert _one(REALTY, "Вежливость", crit).status == "completed"
    rude = dialog(
        ("M", "Агентство «Дом», короче, квартира продаётся, цена пять миллионов."),
        ("C", "Понятно, а где она?"),
    )
    v = _one(rude, "Вежливость", crit)
    assert v.status == "failed" and "нарушено" in v.comment and "короче" in v.comment


def test_a_manner_clause_is_not_an_element() -> None:
    c = compile_checklist(
        checklist(StageSpec("p", "Презентация", "Менеджер рассказал о преимуществах, опираясь на потребности клиента"))
    )["p"]
    assert [e.key for e in c.elements] == ["advantage"]


def test_an_example_phrase_of_the_head_of_sales_matches_other_wordings() -> None:
    # (the decision maker, this test's first element, is now known to the lexicon: an element it
    # does not know takes its place)
    cl = ChecklistSpec("B2B", (StageSpec("s", "Квалификация", "Менеджер выяснил учётную систему клиента"),))
    call = dialog(
        ("M", "Компания «Облако-Софт», Игорь, добрый день. Вы оставляли заявку на внедрение CRM."),
        ("C", "Да, здравствуйте, интересует тариф для отдела продаж."),
        ("M", "А в какой программе вы сейчас ведёте клиентов?"),
        ("C", "В экселе, таблицы."),
        ("M", "Отлично, подготовлю коммерческое предложение по тарифу."),
    )
    ev = EmbeddedEvaluator()
    assert ev.evaluate_checklist(call, cl)[0].status == "failed"
    compiled = compile_checklist(cl)
    key = compiled["s"].elements[0].key
    fixed = apply_corrections(
        compiled["s"], [{"op": "add_phrase", "element": key, "phrase": "в какой программе работаете с клиентами"}]
    )
    (v,) = ev.evaluate_checklist(call, cl, compiled={"s": fixed})
    assert v.status == "completed", v.comment
    assert v.quote == "А в какой программе вы сейчас ведёте клиентов?"


def _support(warm: bool, topic: str) -> list[Utterance]:
    reply = (
        f"Понимаю вас, это действительно неприятно, давайте вместе разберёмся с {topic}."
        if warm
        else f"Ну, {topic} это не к нам, такие правила."
    )
    return dialog(
        ("M", "Автосалон «Север», добрый день."),
        ("C", f"Здравствуйте, у меня проблема с {topic} после покупки автомобиля."),
        ("M", reply),
        ("C", "Хорошо."),
        ("M", "Запишу вас в сервис на четверг, стоимость диагностики нулевая."),
    )


def test_nearest_reviewed_examples_decide_a_stage_the_rules_cannot_read() -> None:
    crit = "Менеджер проявил эмпатию"
    cl = checklist(StageSpec("e", "Эмпатия", crit))
    topics = ("кондиционером", "магнитолой", "фарами", "тормозами", "дворниками", "стеклоподъёмником")
    reviewed = [
        LabelledExample("completed" if i % 2 == 0 else "failed", tuple(_support(i % 2 == 0, t)), t)
        for i, t in enumerate(topics)
    ]
    ev = EmbeddedEvaluator()
    warm, cold = _support(True, "подогревом сидений"), _support(False, "подогревом сидений")
    assert ev.evaluate_checklist(warm, cl)[0].status == "failed"  # the rules see no «эмпатия»
    (v,) = ev.evaluate_checklist(warm, cl, examples={"e": reviewed})
    assert v.status == "completed" and "похожим проверенным звонкам" in v.comment
    assert ev.evaluate_checklist(cold, cl, examples={"e": reviewed})[0].status == "failed"


def test_a_stage_that_applies_only_if_the_client_asked() -> None:
    crit = "Если клиент спросил про ипотеку, менеджер рассказал о ставке и первоначальном взносе."
    assert _one(REALTY, "Ипотека", crit).status == "not_applicable"
    asked = dialog(
        ("M", "Добрый день, агентство «Дом», квартира продаётся за пять миллионов."),
        ("C", "А ипотеку можно оформить?"),
        ("M", "Да, ставка от шести процентов, первоначальный взнос от двадцати процентов."),
    )
    assert _one(asked, "Ипотека", crit).status == "completed"


def test_a_call_of_an_unfamiliar_trade_is_judged_when_it_does_what_the_checklist_asks() -> None:
    call = dialog(
        ("M", "Алло, это Мария, грумер. Какая порода у вашей собаки?"),
        ("C", "Шпиц, ему три года."),
        ("M", "Для шпица советую гигиеническую стрижку и вычёсывание подшёрстка."),
        ("C", "Хорошо, давайте."),
    )
    cl = ChecklistSpec(
        "Груминг",
        (
            StageSpec("a", "Порода", "Мастер уточнил породу собаки"),
            StageSpec("b", "Услуга", "Мастер посоветовал стрижку и вычёсывание"),
        ),
    )
    verdicts = EmbeddedEvaluator().evaluate_checklist(call, cl)
    assert [v.status for v in verdicts] == ["completed", "completed"], [v.comment for v in verdicts]
    chat = dialog(
        ("C", "Привет, это Лена из бухгалтерии."),
        ("M", "Привет, что случилось?"),
        ("C", "У тебя принтер работает?"),
        ("M", "Вроде работает."),
    )
    assert {v.status for v in EmbeddedEvaluator().evaluate_checklist(chat, cl)} == {"not_applicable"}


def test_reviewed_examples_that_only_repeat_the_usual_verdict_do_not_overrule_the_rules() -> None:
    crit = "Менеджер проявил эмпатию"
    cl = checklist(StageSpec("e", "Эмпатия", crit))
    topics = ("кондиционером", "магнитолой", "фарами", "тормозами", "дворниками")
    # four of five reviewed calls passed, and the one that failed reads like the others: the
    # nearest examples can only echo «most calls pass», which says nothing about a new call
    reviewed = [
        LabelledExample("failed" if i == 2 else "completed", tuple(_support(True, t)), t) for i, t in enumerate(topics)
    ]
    cold = _support(False, "подогревом сидений")
    ev = EmbeddedEvaluator()
    assert ev.evaluate_checklist(cold, cl)[0].status == "failed"
    (v,) = ev.evaluate_checklist(cold, cl, examples={"e": reviewed})
    assert v.status == "failed", v.comment
    assert "похожим проверенным звонкам" not in v.comment


def test_the_usual_verdict_of_the_other_examples_is_the_baseline_of_the_nearest_ones() -> None:
    from rop.analysis.embedded.learning import _prior_right
    from rop.analysis.types import StageStatus

    mostly: list[StageStatus] = ["completed", "completed", "completed", "completed", "failed"]
    tied: list[StageStatus] = ["completed", "completed", "failed", "failed"]
    assert _prior_right(mostly) == 4
    assert _prior_right(tied) == 0  # ties decide nothing
    assert _prior_right([]) == 0
