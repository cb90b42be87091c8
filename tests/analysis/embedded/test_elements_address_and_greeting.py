"""Wave 11 (b10-complete9), reading a criterion into elements, as classes with examples of our own:
the client's name that the manager has to use in address a given number of times («обращается к нему
по имени не менее 2 раз»), an offer of help in a greeting («предложение помощи») that is no product
offered, and a bare «себя» after a verb of naming («назвал агентство и себя») that is the manager's
own name."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import dialog, stage, status_of

_TWICE = "Менеджер узнаёт имя клиента и обращается к нему по имени не менее 2 раз за звонок."
_ONCE = "Узнать, как зовут клиента, и хотя бы раз обратиться к нему по имени."


def _keys(criterion: str) -> list[str]:
    return [e.key for e in compile_stage("этап", criterion).elements]


def _named(*rest: tuple[str, str]) -> list[Utterance]:
    return dialog(
        ("M", "Салон «Диваны Урала», Кирилл, здравствуйте."),
        ("C", "Здравствуйте, хочу угловой диван."),
        ("M", "Как я могу к вам обращаться?"),
        ("C", "Тамара."),
        *rest,
        ("C", "Хорошо, до свидания."),
    )


# --- the client's name used in address, so many times --------------------------------------------


def test_address_by_name_is_marked_on_the_clients_name() -> None:
    [el] = compile_stage("этап", _TWICE).elements
    assert el.key == "client_name"
    [once] = compile_stage("этап", _ONCE).elements
    assert once.key == "client_name"
    assert el.keywords != once.keywords  # twice and once differ


def test_name_asked_but_never_used_in_address_fails() -> None:
    call = _named(("M", "Какой ширины нужен диван?"), ("C", "Метра три."), ("M", "Есть такой, приезжайте."))
    assert status_of(call, stage(_ONCE)) == "failed"


def test_name_used_once_is_enough_once_not_twice() -> None:
    call = _named(("M", "Тамара, какой ширины нужен диван?"), ("C", "Метра три."), ("M", "Есть такой, приезжайте."))
    assert status_of(call, stage(_ONCE)) == "completed"
    assert status_of(call, stage(_TWICE)) == "failed"


def test_name_used_twice_counts_twice() -> None:
    call = _named(
        ("M", "Тамара, какой ширины нужен диван?"),
        ("C", "Метра три."),
        ("M", "Понял вас, Тамара, есть такой, приезжайте."),
    )
    assert status_of(call, stage(_TWICE)) == "completed"


def test_asking_how_to_address_is_no_address_requirement() -> None:
    [el] = compile_stage("этап", "Менеджер спросил имя клиента.").elements
    assert el.key == "client_name"
    assert not el.keywords


# --- an offer of help is no product ---------------------------------------------------------------


def test_offer_of_help_is_not_an_object() -> None:
    keys = _keys("Все три: название салона, своё имя, предложение помощи (чем помочь, слушаю вас и т.п.).")
    assert "object" not in keys
    assert "introduce" in keys
    assert any(k.startswith("free:предложение помощи") for k in keys)


def test_offer_of_help_in_other_words_counts_and_its_absence_fails() -> None:
    crit = stage("Все три: название салона, своё имя, предложение помощи («чем могу помочь?», «слушаю вас»).")
    rest = (
        ("C", "Здравствуйте, хочу угловой диван."),
        ("M", "Какой ширины нужен диван?"),
        ("C", "Метра три."),
        ("M", "Есть такой за сорок тысяч, приезжайте в субботу посмотреть."),
        ("C", "Хорошо, приеду в субботу."),
    )
    useful = dialog(("M", "Салон «Диваны Урала», Кирилл, здравствуйте, чем могу быть полезен?"), *rest)
    assert status_of(useful, crit) == "completed"
    bare = dialog(("M", "Салон «Диваны Урала», Кирилл, здравствуйте."), *rest)
    assert status_of(bare, crit) == "failed"


def test_offer_of_a_flat_is_still_an_object() -> None:
    assert "object" in _keys("Менеджер озвучил предложение по квартире.")


# --- «себя» after a verb of naming ----------------------------------------------------------------


def test_bare_oneself_after_naming_is_the_introduction() -> None:
    assert _keys("поздоровался назвал агентство и себя") == ["greeting", "company", "introduce"]


def test_company_without_own_name_fails_the_introduction() -> None:
    crit = stage("поздоровался назвал агентство и себя")
    rest = (
        ("C", "Здравствуйте, хочу тур в Турцию на майские."),
        ("M", "Сколько человек поедет?"),
        ("C", "Двое взрослых."),
        ("M", "Подберу три отеля и пришлю вечером."),
    )
    assert status_of(dialog(("M", "Агентство «Лето», добрый день!"), *rest), crit) == "failed"
    named = dialog(("M", "Агентство «Лето», меня зовут Олег, добрый день!"), *rest)
    assert status_of(named, crit) == "completed"


def test_name_the_dictionary_reads_as_a_noun_counts_when_the_client_gave_it() -> None:
    call = dialog(
        ("M", "Салон «Диваны Урала», Кирилл, здравствуйте."),
        ("C", "Здравствуйте, хочу угловой диван."),
        ("M", "Подскажите, как вас зовут?"),
        ("C", "Роман."),
        ("M", "Роман, какой ширины нужен диван?"),
        ("C", "Метра три."),
        ("M", "Есть такой, приезжайте."),
        ("C", "Хорошо, до свидания."),
    )
    assert status_of(call, stage(_ONCE)) == "completed"


def test_optional_address_item_adds_no_count() -> None:
    crit = (
        "Менеджер узнаёт имя клиента.\n"
        "а) спросить, как можно обращаться к клиенту (обязательно);\n"
        "б) обращаться к клиенту по имени в ходе разговора (по возможности)."
    )
    [el] = compile_stage("этап", crit).elements
    assert el.key == "client_name"
    assert not el.keywords


# --- polite acts in their own words ---------------------------------------------------------------


def test_thanks_missing_is_not_found_by_meaning() -> None:
    crit = stage("Поблагодарил и попрощался.")
    call = dialog(
        ("M", "Салон «Диваны Урала», Кирилл, здравствуйте."),
        ("C", "Здравствуйте, хочу угловой диван."),
        ("M", "Какой ширины нужен диван?"),
        ("C", "Метра три."),
        ("M", "Есть такой, приезжайте в субботу."),
        ("C", "Хорошо, приеду."),
        ("M", "Ждём вас в субботу, всего доброго."),
    )
    assert status_of(call, crit) == "failed"
    thanked = [*call[:-1], *dialog(("M", "Спасибо за звонок, всего доброго."))]
    assert status_of(thanked, crit) == "completed"


def test_thanks_for_something_else_is_still_thanks() -> None:
    crit = stage("Оба элемента: поблагодарил за обращение и попрощался.")
    call = dialog(
        ("M", "Салон «Диваны Урала», Кирилл, здравствуйте."),
        ("C", "Здравствуйте, хочу угловой диван."),
        ("M", "Какой ширины нужен диван?"),
        ("C", "Метра три."),
        ("M", "Есть такой, приезжайте в субботу."),
        ("C", "Хорошо, приеду."),
        ("M", "Спасибо за звонок, до свидания!"),
    )
    assert status_of(call, crit) == "completed"


# --- whom or what the purchase is for -------------------------------------------------------------

_FOR_WHOM = "Выяснил ли менеджер, для кого покупка и сколько комнат нужно? Нужны оба ответа."


def _flat(question: str, answer: str) -> list[Utterance]:
    return dialog(
        ("M", "«Северный квартал», Инна, здравствуйте."),
        ("C", "Здравствуйте, интересуют квартиры в новом доме."),
        ("M", question),
        ("C", answer),
        ("M", "Сколько комнат нужно?"),
        ("C", "Две."),
        ("M", "Подберу варианты и пришлю в ватсап."),
    )


def test_for_whom_asked_in_other_words_counts() -> None:
    call = _flat("Вы себе смотрите или, может, для сына?", "Для сына, он учится здесь.")
    assert status_of(call, stage(_FOR_WHOM)) == "completed"
    rent = _flat("Жить сами будете или под аренду?", "Под аренду.")
    assert status_of(rent, stage(_FOR_WHOM)) == "completed"


def test_for_whom_never_asked_fails() -> None:
    call = _flat("Какой район вам удобен?", "Центр.")
    assert status_of(call, stage(_FOR_WHOM)) == "failed"


# --- the company's name the criterion quotes ------------------------------------------------------


def test_quoted_company_name_is_needed_not_a_kind_of_business() -> None:
    crit = stage("Оба пункта: 1) название салона («Белый Медведь»); 2) имя менеджера.")
    rest = (
        ("C", "Здравствуйте, хочу угловой диван."),
        ("M", "Какой ширины нужен диван?"),
        ("C", "Метра три."),
        ("M", "Есть такой за сорок тысяч, приезжайте в субботу посмотреть."),
        ("C", "Хорошо, приеду в субботу."),
    )
    generic = dialog(("M", "Мебельный салон, Кирилл, здравствуйте."), *rest)
    assert status_of(generic, crit) == "failed"
    named = dialog(("M", "Салон «Белый Медведь», Кирилл, здравствуйте."), *rest)
    assert status_of(named, crit) == "completed"


def test_invitation_to_a_showroom_is_no_company_name() -> None:
    assert "company" not in _keys("Пригласил на тест-драйв или в салон («Авто-Мир»), день и время.")
