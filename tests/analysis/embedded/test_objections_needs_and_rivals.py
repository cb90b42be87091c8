"""What the client says of himself is no objection; what a rival offers him is one.

A need stated in answer to the manager's question («ремонтировать сам не хочу»), a limit named when
asked about money («больше не потянем»), a thought told in the past tense («я подумал — …») and a
rival found dearer («там дороже») leave «Работа с возражениями» not applicable; a rival's lower
price or better terms («в «Мастерской» за четыре предлагали», «в банке больше дают») make it
applicable."""

from __future__ import annotations

from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

HANDLING = StageSpec(
    "obj", "Работа с возражениями", "Если клиент сомневается или возражает, менеджер приводит аргумент или "
    "предлагает альтернативу. Возражений не было — не оценивается."
)


def _status(transcript: list[Utterance]) -> str:
    return status_of(transcript, HANDLING)


def test_a_rivals_lower_price_is_an_objection() -> None:
    rival = dialog(
        ("M", "Сервис «Котёл-Про», Вера, слушаю."),
        ("C", "Мне котёл почистить, газовый."),
        ("M", "Чистка с выездом — шесть тысяч."),
        ("C", "Шесть? Мне в «Теплоцентре» за четыре предлагали."),
        ("M", "У нас в цену входит замена прокладок и проверка автоматики, а там только чистка."),
        ("C", "Ладно, давайте у вас."),
    )
    assert _status(rival) != "not_applicable"


def test_better_terms_elsewhere_are_an_objection() -> None:
    rival = dialog(
        ("M", "Компания «Инвест-Дом», Игорь. Вы оставляли заявку на студию под сдачу?"),
        ("C", "Да, хочу купить одну, сдавать."),
        ("M", "Студия в «Речном» — четыре миллиона, аренда даёт девять процентов в год."),
        ("C", "Девять... В банке сейчас больше дают."),
        ("M", "В банке ставка упадёт через полгода, а квартира за стройку дорожает ещё на двадцать процентов."),
        ("C", "Понятно. Давайте посмотрим её в субботу."),
    )
    assert _status(rival) != "not_applicable"


def test_a_rival_found_dearer_is_no_objection() -> None:
    dearer = dialog(
        ("M", "Сервис «Котёл-Про», Вера, слушаю."),
        ("C", "Мне котёл почистить, газовый. Сколько стоит?"),
        ("M", "Чистка с выездом — шесть тысяч."),
        ("C", "Я в «Теплоцентр» звонил, там дороже."),
        ("M", "Тогда записываю вас на четверг, на десять утра."),
        ("C", "Хорошо."),
    )
    assert _status(dearer) == "not_applicable"


def test_what_the_client_will_not_do_himself_is_a_need() -> None:
    need = dialog(
        ("M", "Студия «Ремонт-Лайн», Олег, слушаю вас."),
        ("C", "Здравствуйте, хочу ванную переделать, а плитку класть сам не хочу."),
        ("M", "Материалы вы покупаете или мы?"),
        ("C", "Вы. Ездить по магазинам не хочу."),
        ("M", "Тогда замерщик приедет в субботу, в одиннадцать."),
        ("C", "Хорошо."),
    )
    assert _status(need) == "not_applicable"


def test_a_limit_named_when_asked_about_money_is_no_objection() -> None:
    limit = dialog(
        ("M", "Агентство «Дом-Сити», Анна. Сколько комнат ищете?"),
        ("C", "Две."),
        ("M", "А по деньгам как?"),
        ("C", "Платёж тысяч тридцать. Больше не потянем."),
        ("M", "Есть двушка в «Северном», платёж двадцать восемь. Приезжайте в субботу."),
        ("C", "Давайте."),
    )
    assert _status(limit) == "not_applicable"


def test_a_thought_told_in_the_past_tense_doubts_nothing() -> None:
    thought = dialog(
        ("M", "Агентство «Дом-Сити», Анна, слушаю."),
        ("C", "Я у вас дом смотрел. Я вот подумал — лучше с баней."),
        ("M", "С баней есть два дома, оба в «Липках». Покажу в воскресенье в двенадцать."),
        ("C", "Отлично."),
    )
    assert _status(thought) == "not_applicable"


def test_not_wanting_to_overpay_is_still_an_objection() -> None:
    overpay = dialog(
        ("M", "Студия «Ремонт-Лайн», Олег, слушаю вас."),
        ("C", "Здравствуйте, ванную переделать. Только переплачивать не хочу."),
        ("M", "Смета фиксируется в договоре, доплат не будет."),
        ("C", "Тогда хорошо."),
    )
    assert _status(overpay) != "not_applicable"


def _asked(question: str) -> list[Utterance]:
    return dialog(
        ("M", "Агентство «Дом-Сити», Анна. Есть двушка в «Северном» за пять миллионов и в «Южном» за четыре."),
        ("C", question),
        ("M", "Десять минут пешком, в «Северном» ещё и парк рядом. Приезжайте в субботу в двенадцать."),
        ("C", "Давайте."),
    )


def test_a_plain_question_about_distance_or_a_price_difference_is_no_objection() -> None:
    plain = ("А далеко от метро?", "А долго ехать до центра?", "А почему в «Северном» дороже?", "А показ платный?")
    for question in plain:
        assert _status(_asked(question)) == "not_applicable", question


def test_a_question_that_doubts_is_still_an_objection() -> None:
    for question in ("А почему у вас дороже, чем у соседей?", "А не дорого выйдет с отделкой?"):
        assert _status(_asked(question)) != "not_applicable", question


def test_choosing_the_cheaper_of_the_options_is_no_objection() -> None:
    chosen = dialog(
        ("M", "Страховка дома — восемь тысяч, с баней — одиннадцать. Какой вариант?"),
        ("C", "Давайте первый, баня дорогая выходит."),
        ("M", "Хорошо, оформляю первый, полис пришлю на почту сегодня."),
        ("C", "Спасибо."),
    )
    assert _status(chosen) == "not_applicable"
