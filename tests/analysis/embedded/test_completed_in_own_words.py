"""Completed elements said in the speakers' own words, as classes (examples of our own, no set's wording):
wh-elements answered in any words, a question's listed answers as one element, the call's purpose,
per-unit prices and ranges, examples said in other forms of their words, a step proposed with a day,
a recap and an address; and the misses they must not turn into completions."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.embedded.compiler import CompiledStage
from rop.analysis.embedded.lang import tokenize
from rop.analysis.embedded.verdict import same_root
from rop.analysis.embedded.wh import answers, destination_said, route_said, source_said
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import checklist, dialog


def _status(transcript: list[Utterance], stage: StageSpec) -> str:
    compiled: dict[str, CompiledStage] = {stage.stage_id: compile_stage(stage.name, stage.criterion)}
    [verdict] = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(stage), compiled=compiled)
    return verdict.status


# --- where from, where to, how often ------------------------------------------------------------

TRIP = StageSpec("trip", "Маршрут", "Турагент выяснил все три: откуда, куда, как часто клиент ездит.")


def test_typed_answers_of_question_words() -> None:
    assert source_said(tokenize("Вылетаем из Казани, наверное"))
    assert source_said(tokenize("Забираем с фабрики"))
    assert not source_said(tokenize("С утра удобнее, с мужем поедем"))
    assert destination_said(tokenize("Хотим в Турцию или до Сочи"))
    assert destination_said(tokenize("Развозим по области"))
    assert not destination_said(tokenize("Приеду в субботу в три"))
    assert route_said("Самара — Уфа, как обычно?")
    assert answers("часто", "Раза три в год", tokenize("Раза три в год"), "раза 3 в год")
    assert not answers("часто", "Три человека", tokenize("Три человека"), "3 человека")


def test_wh_elements_are_found_out_by_questions_in_other_words_and_their_answers() -> None:
    call = dialog(
        ("M", "Турагентство «Глобус», Марина, здравствуйте."),
        ("C", "Здравствуйте, хочу путёвку на море."),
        ("M", "Вылетать будете откуда, из Казани?"),
        ("C", "Из Казани, а хотим в Турцию или в Египет."),
        ("M", "И ездите каждый год?"),
        ("C", "Да, каждое лето."),
        ("M", "Тур на неделю стоит от девяноста тысяч рублей на двоих."),
    )
    assert _status(call, TRIP) == "completed"


def test_a_closed_question_elicits_the_route_but_a_question_about_something_else_does_not() -> None:
    closed = dialog(
        ("M", "Турагентство «Глобус», Марина, здравствуйте. Летите из дома, из Самары?"),
        ("C", "Из Самары в Сочи, два раза в год летаем."),
        ("M", "Тур на неделю стоит от шестидесяти тысяч рублей."),
        ("C", "Понятно, спасибо."),
    )
    assert _status(closed, TRIP) == "completed"
    other = dialog(
        ("M", "Турагентство «Глобус», Марина, здравствуйте. Из Самары летите?"),
        ("C", "Да, из Самары в Сочи."),
        ("M", "А кто с вами поедет?"),
        ("C", "Жена, мы каждый год вдвоём ездим."),
        ("M", "Тур на неделю стоит от шестидесяти тысяч рублей."),
    )
    assert _status(other, TRIP) == "failed"  # how often was never asked: an answer to "кто" is no answer


# --- a question's listed answers are one element ------------------------------------------------

PURPOSE = StageSpec(
    "why", "Для чего", "Консультант выясняет, для чего клиенту ноутбук: для работы, для учёбы или для игр."
)


def test_listed_answers_compile_into_one_element() -> None:
    (el,) = compile_stage(PURPOSE.name, PURPOSE.criterion).elements
    assert el.ask and {"работа", "учеба", "игра"} <= set(el.examples)
    both = compile_stage("s", "Выяснил, что нужно клиенту: модель, бюджет или сроки.")
    assert len(both.elements) >= 2  # known things to find out are elements, not answers


def test_asking_with_one_of_the_answers_completes_it_and_silence_fails_it() -> None:
    asked = dialog(
        ("M", "Магазин «Бит», Олег, слушаю вас."),
        ("C", "Мне нужен ноутбук."),
        ("M", "Вам для работы или для игр?"),
        ("C", "Для работы, таблицы в основном."),
        ("M", "Тогда посмотрите модели от сорока тысяч рублей, цена с гарантией."),
        ("C", "Хорошо."),
    )
    assert _status(asked, PURPOSE) == "completed"
    silent = dialog(
        ("M", "Магазин «Бит», Олег, слушаю вас."),
        ("C", "Мне нужен ноутбук."),
        ("M", "Есть модели от сорока тысяч рублей, цена с гарантией."),
        ("C", "Спасибо, подумаю."),
    )
    assert _status(silent, PURPOSE) == "failed"


# --- the call's purpose, framing sentences ------------------------------------------------------

INTRO = StageSpec("intro", "Начало", "Менеджер назвал своё имя, компанию «Чистый двор» и цель звонка.")


def test_the_purpose_of_the_call_is_what_the_manager_says_he_calls_for() -> None:
    keys = [e.key for e in compile_stage(INTRO.name, INTRO.criterion).elements]
    assert "purpose" in keys and "needs" not in keys
    stated = dialog(
        ("M", "Добрый день, меня зовут Антон, компания «Чистый двор». Звоню предложить вывоз снега с парковки."),
        ("C", "Слушаю."),
        ("M", "Вывоз стоит от пяти тысяч рублей за машину, договор на сезон."),
        ("C", "Пришлите предложение."),
    )
    assert _status(stated, INTRO) == "completed"
    bare = dialog(
        ("M", "Добрый день, меня зовут Антон, компания «Чистый двор»."),
        ("C", "Слушаю."),
        ("M", "Вывоз снега стоит от пяти тысяч рублей за машину, договор на сезон."),
        ("C", "Пришлите предложение."),
    )
    assert _status(bare, INTRO) == "failed"
    asked = compile_stage("s", "Менеджер выяснил цель звонка клиента.")
    assert [e.key for e in asked.elements] == ["needs"]


def test_a_framing_sentence_does_not_replace_the_elements_after_it() -> None:
    c = compile_stage("visit", "Цель звонка — выезд мастера. Выполнено, если согласованы дата и время.")
    assert {e.key for e in c.elements} == {"date", "time"}


# --- prices, examples in other forms, steps, recaps, addresses --------------------------------

PRICE = StageSpec("price", "Цена", "Назвал цену и хотя бы одно из преимуществ: страхование багажа, оплата картой.")


def test_per_unit_prices_and_examples_in_other_forms_of_their_words() -> None:
    call = dialog(
        ("M", "Такси «Лёт», Вера, здравствуйте."),
        ("C", "Сколько до аэропорта?"),
        ("M", "От девятисот за поездку, багаж застрахуем, картой оплатить можно."),
        ("C", "Хорошо."),
    )
    assert _status(call, PRICE) == "completed"
    no_plus = dialog(
        ("M", "Такси «Лёт», Вера, здравствуйте."),
        ("C", "Сколько до аэропорта?"),
        ("M", "От девятисот за поездку."),
        ("C", "Хорошо."),
    )
    assert _status(no_plus, PRICE) == "failed"


def test_same_root_spans_prefixes_but_not_unrelated_words() -> None:
    assert same_root("страхование", "застраховать")
    assert same_root("отслеживание", "отследить")
    assert not same_root("доставка", "поставить") and not same_root("цена", "центр")
    assert not same_root("страх", "страница")


def test_requirement_counting_a_thing_is_not_any_element() -> None:
    c = compile_stage("pay", "Менеджер уточняет бюджет и хотя бы один раз говорит о рассрочке.")
    assert c.requirement.mode == "all"
    assert compile_stage("x", "Хотя бы один из: бюджет, сроки").requirement.mode == "any"


def test_a_recap_with_an_apposition_needs_the_recap_and_the_goodbye() -> None:
    text = "В конце повторяет договорённости — хотя бы одно действие со сроком (кто приедет) — и прощается."
    c = compile_stage("end", text)
    assert [e.key for e in c.elements] == ["summary", "farewell"]
    call = dialog(
        ("M", "Служба «Мастер на час», Игорь. Чем помочь?"),
        ("C", "Кран течёт."),
        ("M", "Мастер приедет завтра."),
        ("C", "Хорошо."),
        ("M", "Записал: завтра, с десяти до двенадцати, Полевая, семь, замена крана. Всего доброго!"),
        ("C", "До свидания."),
    )
    assert _status(call, StageSpec("end", "Итог", "Резюмировал договорённости, попрощался")) == "completed"


VISIT = StageSpec("visit", "Выезд", "Согласованы все три: дата, время (например «с 10 до 12») и адрес.")


def test_an_address_is_a_street_and_number_not_the_word_address() -> None:
    given = dialog(
        ("M", "Служба «Мастер на час», Игорь. Мастер может в пятницу с девяти до двенадцати."),
        ("C", "Подходит. Адрес — Садовая, двенадцать."),
        ("M", "Записал, пятница с девяти до двенадцати, Садовая, двенадцать. Выезд стоит пятьсот рублей."),
        ("C", "Хорошо."),
    )
    assert _status(given, VISIT) == "completed"
    promised = dialog(
        ("M", "Служба «Мастер на час», Игорь. Мастер может в пятницу с девяти до двенадцати."),
        ("C", "Подходит."),
        ("M", "А адрес?"),
        ("C", "Адрес потом пришлю, не помню номер дома."),
        ("M", "Хорошо. Выезд стоит пятьсот рублей."),
    )
    assert _status(promised, VISIT) == "failed"


def test_a_step_proposed_with_a_day_is_a_step() -> None:
    step = StageSpec("next", "Шаг", "Договорился о следующем шаге (встреча, пробная поездка) с конкретным днём.")
    call = dialog(
        ("M", "Автошкола «Руль», Дина, здравствуйте."),
        ("C", "Хочу попробовать."),
        ("M", "Предлагаю первое занятие в четверг, в шесть вечера."),
        ("C", "Давайте в четверг."),
    )
    assert _status(call, step) == "completed"


# --- what-elements and bracketed examples of free elements -------------------------------------

KIT = StageSpec(
    "kit",
    "Параметры",
    "Менеджер выяснил не менее двух из: что за мебель (тип); размер (метры, сантиметры); материал (дуб, ясень, шпон).",
)


def test_bracketed_words_of_a_free_element_are_examples_any_one_of_which_shows_it() -> None:
    els = compile_stage(KIT.name, KIT.criterion).elements
    size = next(e for e in els if "размер" in e.label)
    assert "метры" in size.examples and "метр" in size.keywords  # the words stay its own too


def test_a_what_question_in_other_words_asks_what_it_is() -> None:
    asked = dialog(
        ("M", "Мебельная мастерская «Брус», Павел, здравствуйте."),
        ("C", "Здравствуйте, нужна мебель на заказ."),
        ("M", "А что делаем — кухню, шкаф?"),
        ("C", "Шкаф в прихожую."),
        ("M", "Сколько метров по ширине?"),
        ("C", "Два с половиной."),
        ("M", "Шкаф такого размера стоит от сорока тысяч рублей."),
    )
    assert _status(asked, KIT) == "completed"
    not_asked = dialog(
        ("M", "Мебельная мастерская «Брус», Павел, здравствуйте."),
        ("C", "Здравствуйте, нужен шкаф в прихожую, два с половиной метра."),
        ("M", "Я понимаю, что срочно. Как вас зовут?"),
        ("C", "Ольга."),
        ("M", "Шкаф такого размера стоит от сорока тысяч рублей."),
    )
    assert _status(not_asked, KIT) == "failed"


def test_a_recap_of_the_booking_is_a_repeat_and_a_bare_confirmation_is_not() -> None:
    repeat = StageSpec("rep", "Повтор", "В конце повторила и дату, и время записи.")
    assert [e.key for e in compile_stage(repeat.name, repeat.criterion).elements] == ["summary", "date", "time"]
    said = dialog(
        ("M", "Груминг-салон «Хвост», Анна, здравствуйте."),
        ("C", "Хочу записать собаку на стрижку."),
        ("M", "Стрижка стоит две тысячи рублей. Есть пятница в десять."),
        ("C", "Давайте."),
        ("M", "Записала вас на пятницу, четвёртое декабря, на десять утра, мастер Ольга."),
        ("C", "Спасибо."),
    )
    assert _status(said, repeat) == "completed"
    bare = dialog(
        ("M", "Груминг-салон «Хвост», Анна, здравствуйте."),
        ("C", "Хочу записать собаку на стрижку."),
        ("M", "Стрижка стоит две тысячи рублей. Есть пятница в десять."),
        ("C", "Давайте."),
        ("M", "Хорошо, записала."),
        ("C", "Спасибо."),
    )
    assert _status(bare, repeat) == "failed"


def test_a_single_example_word_in_another_form_shows_the_element_only_in_a_question() -> None:
    cond = StageSpec("cond", "Условия", "Менеджер выяснил особые условия (температура, хрупкость).")
    asked = dialog(
        ("M", "Доставка «Пчела», Ирина, здравствуйте."),
        ("C", "Нужно отвезти торты в кафе."),
        ("M", "Температурный режим нужен?"),
        ("C", "Да, холодильник."),
        ("M", "Рейс стоит от трёх тысяч рублей."),
    )
    assert _status(asked, cond) == "completed"
    told = dialog(
        ("M", "Доставка «Пчела», Ирина, здравствуйте."),
        ("C", "Нужно отвезти торты в кафе."),
        ("M", "У нас температурные машины. Рейс стоит от трёх тысяч рублей."),
        ("C", "Хорошо."),
    )
    assert _status(told, cond) == "failed"


def test_a_how_many_question_asks_a_volume_but_a_price_question_does_not() -> None:
    volume = StageSpec("vol", "Объём", "Менеджер выяснил объём (коробки, мешки).")
    asked = dialog(
        ("M", "Переезды «Слон», Олег, здравствуйте."),
        ("C", "Нам офис перевезти."),
        ("M", "А стульев и столов сколько примерно?"),
        ("C", "Штук сорок."),
        ("M", "Машина стоит от шести тысяч рублей."),
    )
    assert _status(asked, volume) == "completed"
    price = dialog(
        ("M", "Переезды «Слон», Олег, здравствуйте."),
        ("C", "Нам офис перевезти, сколько стоит машина?"),
        ("M", "А вы сколько готовы заплатить, сколько стоит у других?"),
        ("C", "Тысяч пять."),
        ("M", "Машина стоит от шести тысяч рублей."),
    )
    assert _status(price, volume) == "failed"


def test_clock_times_said_as_two_numbers_or_half_past() -> None:
    stage = StageSpec("t", "Время", "Назвал точное время.")
    for said in ("Ждём вас в среду в двенадцать пятнадцать.", "Можно на восемь сорок.", "Приходите в полседьмого."):
        call = dialog(
            ("M", "Ветклиника «Лапа», Денис, здравствуйте."),
            ("C", "Хочу записать кота на прививку, сколько стоит?"),
            ("M", "Прививка стоит полторы тысячи рублей. " + said),
            ("C", "Хорошо."),
        )
        assert _status(call, stage) == "completed", said
    priced = dialog(
        ("M", "Ветклиника «Лапа», Денис, здравствуйте."),
        ("C", "Хочу записать кота на прививку, сколько стоит?"),
        ("M", "Прививка стоит полторы тысячи рублей, на 2 года хватает."),
        ("C", "Хорошо."),
    )
    assert _status(priced, stage) == "failed"


CURRENT = StageSpec("cur", "Ситуация", "Хотя бы 2 из 3: текущий поставщик; сколько сотрудников; что не устраивает")


def test_a_question_about_what_the_client_has_now_finds_out_the_current_supplier_when_answered() -> None:
    answered = dialog(
        ("M", "Добрый день, меня зовут Ольга, «Вода-Плюс», доставка воды в офис."),
        ("C", "Здравствуйте, я офис-менеджер."),
        ("M", "Подскажите, воду вам сейчас кто возит?"),
        ("C", "«Родник», но часто опаздывают."),
        ("M", "А сколько у вас сотрудников?"),
        ("C", "Человек двадцать."),
        ("M", "Бутыль стоит триста рублей, доставка бесплатно."),
    )
    assert _status(answered, CURRENT) == "completed"
    unanswered = dialog(
        ("M", "Добрый день, меня зовут Ольга, «Вода-Плюс», доставка воды в офис."),
        ("C", "Здравствуйте, я секретарь."),
        ("M", "А сколько у вас сотрудников?"),
        ("C", "Человек двадцать."),
        ("M", "А воду вам сейчас какую возят?"),
        ("C", "Без понятия, я не знаю."),
        ("M", "Бутыль стоит триста рублей, доставка бесплатно."),
    )
    assert _status(unanswered, CURRENT) == "failed"
