"""Wave 9, completed elements said in words the ASR cut, fused or garbled (b9-complete7), as classes
with examples of our own: a sentence cut into segments, the end of a call counted in turns, a garbled
greeting, the manager's own name in the opening, «меня … зовут», two words written as one, a bare
question the reply answers, a wished-for item's bracket; and the misses that must stay misses."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.embedded.checklist import merge_units, segment_windows
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import dialog, stage, status_of

SUMMARY = "В конце менеджер подвёл итоги договорённостей"
GREETING = "Поздоровался, назвал своё имя и компанию"


def _call(*ending: tuple[str, str]) -> list[Utterance]:
    return dialog(
        ("M", "Студия «Лотос», Олег, здравствуйте!"),
        ("C", "Здравствуйте, хочу заказать шкаф-купе в прихожую, сколько стоит?"),
        ("M", "Шкаф под размер от сорока тысяч, точнее после замера."),
        ("C", "Хорошо, давайте замер."),
        *ending,
    )


# --- a sentence the ASR cut into segments -------------------------------------------------------------


def test_segments_of_one_turn_are_read_as_one_sentence() -> None:
    cut = _call(
        ("M", "Тогда я вам сегодня отправлю на почту"),
        ("M", "расчёт и эскизы, а в пятницу"),
        ("M", "сама перезвоню, договоримся о замере."),
        ("C", "Договорились."),
        ("M", "Всего доброго!"),
    )
    assert status_of(cut, stage(SUMMARY)) == "completed"


def test_segments_without_the_when_stay_a_miss() -> None:
    vague = _call(
        ("M", "Тогда я вам отправлю на почту"),
        ("M", "расчёт и эскизы,"),
        ("M", "посмотрите."),
        ("C", "Хорошо."),
        ("M", "Всего доброго!"),
    )
    assert status_of(vague, stage(SUMMARY)) == "failed"


def test_windows_only_join_segments_of_one_turn() -> None:
    prep = prepare(dialog(("M", "Отправлю расчёт."), ("M", "В пятницу наберу."), ("C", "Хорошо."), ("M", "До связи.")))
    joined = [[p.text for p in pieces] for _, pieces in segment_windows(prep.units)]
    assert joined == [["Отправлю расчёт.", "В пятницу наберу."]]
    text = prepare(dialog(("M", "Отправлю расчёт. В пятницу наберу.")))
    assert segment_windows(text.units) == []  # one utterance (a text turn): no windows
    merged = merge_units(prep.units[:2])  # a stop before a capital ends the sentence: kept
    assert merged.text == "Отправлю расчёт. В пятницу наберу." and merged.tokens[-1].text == "наберу"
    assert merged.text[merged.tokens[2].start : merged.tokens[2].end] == "В"
    cut = prepare(dialog(("M", "Отправлю расчёт."), ("M", "в пятницу наберу.")))
    assert merge_units(cut.units).norm == "отправлю расчет в пятницу наберу."  # the ASR's stop: dropped


def test_the_last_turn_cut_into_many_segments_is_still_the_end() -> None:
    long_end = _call(
        ("M", "Итак, подытожу: замер в пятницу в десять, расчёт пришлю сегодня на почту."),
        ("M", "Мастер позвонит за час."),
        ("M", "Адрес у меня есть."),
        ("M", "Если что, звоните."),
        ("C", "Спасибо."),
    )
    assert status_of(long_end, stage(SUMMARY)) == "completed"


# --- the opening, garbled -------------------------------------------------------------------------------


def test_garbled_greeting_is_a_greeting() -> None:
    said = dialog(("M", "Драстводствуйте, студия «Лотос», меня зовут Олег."), ("C", "Добрый день, хочу шкаф заказать."))
    assert status_of(said, stage(GREETING)) == "completed"


def _opening(*first: tuple[str, str]) -> list[Utterance]:
    return dialog(
        *first,
        ("C", "Здравствуйте, я Ирина, хочу шкаф-купе заказать, сколько стоит?"),
        ("M", "От сорока тысяч, точнее после замера. Записать вас на замер?"),
        ("C", "Да, давайте в субботу."),
    )


def test_managers_name_after_a_garbled_company_name() -> None:
    own = _opening(("M", "Добрый день, Лоттос Мебил, Олег, чем могу помочь?"))
    assert status_of(own, stage("Менеджер назвал своё имя")) == "completed"
    garbled_between = _opening(("M", "Добрый день, студия «Лотос»,"), ("M", "меня Олек зовут."))
    assert status_of(garbled_between, stage("Менеджер назвал своё имя")) == "completed"


def test_the_client_addressed_is_no_introduction() -> None:
    spec = stage("Менеджер назвал своё имя")
    addressed = dialog(
        ("M", "Добрый день, Ирина! Студия «Лотос», вы оставляли заявку на шкаф."),
        ("C", "Да, здравствуйте, меня зовут Ирина."),
    )
    assert status_of(addressed, spec) == "failed"
    with_patronymic = _opening(("M", "Добрый день, звоню по заявке, Ирина Павловна, вам удобно говорить?"))
    assert status_of(with_patronymic, spec) == "failed"
    clients_own = dialog(
        ("M", "Добрый день, слушаю вас внимательно, Ирина."),
        ("C", "Да, меня зовут Ирина, хочу шкаф-купе заказать, сколько стоит?"),
        ("M", "От сорока тысяч, точнее после замера. Записать вас на замер?"),
        ("C", "Да, давайте в субботу."),
    )
    assert status_of(clients_own, spec) == "failed"


def test_two_words_written_as_one_count() -> None:
    fused = _opening(("M", "Добрый вечер, Студиялотос, на связи Олег."))
    assert status_of(fused, stage("Назвал студию")) == "completed"


# --- a question without «?» ---------------------------------------------------------------------------


def test_bare_question_answered_on_another_of_its_topics() -> None:
    spec = stage("Узнал бюджет и способ оплаты")
    asked = _call(
        ("M", "Поняла, отбюджет и способ оплаты."),
        ("C", "Где-то около полтинника, оплата картой."),
    )
    assert status_of(asked, spec) == "completed"
    told = _call(
        ("M", "Оплата у нас картой или наличными, как удобнее."),
        ("C", "Картой."),
    )
    assert status_of(told, spec) == "failed"


# --- a wished-for item with its bracket -----------------------------------------------------------------


def test_a_wished_for_item_keeps_its_bracket_out_of_the_requirement() -> None:
    compiled = compile_stage(
        "Потребность", "Обязательно выяснить сроки и бюджет. Желательно также спросить про опыт (что пробовали раньше)."
    )
    labels = " ".join(e.label for e in compiled.elements)
    assert "пробовали" not in labels and "опыт" not in labels


def test_a_choice_the_client_takes_up_was_a_question() -> None:
    spec = stage("выяснил что нужно бассейн / зал / йога")

    def call(*middle: tuple[str, str]) -> list[Utterance]:
        return dialog(
            ("M", "Фитнес-клуб «Волна», Ольга, здравствуйте!"),
            ("C", "Здравствуйте, я насчёт абонемента, сколько стоит?"),
            *middle,
            ("M", "Абонемент от трёх тысяч в месяц. Записать вас на пробную тренировку в субботу?"),
            ("C", "Да, давайте."),
        )

    asked = call(("M", "Вам бассейнчик утром"), ("M", "или зал вечером"), ("C", "Зал, вечером, после работы."))
    assert status_of(asked, spec) == "completed"
    told = call(("M", "У нас бассейн открыт с семи утра."), ("C", "Понятно, спасибо."))
    assert status_of(told, spec) == "failed"


# --- a restatement and a farewell without the ASR's punctuation -------------------------------------


def test_restating_the_day_and_time_without_a_colon_is_a_summary() -> None:
    said = _call(
        ("M", "Записываю суббота, седьмое, в одиннадцать утра, мастер приедет на замер."),
        ("C", "Хорошо."),
        ("M", "Да встречи!"),
    )
    assert status_of(said, stage("В конце менеджер подвёл итоги договорённостей и попрощался")) == "completed"
    no_day = _call(("M", "Записываю ваш телефон."), ("C", "Хорошо."), ("M", "До встречи!"))
    assert status_of(no_day, stage(SUMMARY)) == "failed"
