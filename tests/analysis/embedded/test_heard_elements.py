"""Elements that count when the facts were heard, whoever said them; a summary of what was agreed
and a farewell in everyday words (domain-neutral)."""

from rop.analysis.embedded import compile_stage
from tests.analysis.embedded.helpers import dialog, stage, status_of

HEARD = (
    "Все элементы: 1) марка велосипеда; 2) размер колёс; 3) год покупки. Элемент выполнен, если сведения "
    "прозвучали в разговоре — спросил мастер или клиент сказал сам."
)


def test_a_fact_heard_counts_whoever_said_it_when_the_criterion_says_so() -> None:
    assert compile_stage("Данные о велосипеде", HEARD).volunteered == "heard"
    call = dialog(
        ("M", "Веломастерская «Спица», Артём, здравствуйте."),
        ("C", "Здравствуйте, у меня велосипед «Стелс», колёса двадцать шесть дюймов, восьмеркой погнулось."),
        ("M", "Понял. А покупали его в каком году?"),
        ("C", "В двадцать первом."),
        ("M", "Привозите завтра, посмотрим."),
    )
    assert status_of(call, stage(HEARD)) == "completed"


def test_the_reversed_wording_that_refuses_what_the_client_said_is_not_heard() -> None:
    refused = "Марка и размер колёс. Не засчитывается, если клиент сказал сам, а мастер не уточнил."
    assert compile_stage("Данные", refused).volunteered != "heard"
    counts = "Марка и размер колёс. Если клиент сам сказал, какая марка, — это засчитывается."
    assert compile_stage("Данные", counts).volunteered == "counts"


CLOSING = "Подвёл итог договорённостей и попрощался."


def test_agreeing_later_is_no_summary_of_what_was_agreed() -> None:
    later = dialog(
        ("M", "Языковая школа «Слово», Дина, здравствуйте."),
        ("C", "Здравствуйте, хочу узнать про курсы английского для ребёнка."),
        ("M", "Группы по субботам, занятие полторы тысячи."),
        ("C", "Я подумаю, с мужем посоветуюсь."),
        ("M", "Хорошо, тогда на неделе созвонимся и договоримся. Всего доброго!"),
        ("C", "До свидания."),
    )
    assert status_of(later, stage(CLOSING)) == "failed"
    agreed = dialog(
        ("M", "Языковая школа «Слово», Дина, здравствуйте."),
        ("C", "Здравствуйте, хочу записать сына на пробный урок английского."),
        ("M", "Есть суббота в десять утра, подойдёт?"),
        ("C", "Да, подойдёт."),
        ("M", "Отлично, договорились: пробный урок в субботу в десять, возьмите тетрадь. До свидания!"),
        ("C", "До свидания."),
    )
    assert status_of(agreed, stage(CLOSING)) == "completed"


CLOSE = "Закрыл клиента на встречу или бронь."


def test_waiting_or_seeing_without_a_day_or_time_is_no_meeting_agreed() -> None:
    bare = dialog(
        ("M", "Мебельный салон «Дуб», Кирилл, здравствуйте."),
        ("C", "Здравствуйте, у вас есть угловые диваны?"),
        ("M", "Есть, от сорока тысяч, шесть расцветок."),
        ("C", "Понятно, я подумаю."),
        ("M", "Давайте посмотрим. Ждём."),
    )
    assert status_of(bare, stage(CLOSE)) == "failed"
    agreed = dialog(
        ("M", "Мебельный салон «Дуб», Кирилл, здравствуйте."),
        ("C", "Здравствуйте, у вас есть угловые диваны?"),
        ("M", "Есть, от сорока тысяч, шесть расцветок."),
        ("C", "Хочу вживую посмотреть."),
        ("M", "Ждём вас в субботу в одиннадцать."),
    )
    assert status_of(agreed, stage(CLOSE)) == "completed"


def test_offering_several_of_a_kind_shows_the_options_in_any_trade() -> None:
    offered = dialog(
        ("M", "Прокат «Вершина», Олег, здравствуйте."),
        ("C", "Здравствуйте, нужен сноуборд на выходные, рост сто восемьдесят."),
        ("M", "Смотрите, есть три доски под ваш рост, от тысячи двухсот в сутки."),
        ("C", "Хорошо, подумаю."),
    )
    assert status_of(offered, stage("Предложил варианты.")) == "completed"
    asked = dialog(
        ("M", "Прокат «Вершина», Олег, здравствуйте. У вас есть две минуты?"),
        ("C", "Да, есть."),
        ("M", "Вы на выходные планируете кататься?"),
        ("C", "Да, хорошо."),
    )
    assert status_of(asked, stage("Предложил варианты.")) == "failed"
