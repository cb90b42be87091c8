"""Terse criteria read as written and objections said in the client's own words.

A bracketed n/a note («… (нецелевой — н/п)») gives its own condition and never swallows the
criterion before it; the dot of a cut word («доп.», «ош.») ends no sentence; «повторил
договорённость: что и когда» is the recap. Doubts without «дорого» or «подумаю» («а вдруг не
понравится?», «вы серьёзно?», a ceiling after the offer, a bad past experience) are objections;
a manager who gives in («ну если есть, тогда ладно», «как хотите») or only reassures («всё будет
хорошо») has not handled one."""

from __future__ import annotations

import pytest

from rop.analysis.embedded.compiler import compile_stage
from rop.analysis.types import StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog, status_of

HANDLING = StageSpec(
    "obj", "Работа с возражениями", "Если клиент сомневается или возражает, менеджер отвечает по существу. "
    "Возражений не было — не применимо."
)


def _keys(criterion: str) -> list[str]:
    return [e.key for e in compile_stage("Этап", criterion).elements]


def test_a_bracketed_na_note_keeps_the_criterion_before_it() -> None:
    compiled = compile_stage("Имя", "Узнал/уточнил имя собеседника, обращался по имени (нецелевой — н/п)")
    assert [e.key for e in compiled.elements] == ["client_name"]
    assert [c.text for c in compiled.conditions] == ["нецелевой"]


def test_a_bracketed_note_of_several_kinds_leaves_the_counted_list() -> None:
    compiled = compile_stage("Потребность", "Выяснил мин. 2 из 3: бюджет, оплата, сроки (повторный, нецелевой — н/п)")
    assert compiled.requirement.mode == "at_least" and compiled.requirement.n == 2
    assert [e.key for e in compiled.elements] == ["budget", "payment", "timeline"]


def test_a_cut_word_with_a_dot_ends_no_sentence() -> None:
    compiled = compile_stage("Источник", "Спросил, откуда узнали (пост. кл-т/ош. номер — н/п)")
    assert [e.key for e in compiled.elements] == ["source"]
    kinds = {k for c in compiled.conditions for k in c.call_kinds}
    assert "not_client" in kinds


def test_what_a_recap_says_is_no_list_of_its_kinds() -> None:
    assert _keys("Повторил договорённость: что и когда") == ["summary"]


def test_the_name_stage_of_a_terse_form_is_judged() -> None:
    call = dialog(
        ("M", "Автошкола «Старт», Марина, здравствуйте."),
        ("C", "Здравствуйте, хочу узнать про обучение на категорию Б."),
        ("M", "Подскажите, как к вам обращаться?"),
        ("C", "Тимофей."),
        ("M", "Тимофей, обучение три месяца, стоимость сорок две тысячи."),
        ("C", "Понял, спасибо."),
    )
    spec = StageSpec("s2", "Имя клиента", "Узнал/уточнил имя собеседника, обращался по имени (нецелевой — н/п)")
    assert status_of(call, spec) == "completed"


def test_you_got_the_wrong_number_makes_a_sales_stage_not_applicable() -> None:
    call = dialog(
        ("M", "Мебельный салон «Кедр», здравствуйте."),
        ("C", "Алло, это ветклиника? Мне бы кошку записать на прививку."),
        ("M", "Нет, вы ошиблись, это мебельный салон."),
        ("C", "Ой, я, видимо, не ту цифру набрала. Извините."),
        ("M", "Ничего страшного, всего доброго."),
    )
    spec = StageSpec("s3", "Потребность", "Выявил, какая мебель нужна и в какую комнату")
    assert status_of(call, spec) == "not_applicable"


def _offer(doubt: str, answer: str) -> list[Utterance]:
    return dialog(
        ("M", "Студия «Чистый дом», Павел. Вы оставляли заявку на генеральную уборку?"),
        ("C", "Да, квартира восемьдесят метров."),
        ("M", "Генеральная уборка такой квартиры — двенадцать тысяч, бригада из трёх человек."),
        ("C", doubt),
        ("M", answer),
        ("C", "Хорошо, до свидания."),
    )


_ARGUMENT = "Понимаю. Если что-то не устроит, переделаем бесплатно в течение суток, это прописано в договоре."


@pytest.mark.parametrize(
    "doubt",
    [
        "Но вдруг плохо отмоют?",
        "Двенадцать тысяч? Вы серьёзно?",
        "Я больше восьми тысяч на уборку точно не дам.",
        "Мы уже обожглись с одной клининговой фирмой.",
        "Это ещё почти месяц ждать, пока бригада освободится.",
        "Но я слышал, что после такой уборки мебель всегда испорчена.",
    ],
)
def test_a_doubt_in_the_clients_own_words_is_an_objection(doubt: str) -> None:
    assert status_of(_offer(doubt, _ARGUMENT), HANDLING) == "completed"


@pytest.mark.parametrize(
    "answer",
    [
        "А, ну если так, тогда ладно. Может быть, я вам просто пришлю прайс на почту, посмотрите на досуге?",
        "Ну, у нас такая работа, три человека, целый день, химия своя, в общем, как хотите, решайте сами.",
        "Понимаю вас, ну что вы, у нас всё будет хорошо, не переживайте, правда.",
    ],
)
def test_giving_in_or_only_reassuring_is_no_handling(answer: str) -> None:
    assert status_of(_offer("А вдруг плохо отмоют?", answer), HANDLING) == "failed"


def test_a_need_for_something_not_too_dear_is_no_objection() -> None:
    call = dialog(
        ("M", "Салон «Кедр», Олег, здравствуйте."),
        ("C", "Здравствуйте. Я по поводу кухни."),
        ("M", "Кухни делаем любые, прямые и угловые, по вашим размерам."),
        ("C", "Ну мне кухню надо, угловую, ну, не очень дорогую."),
        ("M", "Есть модели от двадцати пяти тысяч, замерщик приедет бесплатно."),
        ("C", "Хорошо, давайте в субботу."),
    )
    assert status_of(call, HANDLING) == "not_applicable"


def test_reassurance_before_an_invitation_is_no_handling() -> None:
    call = dialog(
        ("M", "Компания «Дом-Строй», Ирина. Коттедж под ключ — четыре миллиона, срок восемь месяцев."),
        ("C", "А вдруг не достроите? Деньги заберёте и пропадёте."),
        ("M", "Ну что вы, у нас всё будет хорошо, не переживайте."),
        ("C", "Ну, все так говорят."),
        ("M", "Давайте вы приедете в офис, посмотрите сами, всё покажем."),
        ("C", "Ладно, до свидания."),
    )
    assert status_of(call, HANDLING) == "failed"


def test_a_client_with_a_booking_is_a_regular_for_a_terse_na_note() -> None:
    call = dialog(
        ("M", "Барбершоп «Бритва», Артём, здравствуйте."),
        ("C", "Это Павел, я у вас записан на пятницу на стрижку, хочу ещё бороду оформить, сколько стоит?"),
        ("M", "Павел, оформление бороды — тысяча двести, добавлю к вашей записи."),
        ("C", "Да, добавьте."),
        ("M", "Записал: пятница, стрижка и борода. До встречи!"),
    )
    spec = StageSpec("s6", "Источник", "Спросил, откуда узнали (пост. кл-т — н/п)")
    assert status_of(call, spec) == "not_applicable"


def test_a_clash_of_days_is_no_objection() -> None:
    call = dialog(
        ("M", "Студия «Чистый дом», Павел. Генеральная уборка — двенадцать тысяч, приедем в четверг в десять?"),
        ("C", "В четверг не могу, у меня смена."),
        ("M", "В субботу в десять?"),
        ("C", "Да, в субботу хорошо."),
    )
    assert status_of(call, HANDLING) == "not_applicable"
