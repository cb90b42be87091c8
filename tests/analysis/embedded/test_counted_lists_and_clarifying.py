"""Enumerated criteria read the way a head of sales reads them (examples of our own, no set's wording):
«все три элемента: 1) …; 2) …; 3) …» has as many elements as items, each item shown by any of the
kinds its brackets list; «(с указанием срока)» is how fully a thing is told, not a thing of its own;
a list of a question's answers ends at «— и …»; a stage named «Презентация …» tells its list; «в тех
же случаях, что этап …» is a condition; and «То есть …» checks what the client said, as a question."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.embedded.compiler import CompiledStage
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import checklist, dialog


def _status(transcript: list[Utterance], stage: StageSpec) -> str:
    compiled: dict[str, CompiledStage] = {stage.stage_id: compile_stage(stage.name, stage.criterion)}
    [verdict] = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(stage), compiled=compiled)
    return verdict.status


# --- «все три элемента: 1) …; 2) …; 3) …» ---------------------------------------------------------

NEXT = StageSpec(
    "next",
    "Следующий шаг",
    "Все три элемента: 1) конкретное действие (визит в шоурум, отправка счёта, созвон); 2) дата или день "
    "недели; 3) время или канал / контакт (почта, телефон, мессенджер). Нет хотя бы одного — не выполнено.",
)


def test_all_three_items_are_three_elements_each_shown_by_any_of_its_kinds() -> None:
    c = compile_stage(NEXT.name, NEXT.criterion)
    assert len(c.elements) == 3
    assert c.requirement.mode == "all"
    assert {"meeting", "send_docs"} <= set(c.elements[0].concepts)  # the kinds of the action
    assert "date" in c.elements[1].concepts
    assert {"time", "contact"} <= set(c.elements[2].concepts)


def test_a_call_back_with_its_day_and_hour_is_all_three() -> None:
    call = dialog(
        ("M", "Добрый день, мебельная фабрика «Дубрава», Олег. Вы оставляли заявку на шкаф."),
        ("C", "Да, но сейчас неудобно, я за рулём. Перезвоните позже."),
        ("M", "Конечно. Завтра в десять утра удобно?"),
        ("C", "Да, в десять нормально."),
        ("M", "Хорошо, завтра в десять ноль-ноль перезвоню на этот номер."),
    )
    assert _status(call, NEXT) == "completed"


def test_a_step_without_its_day_is_not_all_three() -> None:
    call = dialog(
        ("M", "Добрый день, мебельная фабрика «Дубрава», Олег. Вы оставляли заявку на шкаф."),
        ("C", "Да, интересно, но пока прицениваюсь."),
        ("M", "Понимаю. Я скину вам каталог на почту, посмотрите, как будет время."),
        ("C", "Ладно, скидывайте."),
    )
    assert _status(call, NEXT) == "failed"


# --- «хотя бы два из четырёх: гарантия (с указанием срока); …» ------------------------------------

TERMS = StageSpec(
    "terms",
    "Презентация условий",
    "Хотя бы два из четырёх: 1) гарантия возврата денег (с указанием срока); 2) сроки доставки; "
    "3) стоимость (за штуку или за комплект); 4) отзывы или клиенты в регионе клиента. "
    "Не применимо в тех же случаях, что этап «Выявление потребности».",
)


def test_a_detail_in_brackets_and_a_reference_to_another_stage_are_no_elements() -> None:
    c = compile_stage(TERMS.name, TERMS.criterion)
    assert len(c.elements) == 4
    assert "гарантия" in c.elements[0].keywords and not c.elements[0].concepts  # not «сроки»
    assert all("needs" not in e.concepts for e in c.elements)  # «Выявление потребности» is a stage
    assert any(cond.stage_ref for cond in c.not_applicable_if)
    assert all(e.speaker == "manager" for e in c.elements)  # «клиенты в регионе» are told about
    assert not any(e.ask for e in c.elements)  # a presentation tells the terms


def test_terms_told_by_the_manager_in_his_own_words_complete_the_presentation() -> None:
    call = dialog(
        ("M", "Здравствуйте, компания «Плитка Плюс», Ирина. Вы смотрели керамогранит на сайте?"),
        ("C", "Да, нужно метров сорок на кухню."),
        ("M", "Доставим за три дня, а если плитка не подойдёт — гарантия возврата денег четырнадцать дней."),
        ("C", "Хорошо, подумаю."),
    )
    assert _status(call, TERMS) == "completed"


# --- a list of answers ends at «— и …» -------------------------------------------------------------

GOAL = StageSpec(
    "goal",
    "Цель покупки и модель",
    "Менеджер выясняет, для чего клиенту лодка: рыбалка, прогулки с семьёй или туризм, — и предлагает "
    "модель именно под эту цель (моторная для рыбалки, надувная для туризма).",
)


def test_what_follows_the_list_of_answers_is_another_thing_to_do() -> None:
    c = compile_stage(GOAL.name, GOAL.criterion)
    assert len(c.elements) == 2
    assert "предлагать" not in c.elements[0].examples
    assert all("needs" not in e.concepts for e in c.elements)  # «под эту цель»: the goal found before


def test_asking_the_goal_without_offering_a_model_is_not_enough() -> None:
    call = dialog(
        ("M", "Добрый день, «Аква Мир», Денис. Вы оставляли заявку на покупку лодки на сайте."),
        ("C", "Да, хочу купить, смотрю цены."),
        ("M", "Для чего вам лодка — рыбалка или прогулки?"),
        ("C", "Рыбалка в основном, на водохранилище."),
        ("M", "Понял. Лодки у нас стоят от сорока тысяч рублей, приезжайте в магазин посмотреть."),
    )
    assert _status(call, GOAL) == "failed"


def test_the_managers_then_is_restating_the_clients_goal_finds_it_out() -> None:
    call = dialog(
        ("M", "Добрый день, «Аква Мир», Денис. Вы оставляли заявку на сайте."),
        ("C", "Да. Хочу по выходным на водохранилище ездить, рыбу ловить."),
        ("M", "То есть лодка для рыбалки. Тогда вам моторная, она устойчивая и с местом под снасти."),
        ("C", "Звучит хорошо."),
    )
    assert _status(call, GOAL) == "completed"


# --- the client's words said back and taken down --------------------------------------------------

PAYMENT = StageSpec("pay", "Форма оплаты", "Выяснил способ оплаты (ипотека, наличные или рассрочка).")


def test_the_clients_payment_said_back_with_taken_down_is_found_out() -> None:
    call = dialog(
        ("M", "Добрый день, «Новый Квартал», Сергей, слушаю вас."),
        ("C", "Нам двушку, бюджет миллионов девять, берём в ипотеку с маткапиталом."),
        ("M", "Ипотека плюс маткапитал, записал. Есть двухкомнатные за восемь с половиной миллионов."),
        ("C", "Хорошо, пришлите планировки."),
    )
    assert _status(call, PAYMENT) == "completed"


def test_the_payment_the_client_names_and_the_manager_passes_over_is_not_found_out() -> None:
    call = dialog(
        ("M", "Добрый день, «Новый Квартал», Сергей, слушаю вас."),
        ("C", "Нам двушку, бюджет миллионов девять, берём в ипотеку с маткапиталом."),
        ("M", "Есть двухкомнатные за восемь с половиной миллионов, рядом школа."),
        ("C", "Хорошо, пришлите планировки."),
    )
    assert _status(call, PAYMENT) != "completed"


# --- a free element of several words shows by the thing it names --------------------------------

WARRANTY = StageSpec(
    "warranty",
    "Презентация условий",
    "Хотя бы два из трёх: 1) гарантия бесплатного ремонта двигателя; 2) сроки поставки; 3) стоимость.",
)


def test_a_word_that_describes_the_thing_is_not_the_thing() -> None:
    told = dialog(
        ("M", "Здравствуйте, «Мотор Сервис», Павел. Двигатель на ваш грузовик есть в наличии."),
        ("C", "Сколько стоит?"),
        ("M", "Двигатель стоит четыреста тысяч рублей."),
        ("C", "Понятно, подумаю."),
    )
    assert _status(told, WARRANTY) == "failed"
    with_warranty = dialog(
        ("M", "Здравствуйте, «Мотор Сервис», Павел. Двигатель на ваш грузовик есть в наличии."),
        ("C", "Сколько стоит?"),
        ("M", "Двигатель стоит четыреста тысяч рублей, и на него гарантия два года."),
        ("C", "Понятно, подумаю."),
    )
    assert _status(with_warranty, WARRANTY) == "completed"
