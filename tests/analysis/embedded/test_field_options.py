"""Enum fields read by what their options mean (time of day, purpose, employment, next step,
source), goods carried, and «не выяснено» when nothing supports another option (examples written
for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator, options
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (spec,)))
    return result.values[spec.key].value


TIME_OF_DAY = FieldSpec("when", "Удобное время для звонка", "enum", ("утро", "день", "вечер"))
PURPOSE = FieldSpec("goal", "Цель покупки", "enum", ("для себя", "для детей", "инвестиция", "не выяснено"))
JOB = FieldSpec("job", "Занятость клиента", "enum", ("найм", "ИП", "самозанятый", "другое"))
STEP = FieldSpec("step", "Следующий шаг", "enum", ("встреча в офисе", "онлайн-показ", "перезвон", "нет"))
SOURCE = FieldSpec("src", "Откуда узнали о нас", "enum", ("сайт", "реклама", "знакомые", "другое"))
CARGO = FieldSpec("goods", "Тип груза")


def test_option_fields_are_read_as_enums_not_as_times_or_steps() -> None:
    assert field_kind(TIME_OF_DAY) == "enum"
    assert field_kind(STEP) == "enum"
    assert field_kind(PURPOSE) == "enum"


def test_a_clock_hour_after_work_is_the_evening() -> None:
    call = dialog(
        ("M", "Салон «Лофт», Марина, здравствуйте."),
        ("C", "Здравствуйте, я насчёт дивана. Мне днём неудобно говорить, я на работе."),
        ("M", "Когда вам перезвонить?"),
        ("C", "После работы, часов в семь."),
    )
    assert _value(TIME_OF_DAY, call) == "вечер"


def test_a_morning_hour_is_the_morning() -> None:
    call = dialog(
        ("M", "Компания «Сад», слушаю."),
        ("C", "Хочу заказать газон. Наберите меня завтра к девяти, я до обеда свободен."),
    )
    assert _value(TIME_OF_DAY, call) == "утро"


def test_a_flat_for_a_daughter_is_bought_for_the_children() -> None:
    call = dialog(
        ("M", "Агентство «Дом», Ирина, здравствуйте."),
        ("C", "Добрый день, ищу однушку для дочки, она в институт поступила."),
        ("M", "Понимаю. Какой бюджет?"),
        ("C", "До пяти миллионов."),
    )
    assert _value(PURPOSE, call) == "для детей"


def test_a_flat_to_let_is_an_investment() -> None:
    call = dialog(
        ("M", "Агентство «Дом», Ирина, здравствуйте."),
        ("C", "Здравствуйте, мне нужна студия, сдавать буду."),
    )
    assert _value(PURPOSE, call) == "инвестиция"


def test_an_unknown_purpose_is_not_found_out() -> None:
    call = dialog(
        ("M", "Агентство «Дом», Ирина, здравствуйте."),
        ("C", "Здравствуйте, сколько стоит двушка у парка?"),
        ("M", "От семи миллионов."),
    )
    assert _value(PURPOSE, call) == "не выяснено"


def test_employment_is_read_from_the_clients_own_words() -> None:
    call = dialog(
        ("M", "Банк «Заря», Олег. Вы работаете официально?"),
        ("C", "Нет, я самозанятая, делаю маникюр на дому."),
    )
    assert _value(JOB, call) == "самозанятый"
    call = dialog(
        ("M", "Банк «Заря», Олег. Где вы работаете?"),
        ("C", "У меня своё дело, ИП, небольшой магазин."),
    )
    assert _value(JOB, call) == "ИП"


def test_an_agreed_visit_to_the_office_is_a_meeting_and_a_silent_end_is_none() -> None:
    visit = dialog(
        ("M", "Студия «Кухни», Павел. Приезжайте в субботу к нам в офис, покажу образцы."),
        ("C", "Хорошо, в субботу приеду."),
    )
    assert _value(STEP, visit) == "встреча в офисе"
    online = dialog(
        ("M", "Студия «Кухни», Павел. Могу показать проект онлайн, по видео, в четверг."),
        ("C", "Давайте онлайн, мне так удобнее."),
    )
    assert _value(STEP, online) == "онлайн-показ"
    nothing = dialog(
        ("M", "Студия «Кухни», Павел, слушаю."),
        ("C", "Сколько стоит столешница из камня?"),
        ("M", "От сорока тысяч за метр."),
        ("C", "Ясно, спасибо."),
    )
    assert _value(STEP, nothing) == "нет"


def test_a_friends_advice_is_the_acquaintances_source_and_an_odd_answer_is_other() -> None:
    call = dialog(
        ("M", "Автосервис «Мотор», здравствуйте. Подскажите, откуда о нас узнали?"),
        ("C", "Коллега посоветовал, он у вас чинился."),
    )
    assert _value(SOURCE, call) == "знакомые"
    odd = dialog(
        ("M", "Автосервис «Мотор», здравствуйте."),
        ("C", "Здравствуйте, мне колодки поменять."),
        ("M", "Запишу на завтра. Подскажите, откуда о нас узнали?"),
        ("C", "Да я тут рядом живу, мимо хожу каждый день."),
    )
    assert _value(SOURCE, odd) == "другое"


def test_goods_are_the_answer_to_what_is_carried_not_the_shops_name() -> None:
    call = dialog(
        ("M", "Компания «Колёса», Антон. Откуда забираем и что везём?"),
        ("C", "Из Твери. Холодильники, штук двадцать."),
        ("M", "Понял, пришлю расчёт."),
    )
    assert field_kind(CARGO) == "product"
    assert _value(CARGO, call) == "Холодильники"
    shop = dialog(
        ("C", "Здравствуйте, это магазин «Весна», нам нужна доставка по городу."),
        ("M", "Что за товар?"),
        ("C", "Посуда, в коробках."),
    )
    assert _value(CARGO, shop) == "Посуда"
    said = dialog(
        ("M", "Добрый день, компания «Колёса», звоню по доставке песка на ваши объекты."),
        ("C", "Слушаю."),
    )
    assert _value(CARGO, said) == "песок"


ROOMS = FieldSpec("rooms", "Сколько комнат (студия = 0)", "number")


def test_a_studio_is_zero_rooms_when_the_description_says_so() -> None:
    call = dialog(
        ("M", "Агентство «Дом», слушаю."),
        ("C", "Здравствуйте, ищу студию недалеко от вокзала."),
    )
    assert _value(ROOMS, call) == 0
    assert _value(FieldSpec("rooms", "Количество комнат", "number"), call) == 1


def test_the_client_changing_the_room_count_in_one_turn_is_the_count() -> None:
    call = dialog(
        ("M", "Агентство «Дом», какую квартиру ищете?"),
        ("C", "Однушку. Хотя нет, погодите. Давайте евродвушку смотреть."),
        ("M", "Хорошо."),
    )
    assert _value(ROOMS, call) == 2


def test_the_managers_either_or_question_gives_no_room_count() -> None:
    call = dialog(
        ("M", "Агентство «Дом». Вы по однушкам смотрите или побольше?"),
        ("C", "Мне сейчас неудобно, перезвоните завтра."),
    )
    assert _value(ROOMS, call) is None


MORTGAGE = FieldSpec("mortgage", "Нужна ли ипотека", "enum", ("да", "нет"))
APPROVAL = FieldSpec("approval", "Есть одобрение банка", "enum", ("да", "нет"))
DOWN = FieldSpec("down", "Первоначальный взнос, руб.", "number")


def test_yes_no_fields_read_the_clients_own_statement_and_reply() -> None:
    assert field_kind(MORTGAGE) == "enum"
    said = dialog(
        ("M", "Агентство «Дом», Анна. Какой бюджет?"),
        ("C", "Миллионов восемь. Будем брать ипотеку, взнос отложен."),
    )
    assert _value(MORTGAGE, said) == "да"
    refused = dialog(
        ("M", "Агентство «Дом», Анна. Какой бюджет?"),
        ("C", "Миллионов восемь."),
        ("M", "Ипотека нужна?"),
        ("C", "Нет, у нас наличные."),
    )
    assert _value(MORTGAGE, refused) == "нет"


def test_a_reply_without_yes_or_no_is_read_by_its_negation() -> None:
    not_yet = dialog(
        ("M", "Агентство «Дом», Анна. Какой бюджет?"),
        ("C", "Миллионов восемь, ипотека."),
        ("M", "Одобрение уже есть?"),
        ("C", "Ещё не подавали."),
    )
    assert _value(APPROVAL, not_yet) == "нет"
    done = dialog(
        ("M", "Агентство «Дом», Анна. Какой бюджет?"),
        ("C", "Миллионов восемь, ипотека."),
        ("M", "Одобрение уже есть?"),
        ("C", "Банк одобрил на восемь."),
    )
    assert _value(APPROVAL, done) == "да"


def test_a_first_payment_is_a_number_field_of_its_own_not_the_budget() -> None:
    call = dialog(
        ("M", "Агентство «Дом», Анна. Какой бюджет?"),
        ("C", "Миллионов восемь, ипотека."),
        ("M", "А ПВ какой?"),
        ("C", "ПВ миллион двести."),
    )
    assert field_kind(DOWN) == "part_payment"
    assert _value(DOWN, call) == 1_200_000
    said = dialog(
        ("M", "Автосалон «Мотор», Анна. Как планируете платить?"),
        ("C", "Машина за три миллиона, первый взнос восемьсот тысяч, остальное кредит."),
    )
    assert _value(DOWN, said) == 800_000


def test_a_change_of_room_count_inside_one_sentence_is_the_count() -> None:
    call = dialog(
        ("M", "агентство дом какую квартиру ищете"),
        ("C", "однушку хотя нет давайте двушку смотреть"),
    )
    assert _value(ROOMS, call) == 2


def test_an_option_is_read_within_the_family_most_options_belong_to() -> None:
    source = FieldSpec("src", "Источник обращения", "enum", ("сайт", "звонок", "рекомендация", "реклама"))
    call = dialog(
        ("M", "Автосервис «Мотор», здравствуйте."),
        ("C", "Здравствуйте, мне друг вас посоветовал, нужна замена масла."),
        ("M", "Хорошо, перезвоню вам через час, подберу время."),
    )
    assert _value(source, call) == "рекомендация"
    family = options.family_of(source.options)
    assert options.concept_of("звонок", family) is None  # no callback among the sources
    assert options.concept_of("звонок") is not None


def test_an_option_named_outside_the_managers_list_of_options_is_chosen() -> None:
    card = FieldSpec("card", "Какую карту выбрал клиент", "enum", ("стандарт", "премиум", "платинум"))
    call = dialog(
        ("M", "Фитнес «Сила», Анна. Карты у нас: стандарт, премиум и платинум."),
        ("C", "А чем отличаются?"),
        ("M", "Стандарт — только зал, самый популярный. Ещё раз: стандарт, премиум, платинум."),
        ("C", "Тогда премиум, мне нужен бассейн."),
    )
    assert _value(card, call) == "премиум"


def test_a_step_option_no_concept_covers_is_chosen_by_its_own_words() -> None:
    step = FieldSpec("step", "Следующий шаг", "enum", ("встреча", "перезвон", "КП на почту", "нет"))
    call = dialog(
        ("M", "Компания «Клин», Олег. Могу прислать КП на почту, посмотрите?"),
        ("C", "Да, пришлите КП на почту, я посмотрю."),
    )
    assert _value(step, call) == "КП на почту"
