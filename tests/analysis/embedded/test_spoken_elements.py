"""Completed elements the speakers say in their own words (wave 5): addressing the client by name
is the client's name (not the manager introducing himself), a bare "имя" beside the client's name is
the same name, a client naming a thing is no address, employment and income in everyday words."""

from dataclasses import replace

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.embedded.aspects import restates_free
from rop.analysis.types import StageSpec, StageVerdict, Utterance
from tests.analysis.embedded.helpers import checklist, dialog

# a furniture repair shop takes an order; the client names himself, the manager uses the name
REPAIR = dialog(
    ("M", "Мастерская «Стул и стол», Вера, добрый день."),
    ("C", "Здравствуйте, меня Тимофей зовут. У меня кресло расшаталось."),
    ("M", "Тимофей, а кресло какое, офисное?"),
    ("C", "Нет, деревянное, Икеа Поэнг."),
    ("M", "Поняла, привозите в субботу."),
)
# the same call, the manager never uses the name; the client names a model that looks like a name
REPAIR_NO_ADDRESS = dialog(
    ("M", "Мастерская «Стул и стол», Вера, добрый день."),
    ("C", "Здравствуйте, меня Тимофей зовут. У меня кресло расшаталось."),
    ("M", "А кресло какое?"),
    ("C", "Деревянное, Поэнг."),
    ("M", "Поняла, привозите в субботу."),
)
# a consumer loan broker asks about work and income
LOAN = dialog(
    ("M", "Кредитный центр «Опора», Денис, здравствуйте."),
    ("C", "Здравствуйте, хочу кредит на ремонт."),
    ("M", "Вы где работаете, официально трудоустроены?"),
    ("C", "Да, на заводе, по найму. Зарплата шестьдесят пять."),
    ("M", "Хорошо, ставка будет от восемнадцати процентов, пришлю список документов для заявки в банк."),
    ("C", "Договорились."),
)
LOAN_NOTHING = dialog(
    ("M", "Кредитный центр «Опора», Денис, здравствуйте."),
    ("C", "Здравствуйте, хочу кредит на ремонт, тысяч триста."),
    ("M", "Хорошо, ставка будет от восемнадцати процентов, пришлю список документов для заявки в банк."),
    ("C", "Договорились."),
)


def _one(transcript: list[Utterance], name: str, criterion: str) -> StageVerdict:
    spec = StageSpec("s", name, criterion)
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(spec))
    return v


def _keys(name: str, criterion: str) -> list[str]:
    return [e.key for e in compile_stage(name, criterion).elements]


def test_addressing_by_name_is_the_clients_name() -> None:
    for criterion in (
        "Узнал, как зовут клиента, и хотя бы раз обратился к нему по имени.",
        "узнать имя и хотябы раз обратится по имени",
        "Не менее одного раза обратиться к клиенту по имени (имени-отчеству).",
        "Обращение по имени.",
    ):
        assert _keys("Имя клиента", criterion) == ["client_name"], criterion


def test_a_bare_name_beside_the_clients_name_is_that_name() -> None:
    criterion = (
        "Менеджер обязан выяснить имя клиента и обратиться к клиенту по имени после того, как имя стало известно. "
        "Нарушение: имя не выяснено."
    )
    assert _keys("Имя клиента", criterion) == ["client_name"]


def test_the_managers_own_name_is_still_read() -> None:
    assert "introduce" in _keys("Приветствие", "Назвал своё имя и компанию.")
    assert "introduce" in _keys("Приветствие", "Представился и спросил имя клиента.")


def test_the_client_naming_a_thing_is_no_address() -> None:
    criterion = "Узнал, как зовут клиента, и хотя бы раз обратился к нему по имени."
    assert _one(REPAIR, "Имя клиента", criterion).status == "completed"
    assert _one(REPAIR_NO_ADDRESS, "Имя клиента", criterion).status == "failed"


def test_employment_and_income_in_everyday_words() -> None:
    assert _one(LOAN, "Работа и доход", "Тип занятости + доход.").status == "completed"
    assert _one(LOAN_NOTHING, "Работа и доход", "Тип занятости + доход.").status == "failed"


def test_a_body_of_finding_out_asks_the_names_things() -> None:
    (price, *_) = compile_stage("Стоимость заказа и срок", "Узнал оба.").elements
    assert price.key == "price" and price.ask


def test_a_bare_noun_the_client_says_in_reply_is_found_out() -> None:
    # "доход" is never said by the manager: the client tells it in answer to his question
    v = _one(LOAN, "Работа и доход", "Тип занятости + доход.")
    assert "доход" in v.comment and "не найдено" not in v.comment


# a bicycle workshop: the price and how long the work takes, in the manager's words
BIKE = dialog(
    ("M", "Веломастерская «Спица», Глеб, здравствуйте."),
    ("C", "Здравствуйте, надо тормоза перебрать на велосипеде, сколько будет?"),
    ("M", "Переборка тормозов — тысяча двести рублей, по времени минут сорок, можно подождать у нас."),
    ("C", "Отлично, приеду."),
)
BIKE_NO_TIME = dialog(
    ("M", "Веломастерская «Спица», Глеб, здравствуйте."),
    ("C", "Здравствуйте, надо тормоза перебрать на велосипеде, сколько будет?"),
    ("M", "Переборка тормозов — тысяча двести рублей."),
    ("C", "Отлично, приеду."),
)


def test_how_long_the_work_takes_is_told_not_asked() -> None:
    keys = [(e.key, e.ask) for e in compile_stage("Цена и срок", "Цена + срок работ.").elements]
    assert keys == [("price", False), ("duration", False)]
    assert [e.key for e in compile_stage("Сроки", "Выяснил сроки выполнения работ.").elements] == ["timeline"]
    assert _one(BIKE, "Цена и срок", "Цена + срок работ.").status == "completed"
    assert _one(BIKE_NO_TIME, "Цена и срок", "Цена + срок работ.").status == "failed"


# a coworking sells desks; the criterion lists advantages in brackets without commas
DESK = dialog(
    ("M", "Коворкинг «Улей», Марина, здравствуйте."),
    ("C", "Здравствуйте, ищу место для работы на месяц."),
    ("M", "Есть закреплённый стол за девять тысяч в месяц, у нас своя парковка для гостей."),
    ("C", "Хорошо, подумаю."),
)
DESK_BARE = dialog(
    ("M", "Коворкинг «Улей», Марина, здравствуйте."),
    ("C", "Здравствуйте, ищу место для работы на месяц."),
    ("M", "Есть закреплённый стол за девять тысяч в месяц."),
    ("C", "Хорошо, подумаю."),
)
DESK_CRITERION = "рассказать о коворкинге и назвать преимущество (парковка кухня терраса душевая)"


def test_a_list_without_commas_is_shown_by_any_item() -> None:
    assert _one(DESK, "Презентация", DESK_CRITERION).status == "completed"
    assert _one(DESK_BARE, "Презентация", DESK_CRITERION).status == "failed"


def test_a_clause_about_the_case_asks_nothing_new() -> None:
    keys = [e.key for e in compile_stage("Цель", "Нарушением считается ситуация, когда цель не прозвучала.").elements]
    assert "timeline" not in keys
    assert "timeline" in [e.key for e in compile_stage("Сроки", "Выяснил, когда клиент планирует начать.").elements]


def test_a_later_sentence_restating_a_free_elements_word_adds_nothing() -> None:
    (free,) = [e for e in compile_stage("Цель", "Выяснить цель визита.").elements]
    earlier = [replace(free, key="free:цель визита", concepts=(), keywords=("цель", "визит"))]
    assert restates_free(("needs",), "Нарушением считается, что цель не прозвучала.", earlier)
    assert not restates_free(("budget",), "Бюджет не назван.", earlier)


def test_a_name_signing_the_opening_greeting_is_the_managers_own() -> None:
    criterion = "Узнал, как зовут клиента, и хотя бы раз обратился к нему по имени."
    garbled = dialog(
        ("M", "Ладные окна салон от Станислав добрый день."),
        ("C", "Здравствуйте, хочу окна поменять в квартире."),
        ("M", "Какие окна, сколько штук, какой этаж?"),
        ("C", "Три окна, пятый этаж."),
        ("M", "Пришлю замерщика, стоимость замера бесплатно."),
    )
    addressed = dialog(
        ("M", "Алло, Людмила Ивановна? Добрый день! Это Ксения, салон окон."),
        ("C", "Здравствуйте, хочу окна поменять в квартире."),
        ("M", "Какие окна, сколько штук, какой этаж?"),
        ("C", "Три окна, пятый этаж."),
        ("M", "Пришлю замерщика, стоимость замера бесплатно."),
    )
    assert _one(garbled, "Имя клиента", criterion).status == "failed"
    assert _one(addressed, "Имя клиента", criterion).status == "completed"


def test_two_letter_everyday_words_of_a_criterion_word_are_kept() -> None:
    (employment,) = [e for e in compile_stage("Занятость", "Тип занятости.").elements]
    assert "ип" in employment.keywords
