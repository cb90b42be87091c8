"""A counted list with a bracketed note inside an item («в) вопрос, как обращаться к клиенту (если клиент
назвался сам — пункт в) выполнен)») is still the list: the note says what the client's own words count
for, it does not swallow the stage; «имя менеджера» beside the client's name is the manager's own."""

from rop.analysis.embedded.compiler import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of

CRITERION = (
    "Все три элемента: а) название компании «Вектор-Сервис»; б) имя менеджера; в) вопрос, как обращаться "
    "к клиенту (если клиент назвался сам — пункт в) выполнен). Нет хотя бы одного — этап не выполнен."
)


def test_a_note_inside_an_item_keeps_the_list_as_the_elements() -> None:
    comp = compile_stage("Начало разговора", CRITERION)
    assert [e.concepts for e in comp.elements] == [("company",), ("introduce",), ("client_name",)]
    assert comp.volunteered == "counts"


def test_the_managers_name_beside_the_clients_name_is_his_own_introduction() -> None:
    comp = compile_stage("Начало", "Имя менеджера; имя клиента.")
    assert {k for e in comp.elements for k in e.concepts} >= {"introduce", "client_name"}


def test_an_opening_with_all_three_is_completed_and_without_the_name_failed() -> None:
    rest = (
        ("C", "Здравствуйте, я Олег. Хочу поставить котёл в частный дом."),
        ("M", "Какая площадь дома, Олег?"),
        ("C", "Сто двадцать метров. Сколько будет стоить котёл с монтажом?"),
        ("M", "Котёл с монтажом от девяноста тысяч рублей, могу прислать расчёт."),
    )
    good = dialog(("M", "«Вектор-Сервис», меня зовут Марина, как к вам обращаться?"), *rest)
    bad = dialog(("M", "«Вектор-Сервис», слушаю вас. Как к вам обращаться?"), *rest)
    assert status_of(good, stage(CRITERION)) == "completed"
    assert status_of(bad, stage(CRITERION)) == "failed"


def test_both_items_of_a_lettered_list_are_two_elements_each_shown_by_any_of_its_kinds() -> None:
    comp = compile_stage(
        "Предложение",
        "Оба элемента: а) состав — что и куда ставим (котёл, бойлер, насос); б) срок монтажа. Не применимо: "
        "ошиблись номером.",
    )
    assert len(comp.elements) == 2
    assert {"котел", "бойлер", "насос"} <= set(comp.elements[0].keywords)
