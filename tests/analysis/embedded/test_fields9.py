"""Table fields read the way a person reads the call: the client's name when the description rules
out the manager, yes/no columns, enum options defined in the description, budgets said as a range
or as a ceiling."""

import datetime as dt

from rop.analysis.callday import on_call_day
from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

CALL_DAY = dt.date(2026, 3, 2)  # a Monday

CONTACT = FieldSpec(
    "kontakt", "Собеседник со стороны заказчика: имя. Нашего менеджера сюда не пишем. Не назвался — пусто."
)
WARRANTY = FieldSpec("garantiya", "Продлённая гарантия (оформили / спрашивал) да/нет", "boolean")  # type: ignore[arg-type]
HEAT = FieldSpec(
    "status",
    "Статус лида: жаркий — назначен замер или встреча; средний — интерес есть, даты нет; "
    "ледяной — отказался или бросил трубку",
    "enum",
    ("жаркий", "средний", "ледяной"),
)
MONTHLY = FieldSpec("abonplata", "Сколько клиент готов платить в месяц, руб. Разовую покупку сюда не пишем.", "number")
TOTAL = FieldSpec("byudzhet", "Бюджет клиента на ремонт, руб.: сумма или вилка", "string")


def _values(transcript: list[Utterance], *fields: FieldSpec) -> dict[str, object]:
    with on_call_day(CALL_DAY):
        result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Карточка", fields))
    return {k: v.value for k, v in result.values.items()}


CLEANING = dialog(
    ("M", "Добрый день, меня зовут Виктор, клининговая компания «Блеск». Вы оставляли заявку на уборку офиса?"),
    ("C", "Да, здравствуйте, меня зовут Полина, я администратор в стоматологии «Улыбка»."),
    ("M", "Полина, очень приятно. Сколько у вас квадратных метров?"),
    ("C", "Около двухсот. По деньгам мы думали тысяч тридцать в месяц, край тридцать пять."),
    ("M", "Уложимся. Давайте в среду в десять приеду посмотреть помещение?"),
    ("C", "Давайте, в среду в десять удобно."),
    ("M", "Записал, до встречи в среду."),
)


def test_a_name_field_that_rules_out_the_manager_reads_the_client() -> None:
    assert field_kind(CONTACT) == "name"
    assert field_kind(FieldSpec("m", "Имя менеджера")) == "manager_name"
    assert _values(CLEANING, CONTACT)["kontakt"] == "Полина"


def test_a_second_bare_figure_after_a_sum_is_its_upper_end() -> None:
    assert _values(CLEANING, MONTHLY)["abonplata"] == 35000.0  # «тысяч тридцать, край тридцать пять»
    assert _values(CLEANING, TOTAL)["byudzhet"] == "30 тыс–35 тыс руб"


def test_an_enum_option_defined_in_the_description_is_decided_by_that_definition() -> None:
    assert field_kind(HEAT) == "enum"
    assert _values(CLEANING, HEAT)["status"] == "жаркий"  # a viewing agreed with its day
    thinking = dialog(
        ("M", "Добрый день, компания «Блеск», меня зовут Виктор. Вы спрашивали про уборку после ремонта?"),
        ("C", "Да. Квартира семьдесят метров, сколько это будет стоить?"),
        ("M", "Около двенадцати тысяч, с мытьём окон. Когда вам удобно, чтобы мы приехали?"),
        ("C", "Пока не знаю, ремонт ещё не закончили. Пришлите расценки, я посмотрю."),
        ("M", "Хорошо, пришлю сегодня на почту. Всего доброго."),
    )
    assert _values(thinking, HEAT)["status"] == "средний"  # interest, no day: prices sent is not a meeting
    cut = dialog(
        ("M", "Добрый день, компания «Блеск», вы оставляли заявку на уборку."),
        ("C", "Да, мне нужна генеральная уборка квартиры, две комнаты. Сколько стоит?"),
        ("M", "Смотря какая площадь, у нас много вариантов, и генеральная, и поддерживающая, и после ремонта."),
        ("C", "Ну вот двушка, пятьдесят метров. Цену можете сказать?"),
        ("M", "Ну, это надо смотреть, от загрязнения зависит, от окон, от мебели."),
        ("C", "Ой, всё, мне на работу звонят, некогда."),
        ("M", "Алло? Вы меня слышите?"),
    )
    assert _values(cut, HEAT)["status"] == "ледяной"  # the client ended the call


def test_a_yes_no_column_answers_da_or_net() -> None:
    assert field_kind(WARRANTY) == "yes_no"
    asked = dialog(
        ("M", "Салон «Техносила», Анна, здравствуйте."),
        ("C", "Здравствуйте, я вчера купил у вас холодильник. Хочу продлённую гарантию оформить, это можно?"),
        ("M", "Конечно, приходите с чеком, оформим за десять минут."),
    )
    assert _values(asked, WARRANTY)["garantiya"] == "да"
    never = dialog(
        ("M", "Салон «Техносила», Анна, здравствуйте."),
        ("C", "Здравствуйте, у вас есть стиральные машины с сушкой?"),
        ("M", "Да, есть три модели, от сорока тысяч."),
        ("C", "Да нет, это дороговато. Спасибо."),
    )
    assert _values(never, WARRANTY)["garantiya"] == "нет"  # a flag on the call the call never raises


def test_a_one_off_sum_is_not_the_monthly_budget_and_a_ceiling_said_backwards_counts() -> None:
    rent = dialog(
        ("M", "Компания «Аквалайн», Дмитрий. Вы интересовались кулерами для офиса?"),
        ("C", "Да. Если аренда, то тыщ пять в месяц, может, шесть. А если покупать, то до сорока тысяч разово."),
        ("M", "Понял, подберём."),
    )
    assert _values(rent, MONTHLY)["abonplata"] == 6000.0
    refused = dialog(
        ("M", "Компания «Аквалайн», Дмитрий. Мы ставим кулеры в офисы, в аренду, с доставкой воды."),
        ("C", "Ну, допустим. И что предлагаете?"),
        ("M", "Кулер премиум-класса с охлаждением и газацией, пятнадцать тысяч в месяц."),
        ("C", "Вы что, я больше трёх тыщ в месяц на воду точно не дам."),
        ("M", "Ну, как хотите."),
    )
    assert _values(refused, MONTHLY)["abonplata"] == 3000.0
