"""Wave 8, completed elements (b9-complete6), as classes with examples of our own: the name of a third
person, a how-old question, diminutives and abbreviations of the criterion's words, a way of paying,
a decision's topic, what a thing "may be", a question's possible answers and a next step's kinds set
off by dashes, an agreement restated in concrete words; and the misses that must stay misses."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import dialog, stage, status_of


def _sale(*turns: tuple[str, str]) -> list[Utterance]:
    """A sales call: an opening where the client wants to buy, then the turns."""
    return dialog(
        ("M", "Компания «Дубрава», здравствуйте!"),
        ("C", "Здравствуйте, хочу заказать у вас, сколько стоит и когда можно записаться?"),
        ("M", "Стоимость от пяти тысяч, записать можем на эту неделю."),
        *turns,
    )


def _keys(criterion: str) -> list[str]:
    return [e.key for e in compile_stage("этап", criterion).elements]


# --- whose name -----------------------------------------------------------------------------------


def test_name_of_a_third_person_is_found_out_not_the_managers_own() -> None:
    keys = _keys("имя ученика + класс узнать")
    assert "introduce" not in keys and any(k.startswith("free:имя") for k in keys)
    assert "client_name" in _keys("имя заказчика и телефон")
    assert "introduce" in _keys("поздоровался и назвал своё имя")


def test_third_persons_name_needs_the_question_not_the_managers_introduction() -> None:
    spec = stage("имя питомца узнать")
    asked = dialog(
        ("M", "Груминг-салон «Лапки», меня зовут Ольга, здравствуйте."),
        ("C", "Здравствуйте, хочу записать собаку на стрижку."),
        ("M", "Конечно. Как зовут вашего пса?"),
        ("C", "Барон."),
    )
    assert status_of(asked, spec) == "completed"
    not_asked = dialog(
        ("M", "Груминг-салон «Лапки», меня зовут Ольга, здравствуйте."),
        ("C", "Здравствуйте, хочу записать собаку на стрижку."),
        ("M", "Конечно, на субботу есть окно в двенадцать."),
        ("C", "Подходит."),
    )
    assert status_of(not_asked, spec) == "failed"
    clients_own = dialog(
        ("M", "Груминг-салон «Лапки», меня зовут Ольга, здравствуйте."),
        ("C", "Здравствуйте, хочу записать собаку на стрижку."),
        ("M", "Конечно. Как вас зовут?"),
        ("C", "Марина."),
    )
    assert status_of(clients_own, spec) == "failed"


# --- how old, in any words ------------------------------------------------------------------------


def test_age_is_asked_by_a_bare_how_many_question() -> None:
    spec = stage("узнал возраст ученика")
    asked = dialog(
        ("M", "Школа «Умники», здравствуйте!"),
        ("C", "Здравствуйте, нам нужен репетитор по математике для сына, хотим записаться."),
        ("M", "А сколько ему сейчас?"),
        ("C", "Двенадцать, шестой класс."),
        ("M", "Занятие стоит полторы тысячи, приходите на пробное в субботу."),
    )
    assert status_of(asked, spec) == "completed"
    priced = dialog(
        ("M", "Школа «Умники», здравствуйте!"),
        ("C", "Здравствуйте, нам нужен репетитор по математике для сына, хотим записаться."),
        ("M", "Занятие стоит полторы тысячи, приходите на пробное в субботу."),
        ("C", "Понятно, а сколько занятий в неделю?"),
        ("M", "Два."),
    )
    assert status_of(priced, spec) == "failed"


# --- shortened and diminutive forms ---------------------------------------------------------------


def test_criterion_words_count_in_diminutive_and_full_forms() -> None:
    spec = stage("уточнил, что ищет — стол / шкаф / матем")
    small = _sale(("C", "Здравствуйте."), ("M", "Вам столик нужен или шкафчик?"), ("C", "Столик, в детскую."))
    assert status_of(small, spec) == "completed"
    full = _sale(("C", "Здравствуйте."), ("M", "Вам по математике или по физике?"), ("C", "Математика."))
    assert status_of(full, spec) == "completed"
    other = _sale(("C", "Здравствуйте."), ("M", "Вам удобно говорить?"), ("C", "Да."))
    assert status_of(other, spec) == "failed"


# --- a way of paying, a decision's topic ----------------------------------------------------------


def test_how_the_client_pays_is_the_payment_element() -> None:
    assert "payment" in _keys("Узнал, как покупатель будет рассчитываться")


def test_what_a_decision_is_about_is_no_element() -> None:
    keys = _keys("Выяснил, кто принимает решение по закупке и бюджету.")
    assert keys == ["decision_maker"]


def test_what_a_thing_may_be_are_illustrations() -> None:
    keys = _keys("Выяснил, кто принимает решение — это может быть владелец, завхоз или главный инженер.")
    assert keys == ["decision_maker"]


def test_a_questions_possible_answers_after_a_dash_are_no_elements() -> None:
    keys = _keys("Выяснил, кто сейчас возит грузы — своя машина, перевозчик или никто.")
    assert len(keys) == 1 and "перевоз" not in keys[0]


def test_next_step_kinds_between_dashes_are_alternatives() -> None:
    spec = stage("Менеджер фиксирует следующий шаг — замер, звонок, встреча или письмо — и конкретный день.")
    keys = [e.key for e in compile_stage(spec.name, spec.criterion).elements]
    assert "date" in keys and sum(k.startswith("examples:") for k in keys) == 1
    dated = _sale(("C", "Давайте подумаем."), ("M", "Тогда в четверг я к вам приеду на замер."), ("C", "Хорошо."))
    assert status_of(dated, spec) == "completed"
    undated = _sale(("C", "Давайте подумаем."), ("M", "Хорошо, созвонимся как-нибудь."), ("C", "Ага."))
    assert status_of(undated, spec) == "failed"


# --- an agreement restated in its own words ------------------------------------------------------


def test_agreement_restated_as_actions_with_days_is_the_recap() -> None:
    spec = stage("В конце менеджер подвёл итог договорённостей и попрощался.")
    restated = _sale(
        ("C", "Хорошо, жду информацию."),
        ("M", "Тогда сегодня пришлю вам каталог на почту, а в среду перезвоню. До свидания!"),
        ("C", "До свидания."),
    )
    assert status_of(restated, spec) == "completed"
    one_step = _sale(
        ("C", "Хорошо."),
        ("M", "Приезжайте в среду в салон. До свидания!"),
        ("C", "До свидания."),
    )
    assert status_of(one_step, spec) == "failed"


# --- a grade or model named by its code -----------------------------------------------------------


def test_a_grade_named_by_its_code_shows_the_specific_item() -> None:
    spec = stage("Менеджер назвал конкретную модель (серию или типоразмер, например «насос QB60», «труба ПН-20»).")
    coded = _sale(("C", "Мне насос для колодца."), ("M", "Берите ЦН-40, он потянет."), ("C", "Хорошо."))
    assert status_of(coded, spec) == "completed"
    vague = _sale(("C", "Мне насос для колодца."), ("M", "Есть хорошие, в 150 метрах от нас склад."), ("C", "Ага."))
    assert status_of(vague, spec) == "failed"


# --- examples of "X or Y", a verb left alone, what stands behind ------------------------------------


def test_bracketed_examples_of_an_either_are_one_element() -> None:
    keys = _keys("Менеджер называет хотя бы ориентир по деньгам или условиям (цена за час, срок выполнения).")
    assert len([k for k in keys if "price" in k or "duration" in k or "time" in k]) == 1


def test_a_telling_verb_whose_noun_is_the_stages_own_word_is_no_element() -> None:
    assert "free:называет формат" not in _keys("Менеджер предлагает решение и называет формат, цену.")


def test_what_stands_behind_an_objection_is_no_price() -> None:
    assert "price" not in _keys("Менеджер уточняет, что стоит за сомнением клиента, и даёт аргумент.")
    assert "price" in _keys("Менеджер назвал, сколько стоит доставка.")
