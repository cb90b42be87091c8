"""Explicit enumerations with lettered items («Хотя бы три из пяти: а) …; б) …»): the letters, the
bracketed examples of an item and a clock time are no words of the items; a policy on what the client
named himself is no element; an item that applies only sometimes is relaxed by the sentence that names
it by its letter; a call about a finished order and a client who breaks the talk off are the kinds of
call the criterion's not-applicable cases name."""

from rop.analysis.embedded import calltype
from rop.analysis.embedded.compiler import compile_stage
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog

PARAMETERS = (
    "Хотя бы три из пяти: а) вид продукции; б) тираж; в) формат или размер; г) бумага или материал "
    "(плотность, мелованная, самоклейка, плёнка, баннерная ткань); д) цветность и отделка (4+0, 4+4, "
    "ламинация, тиснение, вырубка, люверсы). Засчитывается и то, что назвал сам клиент, если менеджер это "
    "повторил или уточнил. Не применимо: звонок по уже сделанному заказу (статус, доставка, брак), "
    "поставщик, ошиблись номером."
)
LAYOUT = (
    "Оба пункта: а) есть ли у клиента макет и в каком виде (PDF в кривых, Word, картинка из телефона); "
    "б) если макета нет или он не годится для печати — предложить дизайн или вёрстку и назвать цену или "
    "срок. Если у клиента готовый PDF для печати, достаточно пункта а)."
)
CLOSING = (
    "Хотя бы два из трёх: а) счёт или расчёт — на почту или в мессенджер, адрес или номер подтверждён; "
    "б) когда клиент получит счёт, расчёт или макет (сегодня до 18:00, завтра утром и т. п.); "
    "в) договорённость о предоплате или о согласовании макета к сроку."
)


def test_lettered_items_are_counted_without_their_letters_and_the_policy_is_no_element() -> None:
    comp = compile_stage("Параметры заказа", PARAMETERS)
    assert len(comp.elements) == 5
    assert comp.requirement.describe(len(comp.elements)) == "нужно не менее 3 из 5"
    assert not any(e.label.split()[0] in {"а", "б", "в", "г", "д"} for e in comp.elements)
    assert comp.volunteered == "counts"


def test_an_items_bracketed_examples_are_examples_not_its_words() -> None:
    comp = compile_stage("Параметры заказа", PARAMETERS)
    paper = next(e for e in comp.elements if "бумага" in e.keywords)
    assert paper.label == "бумага или материал"
    assert "мелованная" in paper.examples
    finish = next(e for e in comp.elements if "цветность" in e.keywords)
    assert "4+0" in finish.examples and "4" not in finish.examples


def test_a_clock_time_in_an_items_examples_is_no_colon_of_a_list() -> None:
    comp = compile_stage("Закрытие", CLOSING)
    assert len(comp.elements) == 3
    assert not any(e.label.startswith("00") for e in comp.elements)


def test_all_three_without_a_noun_is_a_counted_list_without_letters() -> None:
    comp = compile_stage("Цена", "Все три: а) стоимость на тираж; б) бюджет или сроки; в) способ доставки.")
    assert len(comp.elements) == 3
    assert comp.elements[1].concepts == ("budget", "timeline")
    assert comp.elements[2].label == "способ доставки"


def test_a_conditional_item_stays_an_item_and_the_sentence_naming_its_letter_relaxes_the_stage() -> None:
    comp = compile_stage("Макет", LAYOUT)
    assert len(comp.elements) == 2
    [relaxed] = [c for c in comp.conditions if c.outcome == "relaxed"]
    assert relaxed.keep == (comp.elements[0].key,)


def test_an_item_not_needed_in_the_short_form_drops_it() -> None:
    comp = compile_stage(
        "Цена",
        "Все три: а) стоимость на тираж; б) срок изготовления; в) если клиент назвал бюджет — соотнести с "
        "бюджетом. Если бюджета не было, пункт в) не нужен.",
    )
    [relaxed] = [c for c in comp.conditions if c.outcome == "relaxed"]
    assert relaxed.drop and relaxed.drop[0] in {e.key for e in comp.elements}


def test_a_call_about_a_finished_order_is_a_service_call_condition() -> None:
    comp = compile_stage("Параметры заказа", PARAMETERS)
    [na] = [c for c in comp.conditions if c.outcome == "not_applicable"]
    assert "service" in na.call_kinds


def test_a_client_who_orders_again_about_a_misprint_calls_about_what_he_has() -> None:
    prep = prepare(
        dialog(
            ("M", "Типография «Оттиск», меня зовут Марина, здравствуйте!"),
            ("C", "Здравствуйте. Мы у вас на прошлой неделе каталоги печатали, триста штук."),
            ("M", "Да, слушаю вас."),
            ("C", "Открываем коробку, а там страницы перепутаны."),
            ("M", "Извините, пожалуйста, перепечатаем за свой счёт."),
        )
    )
    assert calltype.classify(prep).kind == "service"


def test_a_client_who_leaves_for_another_line_ended_the_talk_early() -> None:
    prep = prepare(
        dialog(
            ("M", "Типография «Оттиск», Алексей. Добрый день!"),
            ("C", "Мне нужны наклейки на банки, штук тысячу."),
            ("M", "К субботе успеем. Кстати, могу ещё предложить ценники, у нас акция."),
            ("C", "Ой, извините, у меня вторая линия. Я вам потом наберу. Всё, отключаюсь."),
        )
    )
    assert calltype.hung_up(prep) is not None
    kinds = compile_stage(
        "Цена", "Назвать цену. Не применимо, если клиент закончил разговор раньше, чем дошло до цены."
    )
    assert any("hung_up" in c.call_kinds for c in kinds.conditions)


def test_what_one_case_of_an_item_adds_is_no_way_to_show_the_item() -> None:
    comp = compile_stage(
        "Срок и доставка",
        "Оба пункта: а) к какой дате нужен тираж; б) самовывоз или доставка, при доставке — куда (адрес или "
        "хотя бы район).",
    )
    assert comp.elements[1].label == "самовывоз или доставка"
    assert not comp.elements[1].concepts


def test_a_case_added_by_a_takzhe_esli_is_a_not_applicable_case_of_its_own() -> None:
    comp = compile_stage(
        "Цена",
        "Назвать стоимость на тираж. Не применимо в тех же случаях, что и этап 2, а также если клиент закончил "
        "разговор раньше, чем дошло до цены.",
    )
    na = [c for c in comp.conditions if c.outcome == "not_applicable"]
    assert any(c.stage_ref == "2" for c in na)
    assert any("hung_up" in c.call_kinds for c in na)
