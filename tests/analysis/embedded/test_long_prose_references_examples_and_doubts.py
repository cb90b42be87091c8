"""Long prose criteria (4–6 sentences a stage): a reference to another stage's not-applicable cases
written «там же, где не применим этап 2», «X без Y» as a kind of thing, a wrong number the stage
judges itself («При ошибочном звонке достаточно …»), lists of possible answers and bracketed
examples that are no required elements, doubts listed between dashes or implied by the manager's
«что смущает?», and other outcomes that complete a stage («вместо записи засчитывается бронь …»,
«Для клиента по уже сделанному заказу — сказать, когда …»)."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.embedded.compiler import _condition
from rop.analysis.embedded.verdict import objection_examples
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import checklist, dialog, status_of

NEEDS = StageSpec(
    "s2", "Выяснение задачи",
    "Мастер выясняет, с чем обращается клиент: ремонт, обслуживание или покупка нового велосипеда. Не "
    "применимо, если звонит поставщик запчастей.",
)
PRICE = StageSpec(
    "s3", "Цена",
    "Мастер называет цену или диапазон: стоимость диагностики, замены цепи, настройки тормозов (например, "
    "«диагностика 500, цепь от 1 200»), действующую акцию. Не применимо там же, где не применим этап 2.",
)
SALE = dialog(
    ("M", "Веломастерская «Спица», Олег, здравствуйте."),
    ("C", "Здравствуйте, у меня цепь слетает постоянно."),
    ("M", "Понял. Какой у вас велосипед, горный или городской?"),
    ("C", "Горный."),
    ("M", "Замена цепи у нас от тысячи двухсот рублей, диагностика пятьсот."),
    ("C", "Хорошо, спасибо."),
)
VENDOR = dialog(
    ("M", "Веломастерская «Спица», Олег, здравствуйте."),
    ("C", "Добрый день, я представитель поставщика запчастей, хотим предложить вам сотрудничество."),
    ("M", "Пришлите предложение на почту, я передам руководителю."),
    ("C", "Хорошо, до свидания."),
)


def _verdicts(transcript: list[Utterance], *stages: StageSpec) -> dict[str, str]:
    compiled = {s.stage_id: compile_stage(s.name, s.criterion) for s in stages}
    out = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(*stages), compiled=compiled)
    return {v.stage_id: v.status for v in out}


def test_there_where_stage_two_is_not_applicable_refers_to_its_cases() -> None:
    c = compile_stage(PRICE.name, PRICE.criterion)
    [ref] = [x for x in c.conditions if x.same_cases]
    assert ref.stage_ref == "2", c.explain()
    also = compile_stage("Ответ на сомнения", "Не применимо, если сомнений не было, а также там же, где не "
                         "применим этап 2.")
    assert any(x.same_cases and x.stage_ref == "2" for x in also.conditions), also.explain()


def test_the_reference_applies_stage_twos_cases_to_the_call_not_by_default() -> None:
    assert _verdicts(SALE, NEEDS, PRICE)["s3"] == "completed"
    assert _verdicts(VENDOR, NEEDS, PRICE)["s3"] == "not_applicable"


def test_a_thing_without_a_part_is_a_kind_of_thing_not_a_missing_event() -> None:
    kind = _condition("клиенту нужен велосипед без мотора", "not_applicable", "manager")
    assert not kind.negated and kind.element is not None
    assert "велосипед" in kind.element.keywords and [a.keywords for a in kind.also] == [("мотор",)]
    event = _condition("клиент ушёл без записи", "not_applicable", "manager")
    assert event.negated


def test_a_list_of_possible_requests_is_one_question() -> None:
    c = compile_stage(NEEDS.name, NEEDS.criterion)
    assert len(c.elements) == 1 and c.elements[0].ask, c.explain()


def test_kinds_of_one_price_and_bracketed_examples_are_no_elements() -> None:
    c = compile_stage(PRICE.name, PRICE.criterion)
    assert [e.key for e in c.elements] == ["price"], c.explain()


def test_contact_lenses_are_no_contact_details() -> None:
    c = compile_stage("Предложение", "Консультант предлагает контактные линзы и называет цену.")
    assert all("contact" not in e.concepts for e in c.elements), c.explain()
    assert any("contact" in e.concepts for e in compile_stage("Контакт", "Взял контактный телефон.").elements)


WRONG = StageSpec(
    "s1", "Приветствие",
    "Менеджер называет компанию и своё имя и в начале разговора узнаёт имя клиента. При ошибочном звонке "
    "достаточно названия компании и имени менеджера.",
)
WRONG_NUMBER = dialog(
    ("M", "Веломастерская «Спица», Олег, здравствуйте."),
    ("C", "Это стоматология? Я на приём записаться хотел."),
    ("M", "Нет, вы ошиблись номером, это веломастерская."),
    ("C", "Ой, извините."),
)


def test_a_wrong_number_is_judged_when_the_criterion_says_what_suffices_then() -> None:
    assert status_of(WRONG_NUMBER, WRONG) == "completed"


DOUBTS = StageSpec(
    "s5", "Сомнения",
    "Если клиент сомневается — дорого, долго, «у других дешевле», — мастер отвечает по существу. Не "
    "применимо, если сомнений не было.",
)


def test_doubts_listed_between_dashes_are_its_examples() -> None:
    phrases = [p for p, _ in objection_examples(DOUBTS.criterion)]
    assert {"дорого", "долго", "у других дешевле"} <= set(phrases)


def test_the_managers_question_what_troubles_the_client_implies_a_doubt() -> None:
    call = dialog(
        ("M", "Веломастерская «Спица», Олег, здравствуйте."),
        ("C", "Хочу сдать велосипед на сезонное обслуживание. А это ведь неделю у вас простоит."),
        ("M", "Да, около недели. А что именно смущает?"),
        ("C", "Ну, я на нём на работу езжу."),
        ("M", "Понимаю. Тогда можем сделать экспресс-обслуживание за один день, это на триста рублей дороже."),
        ("C", "Давайте так."),
    )
    assert status_of(call, DOUBTS) == "completed"


ENDING = StageSpec(
    "s6", "Запись",
    "Разговор заканчивается записью на ремонт на конкретный день и время; мастер повторяет дату и время. "
    "Если клиент покупает готовый товар, вместо записи засчитывается бронь товара с указанием, до какого "
    "дня его держат. Для клиента по уже сделанному заказу — сказать, когда он сможет забрать велосипед.",
)


def test_a_hold_of_goods_till_a_day_completes_the_stage_instead_of_a_booking() -> None:
    call = dialog(
        ("M", "Веломастерская «Спица», Олег, здравствуйте."),
        ("C", "Здравствуйте, у вас есть камера на двадцать девять дюймов?"),
        ("M", "Есть, четыреста рублей. Отложить?"),
        ("C", "Да, отложите, пожалуйста."),
        ("M", "Бронь камеры держим до пятницы включительно."),
        ("C", "Спасибо."),
    )
    assert status_of(call, ENDING) == "completed"


def test_an_existing_customer_is_told_the_day_to_pick_up() -> None:
    call = dialog(
        ("M", "Веломастерская «Спица», Олег, здравствуйте."),
        ("C", "Здравствуйте, хотел узнать, готов ли мой заказ, номер двести двенадцать, ремонт велосипеда."),
        ("M", "Сейчас посмотрю. Мастер заканчивает, будет готов в четверг после обеда."),
        ("C", "Хорошо, спасибо."),
    )
    assert status_of(call, ENDING) == "completed"
