"""Conditions that name a kind of call — an agent calls for his client, the client hung up, a
customer who bought already, «не записан» — hold on calls of that kind and never on an ordinary
sale where nobody happens to say those words."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

PRESENT = StageSpec("present", "Цена", "Назвал цену катера. Для агентов и уже купивших — не применимо.")
SUMMARY = StageSpec("summary", "Итог", "В конце повторил договорённости и попрощался. Если клиент бросил трубку "
                    "раньше — не применимо.")
REPEAT = StageSpec("repeat", "Повтор записи", "В конце повторил дату и время. Не записан — н/п.")

SALE = dialog(
    ("M", "Верфь «Волна», Пётр, здравствуйте."),
    ("C", "Здравствуйте, хочу катер для рыбалки."),
    ("M", "Есть модель «Окунь», стоит девятьсот тысяч рублей, гарантия три года."),
    ("C", "Интересно. Можно посмотреть?"),
    ("M", "Приезжайте в субботу в одиннадцать. Итак: суббота, одиннадцать, модель «Окунь». Всего доброго!"),
    ("C", "До свидания."),
)
AGENT = dialog(
    ("M", "Верфь «Волна», Пётр, здравствуйте."),
    ("C", "Добрый день, я агент, у меня клиент ищет катер. Какая комиссия у вас агентам?"),
    ("M", "Комиссию скажет руководитель, я передам ваш номер."),
    ("C", "Хорошо, спасибо."),
)
OWNER = dialog(
    ("M", "Верфь «Волна», Пётр, здравствуйте."),
    ("C", "Здравствуйте, я уже купил у вас катер, мне нужны документы на регистрацию."),
    ("M", "Документы подготовим к пятнице."),
    ("C", "Спасибо."),
)
HUNG_UP = dialog(
    ("M", "Верфь «Волна», Пётр, здравствуйте."),
    ("C", "Сколько стоит катер?"),
    ("M", "От девятисот тысяч, но смотря какой мотор, давайте я уточню..."),
    ("C", "Дорого. Не надо, всё, до свидания."),
)
NOT_BOOKED = dialog(
    ("M", "Верфь «Волна», Пётр, здравствуйте."),
    ("C", "Сколько стоит хранение катера зимой?"),
    ("M", "Пятнадцать тысяч за сезон."),
    ("C", "Понятно, подумаю. До свидания."),
    ("M", "Всего доброго."),
)
BOOKED = dialog(
    ("M", "Верфь «Волна», Пётр, здравствуйте."),
    ("C", "Хочу поставить катер на зимнее хранение."),
    ("M", "Записал вас на пятницу."),
    ("C", "Спасибо."),
    ("M", "До свидания."),
)


def _status(transcript: list[Utterance], stage: StageSpec) -> str:
    return status_of(transcript, stage)


def test_agents_and_customers_who_bought_compile_to_kinds_of_call() -> None:
    (cond,) = compile_stage(PRESENT.name, PRESENT.criterion).conditions
    assert set(cond.call_kinds) == {"agent", "service"}
    (cond,) = compile_stage(SUMMARY.name, SUMMARY.criterion).conditions
    assert cond.call_kinds == ("hung_up",)


def test_an_agent_and_a_customer_who_bought_are_not_applicable_and_a_sale_is_judged() -> None:
    assert _status(AGENT, PRESENT) == "not_applicable"
    assert _status(OWNER, PRESENT) == "not_applicable"
    assert _status(SALE, PRESENT) == "completed"


def test_a_client_who_hung_up_on_the_manager_makes_the_summary_not_applicable() -> None:
    assert _status(HUNG_UP, SUMMARY) == "not_applicable"
    assert _status(SALE, SUMMARY) == "completed"
    assert _status(NOT_BOOKED, SUMMARY) != "not_applicable"  # the manager said goodbye last


def test_not_booked_is_the_absence_of_the_booking_itself() -> None:
    (cond,) = compile_stage(REPEAT.name, REPEAT.criterion).conditions
    assert cond.negated and cond.element is not None
    assert _status(NOT_BOOKED, REPEAT) == "not_applicable"
    assert _status(BOOKED, REPEAT) != "not_applicable"


def test_a_wrong_number_said_as_one_wrong_digit_is_a_wrong_number() -> None:
    price = StageSpec("price", "Цена", "Назвал цену. Не туда попали — н/п.")
    wrong = dialog(
        ("M", "Верфь «Волна», Пётр, здравствуйте."),
        ("C", "Это автомойка? Мне на завтра записаться."),
        ("M", "Нет, это верфь. Возможно, вы ошиблись на одну цифру."),
        ("C", "Ой, извините."),
    )
    assert _status(wrong, price) == "not_applicable"


def test_a_purchase_in_the_past_tense_is_what_the_client_has_not_a_wish() -> None:
    owner = dialog(
        ("M", "Верфь «Волна», Пётр, здравствуйте."),
        ("C", "Здравствуйте, я у вас катер в мае купил, мне нужны документы на регистрацию."),
        ("M", "Документы подготовим к пятнице."),
        ("C", "Спасибо."),
    )
    assert _status(owner, PRESENT) == "not_applicable"


def test_a_customer_saying_what_we_did_for_him_calls_about_service() -> None:
    price = StageSpec("price", "Цена", "Назвал цену. Для сервисных обращений — не применимо.")
    (cond,) = compile_stage(price.name, price.criterion).conditions
    assert cond.topic
    warranty = dialog(
        ("M", "Верфь «Волна», Пётр, здравствуйте."),
        ("C", "Здравствуйте, вы нам летом мотор на катер ставили, так вот он не заводится."),
        ("M", "Понял, по гарантии посмотрим бесплатно, привозите в четверг."),
        ("C", "Хорошо."),
    )
    assert _status(warranty, price) == "not_applicable"
    assert _status(SALE, price) == "completed"


def test_a_plainly_quoted_bad_ending_fails_only_when_said_so() -> None:
    summary = StageSpec("end", "Итог", "В конце повторил договорённости и попрощался. Просто «записал, "
                        "всего доброго» — не выполнено.")
    (cond,) = compile_stage(summary.name, summary.criterion).conditions
    assert cond.element is not None and not cond.element.keywords and cond.element.phrases
    assert _status(SALE, summary) == "completed"


def test_at_least_once_is_how_often_not_one_of_the_elements() -> None:
    compiled = compile_stage("Бюджет", "Уточнил бюджет клиента и хотя бы один раз сказал о рассрочке.")
    assert compiled.requirement.mode == "all"
    assert compile_stage("Бюджет", "Уточнил хотя бы одно: бюджет или способ оплаты.").requirement.mode == "any"


def test_the_explanation_names_the_kind_of_call_a_condition_was_understood_as() -> None:
    text = compile_stage("Цена", "Назвал цену. Не туда попали — н/п. Агент — н/п.").explain()
    assert "Если не туда попали — не применимо (распознаётся как: ошиблись номером" in text
    assert "(распознаётся как: звонит агент или посредник)" in text


def test_inline_numbers_abbreviations_and_the_kind_of_business_compile_as_written() -> None:
    numbered = compile_stage("Авто", "Выяснил все три: 1) марку, 2) год выпуска, 3) что беспокоит.")
    assert not any(ch.isdigit() for e in numbered.elements for ch in e.label)
    assert any("кредитная история" in e.label for e in compile_stage("КИ", "Спросил про КИ.").elements)
    assert [e.key for e in compile_stage("Интро", "Назвал сервис и своё имя.").elements] == ["company", "introduce"]
    wrong = dialog(
        ("M", "Автосервис «Гайка», Лена, слушаю."),
        ("C", "Это поликлиника? Мне к терапевту."),
        ("M", "Нет, это автосервис, вы, наверное, цифрой ошиблись."),
        ("C", "Ой, извините."),
    )
    assert _status(wrong, StageSpec("p", "Цена", "Назвал цену. Ошиблись номером — н/п.")) == "not_applicable"


def test_a_colon_list_of_exclusions_and_what_does_not_count_compile_as_written() -> None:
    stage = compile_stage("Пробная", "Предложил пробную тренировку. Цена и скидки предложением не считаются. "
                          "Не применяется: сервисный звонок; клиент уже был на пробной.")
    assert [e.key for e in stage.elements if e.concepts == ("price",)] == []
    assert len([c for c in stage.conditions if c.outcome == "not_applicable"]) == 2
    purpose = compile_stage("Цель", "МРК обязан выяснить цель приобретения: для себя; для детей или родителей; "
                            "инвестиция.")
    assert purpose.elements[0].label == "цель приобретения" and purpose.elements[0].examples


def test_what_is_only_wished_for_is_not_required() -> None:
    wished = compile_stage("Шаг", "Согласовал день визита (время желательно).")
    assert "time" not in {k for e in wished.elements for k in e.concepts}
    assert "time" in {k for e in compile_stage("Шаг", "Согласовал день и время визита.").elements for k in e.concepts}
