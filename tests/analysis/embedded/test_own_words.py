"""Completed elements said in the speakers' own words, and criteria whose wording used to add
elements nobody has to say (examples, follow-up branches, "только X" restating the requirement)."""

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.types import StageSpec, StageVerdict, Utterance
from tests.analysis.embedded.helpers import checklist, dialog

# a supplier of water coolers calls an office
WATER = dialog(
    ("M", "Добрый день, это Роман, компания «Родник». Подскажите, с кем можно обсудить поставку воды в офис?"),
    ("C", "Со мной, я управляющая, Ольга."),
    ("M", "Ольга, а что у вас сейчас с водой?"),
    ("C", "Возим сами бутылки из магазина, сотрудников восемь, таскать тяжело."),
    (
        "M",
        "Тогда для вас доставка кулера и бутылей по вторникам: восемь человек — четыре бутыли в неделю. "
        "Выйдет в две девятьсот в месяц.",
    ),
    ("C", "Звучит нормально."),
    ("M", "Подъеду в четверг к одиннадцати, покажу кулер?"),
    ("C", "Давайте."),
)
# the same call where nobody asks and the offer ignores the client
WATER_FLAT = dialog(
    ("M", "Здравствуйте, компания «Родник», доставка воды."),
    ("C", "Здравствуйте, слушаю."),
    ("M", "У нас есть кулеры и бутыли, тарифы от двух тысяч девятисот в месяц."),
    ("C", "Понятно, у нас уборщица бутылки носит, всё устраивает."),
    ("M", "Давайте на следующей неделе как-нибудь заеду?"),
    ("C", "Ну, может быть."),
)


def _one(transcript: list[Utterance], name: str, criterion: str) -> StageVerdict:
    spec = StageSpec("s", name, criterion)
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(spec))
    return v


def test_the_question_who_decides_is_recognised_in_its_everyday_forms() -> None:
    criterion = "Менеджер выясняет, кто в компании принимает решение по закупке воды (директор, завхоз)."
    assert compile_stage("ЛПР", criterion).elements[0].key == "decision_maker"
    assert _one(WATER, "ЛПР", criterion).status == "completed"
    assert _one(WATER_FLAT, "ЛПР", criterion).status == "failed"


def test_a_client_who_says_he_decides_completes_the_stage_when_the_criterion_allows_it() -> None:
    criterion = (
        "МРК выясняет, говорит ли он с лицом, принимающим решение. Если собеседник не ЛПР — МРК узнаёт, кто ЛПР, "
        "и как с ним связаться. Если собеседник сам сказал, что он директор — этап выполнен без вопроса."
    )
    compiled = compile_stage("ЛПР", criterion)
    assert [e.key for e in compiled.elements] == ["decision_maker"]  # the branch adds no element
    # "said of himself" is a condition on the speaker (not the looser policy for any unprompted mention)
    assert any(c.outcome == "completed" for c in compiled.conditions)
    told = dialog(
        ("M", "Здравствуйте, компания «Родник», вода для офиса."),
        ("C", "Я владелец кафе, слушаю вас."),
        ("M", "Предлагаю кулер с доставкой, стоимость две девятьсот в месяц, первая поставка со скидкой."),
        ("C", "Подумаю над ценой."),
    )
    assert _one(told, "ЛПР", criterion).status == "completed"


def test_what_the_client_said_unprompted_does_not_count_when_the_criterion_says_so() -> None:
    criterion = "Менеджер выяснил бюджет и сроки. То, что клиент сказал сам, без вопроса, не засчитывается."
    assert compile_stage("Потребность", criterion).volunteered == "never"
    unprompted = dialog(
        ("M", "Добрый день, компания «Родник»."),
        ("C", "Нам нужен кулер к понедельнику, бюджет до пяти тысяч."),
        ("M", "Хорошо, подберём."),
        ("C", "Спасибо."),
    )
    assert _one(unprompted, "Потребность", criterion).status == "failed"


def test_the_source_question_is_not_the_company_name() -> None:
    criterion = "Спросил, откуда клиент узнал о компании."
    assert [e.key for e in compile_stage("Источник", criterion).elements] == ["source"]
    asked = dialog(
        ("M", "Компания «Родник», здравствуйте!"),
        ("C", "Здравствуйте, хочу заказать воду."),
        ("M", "Хорошо. А как вы о нас узнали?"),
        ("C", "Соседи по офису посоветовали."),
    )
    assert _one(asked, "Источник", criterion).status == "completed"
    assert _one(WATER_FLAT, "Источник", criterion).status == "failed"


def test_a_list_after_the_next_step_names_its_kinds_not_steps_that_must_all_happen() -> None:
    criterion = "Зафиксирована конкретная договорённость с датой: встреча, звонок ЛПР, доставка пробной партии."
    keys = [e.key for e in compile_stage("Следующий шаг", criterion).elements]
    assert "date" in keys and len(keys) == 2, keys
    assert _one(WATER, "Следующий шаг", criterion).status == "completed"
    assert _one(WATER_FLAT, "Следующий шаг", criterion).status == "failed"  # "на следующей неделе как-нибудь"


def test_a_next_step_list_keeps_its_date_and_time_required() -> None:
    compiled = compile_stage("Шаг", "МРК договорился о следующем шаге: визит или звонок с конкретной датой и временем")
    keys = [e.key for e in compiled.elements]
    assert "date" in keys and "time" in keys, keys


def test_one_of_a_listed_kind_after_and_is_one_element_and_the_rest_stays_required() -> None:
    compiled = compile_stage(
        "Оплата", "Назвал стоимость и хотя бы один из способов оплаты: помесячно, рассрочка, сразу за год."
    )
    assert compiled.requirement.mode == "all"
    assert [e.key for e in compiled.elements] == ["price", "payment"]


def test_words_in_brackets_after_an_element_are_its_examples() -> None:
    compiled = compile_stage("Приветствие", "Все три элемента: приветствие (здравствуйте/добрый день), имя, компания.")
    greeting = compiled.elements[0]
    assert greeting.concepts == ("greeting",) and "добрый день" in greeting.examples
    assert all("date" not in e.concepts for e in compiled.elements)


def test_only_one_element_named_restates_the_requirement_and_is_no_condition() -> None:
    compiled = compile_stage(
        "Представление", "Называет своё имя и компанию. Назвал только компанию или только имя — не выполнено."
    )
    assert not compiled.failed_if
    only = "Называет своё имя и компанию. Назвал только компанию — не выполнено."
    assert _one(WATER, "Представление", only).status == "completed"


def test_a_dotted_abbreviation_does_not_become_an_element() -> None:
    compiled = compile_stage("Предложение", "Назвал мин. 2 варианта с ценами")
    assert all("мин" not in e.label for e in compiled.elements)


def test_a_meeting_needs_a_concrete_day_and_hour_said_in_own_words() -> None:
    criterion = "Менеджер назначил встречу: дата и время."
    assert _one(WATER, "Встреча", criterion).status == "completed"  # "в четверг к одиннадцати"
    assert _one(WATER_FLAT, "Встреча", criterion).status == "failed"  # "на следующей неделе как-нибудь"
    morning = dialog(
        ("M", "Компания «Родник», стоимость кулера две тысячи, бутыль триста рублей."),
        ("C", "Хочу посмотреть кулер."),
        ("M", "Давайте встретимся в пятницу утром?"),
        ("C", "Хорошо, в пятницу."),
    )
    assert _one(morning, "Встреча", criterion).status == "failed"  # a part of the day is no time


def test_a_price_said_in_words_is_a_price() -> None:
    assert _one(WATER, "Цена", "Назвал стоимость").status == "completed"  # "в две девятьсот в месяц"


def test_an_offer_tied_to_what_the_client_said_is_recognised() -> None:
    criterion = "Предлагает тариф с ценой и связывает его с тем, что клиент назвал (число сотрудников, проблема)."
    keys = [e.key for e in compile_stage("Предложение", criterion).elements]
    assert keys == ["price", "tailored"], keys
    assert _one(WATER, "Предложение", criterion).status == "completed"
    assert _one(WATER_FLAT, "Предложение", criterion).status == "failed"


def _sale(first: str) -> tuple[tuple[str, str], ...]:
    return (
        ("M", first),
        ("C", "Здравствуйте, сколько стоит доставка воды?"),
        ("M", "Стоимость бутыли триста рублей, кулер в аренду."),
        ("C", "Хорошо, закажу."),
    )


def test_the_managers_name_next_to_the_company_is_an_introduction() -> None:
    for first in (
        "Добрый день, это Роман, компания «Родник».",
        "Ксения, компания «Родник», слушаю.",
        "«Родник», добрый день, Алексей, чем могу помочь?",
    ):
        call = dialog(*_sale(first))
        assert _one(call, "Представление", "Назвал своё имя и компанию").status == "completed", first
    addressed = dialog(*_sale("Добрый день, Алексей! Компания «Родник»."))
    assert _one(addressed, "Представление", "Назвал своё имя и компанию").status == "failed"


def test_a_wh_element_needs_its_question_word_not_only_the_topic() -> None:
    criterion = "Выяснил все: как часто нужна доставка, кто сейчас возит воду."
    elements = compile_stage("Квалификация", criterion).elements
    assert [e.must for e in elements] == [("часто",), ("кто",)]
    topic_only = dialog(
        ("M", "Компания «Родник», доставка воды. Вам удобна доставка в офис? Стоимость бутыли триста рублей."),
        ("C", "Да, возим воду сами, две бутыли в неделю."),
        ("M", "А бюджет на доставку какой?"),
        ("C", "Тысячи три."),
    )
    assert _one(topic_only, "Квалификация", criterion).status == "failed"


def test_the_clients_own_business_is_not_the_callers_company() -> None:
    call = dialog(*_sale("Здравствуйте, это Олег, звоню по поводу воды для вашего магазина."))
    assert _one(call, "Представление", "Назвал своё имя и компанию").status == "failed"


def test_a_promise_to_send_the_offer_is_one_element() -> None:
    compiled = compile_stage("КП", "Обещает отправить КП — подборку тарифов с ценами — в мессенджер или на почту.")
    assert [e.key for e in compiled.elements] == ["send_docs"]


def test_the_place_next_to_a_date_and_time_is_where_they_meet() -> None:
    compiled = compile_stage(
        "Пробный урок", "Все три элемента: дата, время и место (онлайн со ссылкой или адрес филиала)."
    )
    assert [e.key for e in compiled.elements] == ["date", "time", "venue"]
    booked = dialog(
        ("M", "Школа «Родник», стоимость пробного урока ноль рублей, абонемент три тысячи."),
        ("C", "Хочу записать дочь."),
        ("M", "Пробный — в субботу в одиннадцать, филиал на Садовой, дом пять."),
        ("C", "Хорошо, придём."),
    )
    assert _one(booked, "Пробный урок", compiled.criterion).status == "completed"


SITUATION = "Хотя бы 2 из 3: какой поставщик сейчас; сколько сотрудников; что не устраивает"


def test_what_the_client_tells_after_an_open_question_is_found_out() -> None:
    open_question = dialog(
        ("M", "Компания «Родник», доставка воды, стоимость бутыли триста рублей."),
        ("C", "Слушаю."),
        ("M", "Расскажите, что у вас сейчас?"),
        ("C", "Сотрудников двенадцать, воду возим сами, бутыли постоянно кончаются, это проблема."),
        ("M", "Понял, подберём доставку."),
        ("C", "Хорошо."),
    )
    assert _one(open_question, "Ситуация", SITUATION).status == "completed"
    closed = dialog(
        ("M", "Компания «Родник», доставка воды, стоимость бутыли триста рублей."),
        ("C", "Слушаю."),
        ("M", "Вам удобно по вторникам?"),
        ("C", "Сотрудников двенадцать, воду возим сами, бутыли постоянно кончаются, это проблема."),
        ("M", "Понял, подберём доставку."),
        ("C", "Хорошо."),
    )
    assert _one(closed, "Ситуация", SITUATION).status == "failed"


def test_how_often_is_asked_in_the_speakers_own_words() -> None:
    criterion = "Выяснил, как часто нужна доставка."
    asked = dialog(
        ("M", "Компания «Родник», стоимость бутыли триста рублей."),
        ("C", "Нам нужна вода в офис, сколько стоит кулер?"),
        ("M", "Кулер в аренду бесплатно. Доставка каждый день нужна или раз в неделю?"),
        ("C", "Раз в неделю хватит, закажем."),
    )
    assert _one(asked, "Частота", criterion).status == "completed"
    assert _one(WATER_FLAT, "Частота", criterion).status == "failed"


def test_a_name_the_client_said_does_not_tie_the_offer_to_his_situation() -> None:
    criterion = "Предлагает тариф с ценой и связывает его с тем, что клиент назвал."
    names_only = dialog(
        ("M", "Компания «Родник», вода в офис."),
        ("C", "Это к Ларисе Борисовне, её сейчас нет."),
        ("M", "Тогда цены и тариф за две девятьсот в месяц я с Ларисой Борисовной обсужу."),
        ("C", "Хорошо."),
    )
    assert _one(names_only, "Предложение", criterion).status == "failed"


def test_every_element_is_needed_when_the_criterion_insists() -> None:
    booked = dialog(
        ("M", "Компания «Родник», слушаю."),
        ("C", "Хочу заказать установку кулера, сколько стоит?"),
        ("M", "Записываю: мастер Петров, в четверг, двенадцатого, в десять утра."),
        ("C", "Спасибо."),
    )
    lenient = "Записывая, называет мастера (фамилия), дату, время и стоимость."
    strict = "Называет все четыре элемента: мастер (фамилия), дата, время, стоимость."
    assert _one(booked, "Запись", lenient).status == "completed"  # three of four, no insistence
    assert _one(booked, "Запись", strict).status == "failed"  # the price is missing
    priced = [*booked[:3], Utterance(12.0, 15.5, "manager", "Установка — 1500."), booked[3]]
    assert _one(priced, "Запись", strict).status == "completed"  # a price after a dash


def test_a_question_word_of_a_told_element_is_grammar_not_a_word_to_find() -> None:
    (el,) = compile_stage("Презентация", "Назвал, кто проводит монтаж").elements
    assert "кто" not in el.keywords and not el.must and not el.ask
