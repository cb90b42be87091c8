"""Elements found out in the call's own words (examples of our own, no set's wording): what is the
matter asked by a follow-up question on the client's story, a make / model / breed found out by the
proper name in the client's answer, a relative clause that is no element of its own, "что нужно
сделать" asked (not told); and the misses these must not turn into completions."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.embedded.aspects import _mode_verbs, _own_parts
from rop.analysis.embedded.lang import lemmas
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import dialog, status_of

MATTER = StageSpec("matter", "Проблема", "Мастер сам задал хотя бы один вопрос: что случилось / что беспокоит.")


def test_a_follow_up_question_on_the_clients_story_asks_what_is_the_matter() -> None:
    call = dialog(
        ("M", "Веломастерская «Спица», Олег, здравствуйте."),
        ("C", "Здравствуйте. У меня велосипед, цепь слетает постоянно и скрипит педаль."),
        ("M", "Слетает на подъёме или на ровной дороге?"),
        ("C", "В основном в горку, когда переключаюсь."),
        ("M", "Приезжайте в субботу в одиннадцать, посмотрим."),
    )
    assert status_of(call, MATTER) == "completed"


def test_no_question_after_the_story_or_only_a_booking_question_finds_nothing_out() -> None:
    told_only = dialog(
        ("M", "Веломастерская «Спица», Олег, здравствуйте."),
        ("C", "Здравствуйте. У меня велосипед, цепь слетает постоянно и скрипит педаль."),
        ("M", "Понял. Приезжайте в субботу, посмотрим."),
        ("C", "Хорошо, спасибо."),
    )
    assert status_of(told_only, MATTER) == "failed"
    booking_only = dialog(
        ("M", "Веломастерская «Спица», Олег, здравствуйте."),
        ("C", "Здравствуйте. У меня велосипед, цепь слетает постоянно и скрипит педаль."),
        ("M", "Когда вам удобно приехать, в субботу утром?"),
        ("C", "Да, в субботу подойдёт."),
    )
    assert status_of(booking_only, MATTER) == "failed"


MAKE = StageSpec("make", "Инструмент", "Мастер выяснил марку и модель инструмента.")


def test_a_make_and_model_are_found_out_by_the_proper_name_in_the_answer() -> None:
    call = dialog(
        ("M", "Настройка пианино «Камертон», Вера, здравствуйте."),
        ("C", "Здравствуйте, хочу настроить пианино."),
        ("M", "А инструмент у вас какой?"),
        ("C", "Ростов Дон, старенький."),
        ("M", "Настройка стоит четыре тысячи рублей."),
    )
    assert status_of(call, MAKE) == "completed"


def test_a_persons_name_or_an_answer_without_a_name_is_no_make() -> None:
    person = dialog(
        ("M", "Настройка пианино «Камертон», Вера, здравствуйте."),
        ("C", "Здравствуйте, хочу настроить пианино."),
        ("M", "А кто будет дома, когда мастер приедет?"),
        ("C", "Дома будет муж, Сергей Иванович."),
        ("M", "Настройка стоит четыре тысячи рублей."),
    )
    assert status_of(person, MAKE) == "failed"
    nameless = dialog(
        ("M", "Настройка пианино «Камертон», Вера, здравствуйте."),
        ("C", "Здравствуйте, хочу настроить пианино."),
        ("M", "А инструмент у вас какой?"),
        ("C", "Обычный, старенький, чёрный."),
        ("M", "Настройка стоит четыре тысячи рублей."),
    )
    assert status_of(nameless, MAKE) == "failed"


def test_a_relative_clause_is_no_element_of_its_own() -> None:
    assert _own_parts(["размер залога", " который готов оставить гость", "срок проката"]) == [
        "размер залога",
        "срок проката",
    ]
    compiled = compile_stage("Деньги", "Мастер уточнил размер залога, который готов оставить гость, и срок проката.")
    assert not any("готов" in e.label for e in compiled.elements)


def test_a_verb_after_the_question_word_is_what_is_asked() -> None:
    assert _mode_verbs(lemmas("что нужно сделать")) == []
    assert _mode_verbs(lemmas("назвал цену")) == ["назвать"]
    compiled = compile_stage("Задача", "Мастер выяснил: 1) модель, 2) что нужно сделать или что беспокоит.")
    assert all(e.ask for e in compiled.elements)


PRICE = StageSpec("price", "Стоимость", "Менеджер уточняет стоимость лодки, которую клиент выбрал.")


def test_the_price_asked_and_answered_with_a_figure_is_found_out() -> None:
    asked = dialog(
        ("M", "Прокат «Волна», Пётр, здравствуйте."),
        ("C", "Здравствуйте, хочу взять лодку в кредит у вас, уже присмотрел."),
        ("M", "Понял. А стоит она сколько?"),
        ("C", "Продавец просит триста двадцать тысяч."),
        ("M", "Хорошо, посчитаем."),
    )
    assert status_of(asked, PRICE) == "completed"
    unanswered = dialog(
        ("M", "Прокат «Волна», Пётр, здравствуйте."),
        ("C", "Здравствуйте, хочу взять лодку в кредит у вас, уже присмотрел."),
        ("M", "Понял. А стоит она сколько?"),
        ("C", "Не помню, надо посмотреть."),
        ("M", "Хорошо, посчитаем."),
    )
    assert status_of(unanswered, PRICE) == "failed"


OBJECTIONS = StageSpec(
    "obj",
    "Возражения",
    "Если клиент сомневается («дорого», «далеко»), менеджер приводит аргумент или предлагает альтернативу. "
    "Если возражений не было — не применимо.",
)


def _doubt_then(*manager_turns: tuple[str, str]) -> str:
    call = dialog(
        ("M", "Школа вождения «Руль», Нина, здравствуйте."),
        ("C", "Здравствуйте, хочу записаться на курс вождения."),
        ("M", "Курс стоит сорок пять тысяч рублей, два месяца."),
        ("C", "Ой, дороговато всё-таки, в соседней школе дешевле."),
        *manager_turns,
    )
    return status_of(call, OBJECTIONS)


def test_an_objection_answered_after_a_clarifying_question_is_handled() -> None:
    assert (
        _doubt_then(
            ("M", "Понимаю. А там вождение на площадке входит в цену или отдельно?"),
            ("C", "Кажется, отдельно платится."),
            ("M", "Вот, у нас площадка и тридцать часов вождения уже включены, экзамен сопровождаем бесплатно."),
            ("C", "А, ну это другое дело."),
        )
        == "completed"
    )


def test_a_question_back_followed_by_a_brush_off_is_not_handled() -> None:
    assert (
        _doubt_then(
            ("M", "А там сколько?"),
            ("C", "Тысяч на десять меньше."),
            ("M", "Ну, смотрите сами."),
            ("C", "Ладно, подумаю."),
        )
        == "failed"
    )


def test_a_quoted_counter_example_is_no_element() -> None:
    compiled = compile_stage(
        "Условия",
        "Мастер конкретно называет срок и гарантию (например: «гарантия год»; «всё будет хорошо» не считается).",
    )
    assert not any("хорошо" in e.label or "считается" in e.label for e in compiled.elements)
    greeting = compile_stage(
        "Начало", "Администратор называет своё имя и салон — и то и другое; просто «алло, слушаю» не годится."
    )
    labels = [e.label for e in greeting.elements]
    assert not any("годится" in x or "другое" in x for x in labels), labels
    assert len(labels) == 2, labels


def test_a_brush_off_with_a_closing_question_is_no_asking_back() -> None:
    assert (
        _doubt_then(
            ("M", "Ну, цены сейчас такие. Что-то ещё подсказать?"),
            ("C", "А что там с инструкторами, опытные?"),
            ("M", "Инструкторы со стажем от десяти лет, машины новые, площадка своя, рядом с метро."),
            ("C", "Понятно, до свидания."),
        )
        == "failed"
    )


def test_asking_about_the_clients_company_does_not_name_ones_own() -> None:
    intro = StageSpec("intro", "Представление", "Менеджер называет своё имя и компанию.")
    call = dialog(
        ("M", "Алло, Ольга? Добрый день, это Денис, по вашей заявке на перевозку."),
        ("C", "Да, слушаю."),
        ("M", "Ольга, вы руководитель компании, правильно понимаю?"),
        ("C", "Да, я директор."),
    )
    assert status_of(call, intro) == "failed"


def test_the_elements_counted_are_no_element_of_their_own() -> None:
    compiled = compile_stage(
        "Подбор",
        "Мастер выясняет: — бюджет (обязательно); — сроки (обязательно). Нужны оба обязательных параметра.",
    )
    assert [e.label for e in compiled.elements] == ["бюджет", "сроки"]


def test_an_options_element_is_asked_by_its_own_action() -> None:
    stage = StageSpec(
        "pay", "Оплата", "Менеджер выясняет, как клиент планирует рассчитываться: наличные, карта или перевод."
    )
    asked = dialog(
        ("M", "Мебельная мастерская «Дуб», Артём, здравствуйте."),
        ("C", "Здравствуйте, хочу заказать шкаф-купе."),
        ("M", "Рассчитываться как будете?"),
        ("C", "Сразу всю сумму, как привезёте."),
    )
    assert status_of(asked, stage) == "completed"
    not_asked = dialog(
        ("M", "Мебельная мастерская «Дуб», Артём, здравствуйте."),
        ("C", "Здравствуйте, хочу заказать шкаф-купе."),
        ("M", "Какого размера шкаф нужен?"),
        ("C", "Два метра в ширину."),
    )
    assert status_of(not_asked, stage) == "failed"


def test_a_list_of_questions_is_asked_and_an_unknown_head_keeps_each_items_way() -> None:
    compiled = compile_stage(
        "Вопросы", "Минимум два вопроса из: цель визита; опыт плавания (плавал ли раньше); страх воды или травмы."
    )
    assert all(e.ask for e in compiled.elements), [(e.label, e.ask) for e in compiled.elements]
    told = compile_stage("Итог", "Оба пункта: 1) мастер повторяет клиенту, на когда он записан; 2) прощается.")
    assert not any(e.ask for e in told.elements), [(e.label, e.ask) for e in told.elements]


def test_own_company_in_a_greeting_run_into_a_question_still_counts() -> None:
    intro = StageSpec("intro", "Представление", "Менеджер называет своё имя и компанию.")
    call = dialog(
        ("C", "Алло."),
        ("M", "Здравствуйте, компания Дубрава, меня зовут Денис, вы нам заявку оставляли на перевозку?"),
        ("C", "Да, оставляла. Сколько стоит перевезти диван?"),
        ("M", "Перевозка по городу стоит от трёх тысяч рублей, грузчики включены."),
        ("C", "Хорошо, подходит."),
    )
    assert status_of(call, intro) == "completed"


def test_one_follow_up_question_is_not_two_of_the_questions_counted() -> None:
    stage = StageSpec(
        "ask",
        "Вопросы",
        "Не менее двух уточняющих вопросов о поломке: что случилось / что беспокоит, как давно, шумит ли, течёт ли.",
    )
    one = dialog(
        ("M", "Сервис «Ключ», Игорь, здравствуйте."),
        ("C", "Здравствуйте, у меня стиральная машина не сливает воду совсем, стоит полная."),
        ("M", "Давно так?"),
        ("C", "Со вчерашнего вечера."),
        ("M", "Мастер приедет завтра в десять, выезд пятьсот рублей."),
    )
    assert status_of(one, stage) == "failed"
    two = dialog(
        ("M", "Сервис «Ключ», Игорь, здравствуйте."),
        ("C", "Здравствуйте, у меня стиральная машина не сливает воду совсем, стоит полная."),
        ("M", "Давно так?"),
        ("C", "Со вчерашнего вечера."),
        ("M", "А шумит при этом, гудит?"),
        ("C", "Гудит немного."),
        ("M", "Мастер приедет завтра в десять, выезд пятьсот рублей."),
    )
    assert status_of(two, stage) == "completed"
