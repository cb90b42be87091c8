"""b9-asr6: table fields from ASR text — places said in lower case, answers picking an offered option,
ASR forms of limits (domain-neutral examples written for these tests)."""

from rop.analysis.embedded.fields import budget
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.types import FieldSpec


def _value(spec: FieldSpec, *turns: tuple[str, str]) -> object:
    from rop.analysis.embedded import EmbeddedEvaluator
    from rop.analysis.types import TableSpec
    from tests.analysis.embedded.helpers import dialog

    result = EmbeddedEvaluator().extract_table(dialog(*turns), TableSpec("T", "Анкета", (spec,)))
    return result.values[spec.key].value


def test_asr_noise_beside_a_named_place_does_not_hide_it() -> None:
    spec = FieldSpec("zk", "ЖК или район, который интересует клиента")
    got = _value(
        spec,
        ("M", "Агентство Орбита, Павел, здравствуйте."),
        ("C", "да, в стрымоле я, да, слушаю"),
        ("M", "вот под ваш запрос в тихой бухте однушка сорок метров, шесть миллионов"),
        ("C", "интересно, пришлите планировку"),
    )
    assert got == "Тихая бухта"  # a garbled word after «в» must not outweigh the place


def test_lower_case_answer_picking_the_offered_place() -> None:
    spec = FieldSpec("branch", "Филиал / район, где живёт семья")
    got = _value(
        spec,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "здравствуйте, хотим на занятия по рисованию, абонемент сколько стоит"),
        ("M", "восемь тысяч в месяц. а какой филиал удобнее, вокзальный или луговой?"),
        ("C", "луговой, мы там рядом живём"),
    )
    assert got is not None and "Луговой" in str(got)


def test_a_word_of_the_question_not_offered_as_a_choice_is_no_answer() -> None:
    spec = FieldSpec("branch", "Филиал / район, где живёт семья")
    got = _value(
        spec,
        ("M", "Студия Радуга, Ольга, здравствуйте."),
        ("C", "здравствуйте, хотим на занятия по рисованию, абонемент сколько стоит"),
        ("M", "восемь тысяч в месяц. а удобнее утром или вечером?"),
        ("C", "вечерний лучше, после работы"),
    )
    assert got is None


def test_a_tract_named_by_its_adjective_in_lower_case() -> None:
    spec = FieldSpec("area", "Район, где живёт клиент")
    got = _value(
        spec,
        ("M", "Центр Знайка, Анна, здравствуйте."),
        ("C", "здравствуйте, мы на сибирском тракте живём, к какому филиалу ближе"),
        ("M", "к центральному, пятнадцать минут. абонемент шесть тысяч в месяц."),
        ("C", "хорошо, запишите"),
    )
    assert got is not None and "сибирский тракт" in str(got).lower()


def test_a_lower_case_named_place_with_another_naming_noun() -> None:
    spec = FieldSpec("zk", "ЖК или район, который интересует клиента")
    got = _value(
        spec,
        ("M", "Агентство Орбита, Павел, здравствуйте."),
        ("C", "здравствуйте, хочу узнать по утренней заре, что есть из двушек"),
        ("M", "в утренней заре двушка пятьдесят метров за восемь миллионов"),
        ("C", "хорошо, давайте посмотрим"),
    )
    assert got == "Утренняя заря"


def test_asr_cut_preposition_do_before_a_number() -> None:
    assert normalize_numbers("бюджет д-11, всё так же") == "бюджет до 11, всё так же"
    assert normalize_numbers("Д-5 миллионов") == "До 5000000"
    assert normalize_numbers("кв-5 и д-р") == "кв-5 и д-р"  # not a cut «до»


def test_no_more_than_a_penny_is_the_clients_limit() -> None:
    from rop.analysis.embedded.transcript import prepare
    from tests.analysis.embedded.helpers import dialog

    spec = FieldSpec("budget", "Бюджет клиента")
    prep = prepare(
        dialog(
            ("M", "Агентство Орбита, Павел, здравствуйте. Что ищете?"),
            ("C", "однушку. 4 миллиона ровно и больше не копейки"),
            ("M", "понял, есть варианты"),
        )
    )
    assert budget(spec, prep).value == "4 млн руб"


def test_budget_read_back_by_the_manager_and_confirmed() -> None:
    from rop.analysis.embedded.transcript import prepare
    from tests.analysis.embedded.helpers import dialog

    spec = FieldSpec("budget", "Бюджет клиента")
    turns = [
        ("M", "Ольга, добрый день, агентство Орбита. Вы смотрели двушку в ипотеку?"),
        ("C", "да, смотрели"),
        ("M", "и бюджет до девяти, всё так же?"),
    ]
    assert budget(spec, prepare(dialog(*turns, ("C", "да, так же. Муж только сомневается")))).value == "9 млн руб"
    assert budget(spec, prepare(dialog(*turns, ("C", "нет, уже меньше, думаем")))).value is None


def test_district_asked_with_the_preposition_glued_on_and_no_question_mark() -> None:
    spec = FieldSpec("area", "ЖК или район, который интересует клиента")
    turns = [
        ("M", "Агентство Орбита, Павел, здравствуйте. Сколько комнат ищете?"),
        ("C", "двушку, бюджет до семи миллионов"),
        ("M", "а порайону есть пожелание,"),
    ]
    got = _value(spec, *turns, ("C", "луговой, у меня работа там"))
    assert got is not None and "Луговой" in str(got)
    assert _value(spec, *turns, ("C", "тихий, чтобы садик рядом")) is None  # what it should be like


def test_the_childs_name_is_not_the_callers() -> None:
    spec = FieldSpec("parent", "Имя родителя (кто звонит)")
    got = _value(
        spec,
        ("M", "Павел, добрый вечер, это студия Радуга, вы оставляли заявку на рисование."),
        ("C", "да, удобно"),
        ("M", "для кого занятия, как зовут, сколько лет?"),
        ("C", "сын, Тимур, ему шесть"),
        ("M", "Тимур уже рисовал где-то? Абонемент восемь тысяч в месяц."),
        ("C", "нет, с нуля"),
    )
    assert got == "Павел"


def test_asr_half_without_its_preposition() -> None:
    assert normalize_numbers("ну, всего где-то, шесть половины") == "ну, всего где-то, 6,5"
    assert normalize_numbers("где-то три с половины.") == "где-то 3,5."
    assert normalize_numbers("из шести половины квартир продано") == "из 6 половины квартир продано"


def test_name_addressed_after_a_lead_word_without_commas() -> None:
    spec = FieldSpec("client", "Имя клиента")
    got = _value(
        spec,
        ("M", "Добрый день меня зовут Антон компания Орбита вы оставляли заявку на двушку"),
        ("C", "да оставлял бюджет до семи миллионов"),
        ("M", "Хорошо Григорий если что звоните всего доброго"),
    )
    assert got == "Григорий"


def test_name_said_right_after_asking_it_is_not_the_managers() -> None:
    spec = FieldSpec("owner", "Имя владельца")
    got = _value(
        spec,
        ("M", "Клиника Лапа, добрый вечер."),
        ("C", "добрый вечер, у меня собака не ест, запишите на приём"),
        ("M", "записываю на семь, приём тысяча двести. как вас зовут денисту"),
        ("C", "Денис."),
        ("M", "Денис, ждём вас в семь."),
    )
    assert got == "Денис"


def test_payment_way_confirmed_with_a_yes_and_split_by_asr() -> None:
    spec = FieldSpec("pay", "Способ оплаты", "enum", ("ипотека", "рассрочка", "наличные", "не выяснено"))
    opening = [("M", "Агентство Орбита, Павел, здравствуйте."), ("C", "здравствуйте, по двушке звоню")]
    asked = ("M", "напомните, вы двушку в ипотеку берёте, да?")
    assert _value(spec, *opening, asked, ("C", "да, всё так")) == "ипотека"
    assert _value(spec, *opening, ("M", "как платить будете?"), ("C", "да и под тека")) == "ипотека"
    choice = ("M", "вы наличными или в ипотеку?")
    assert _value(spec, *opening, choice, ("C", "да, ещё думаем")) in (None, "не выяснено")
