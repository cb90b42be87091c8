"""Table fields read the way a person reads the form: a field is about its description's head noun
phrase (not a word of a clause about it), an enum is answered with its own options, and the table's
columns are read together (a bill column leaves the budget column the one-off sum; a date column
leaves the step column the action). Domain-neutral examples, none from the bench sets."""

from rop.analysis.embedded import definitions, places
from rop.analysis.embedded.fields import field_kind
from rop.analysis.types import FieldSpec, TableSpec


def _table(specs: tuple[FieldSpec, ...], *turns: tuple[str, str]) -> dict[str, object]:
    from rop.analysis.embedded import EmbeddedEvaluator
    from tests.analysis.embedded.helpers import dialog

    result = EmbeddedEvaluator().extract_table(dialog(*turns), TableSpec("T", "Анкета", specs))
    return {k: v.value for k, v in result.values.items()}


def _value(spec: FieldSpec, *turns: tuple[str, str]) -> object:
    return _table((spec,), *turns)[spec.key]


# --- the head noun phrase --------------------------------------------------------------------------


def test_contact_person_whose_clause_mentions_the_step_is_a_name() -> None:
    spec = FieldSpec("lico", "Контактное лицо заказчика: тот, с кем договорились о следующей встрече (имя и фамилия)")
    assert field_kind(spec) == "name"
    assert field_kind(FieldSpec("step", "Следующий шаг: что договорились сделать")) == "next_step"


def test_a_locality_field_whose_clause_mentions_the_house_asks_no_address() -> None:
    assert places.facets("Город или село, где находится дом клиента (можно с районом)") == {"area"}
    assert "address" in places.facets("Адрес объекта или район (улица, дом)")
    assert "address" not in places.facets("Где объект: район или посёлок (улицу и дом можно не указывать)")


def test_a_job_title_field_takes_the_jobs_the_client_needs() -> None:
    spec = FieldSpec("dolzhnost", "Должность, на которую ищут людей. Если несколько — через запятую.")
    assert field_kind(spec) == "vacancy"
    got = _value(
        spec,
        ("M", "Добрый день, агентство «Штат», подбор персонала. Какие у вас вакансии?"),
        ("C", "Нам нужны сварщики на цех, человека четыре."),
        ("M", "Понял, сварщиков закрываем за две недели."),
    )
    assert got == "сварщик"


# --- enum options ----------------------------------------------------------------------------------


def test_room_counts_are_written_as_the_enum_options() -> None:
    spec = FieldSpec("komn", "Комнатность", "enum", ("студия", "1", "2", "3", "4+"))
    hello = ("M", "Агентство «Кров», слушаю.")
    studio = _value(spec, hello, ("C", "Ищу студию поближе к центру, бюджет пять миллионов."))
    two = _value(spec, hello, ("C", "Нам нужна двушка, бюджет восемь миллионов."))
    big = _value(spec, hello, ("C", "Ищем трёшку или даже пятикомнатную, семья большая."))
    assert (studio, two, big) == ("студия", "2", "4+")


def test_a_payment_way_the_client_rules_out_is_not_the_way() -> None:
    spec = FieldSpec("pay", "Форма оплаты", "enum", ("кредит", "наличные", "рассрочка"))
    got = _value(
        spec,
        ("M", "Автосалон «Мотор», здравствуйте. Кредит рассматриваете?"),
        ("C", "Нет, никакого кредита, возьмём в рассрочку от салона."),
    )
    assert got == "рассрочка"


def test_interest_definitions_are_read_with_their_negations() -> None:
    spec = FieldSpec(
        "lead",
        "Теплота лида. Горячий — согласился на выезд мастера. Тёплый — интерес есть, выезд не назначен. "
        "Холодный — не заинтересован.",
        "enum",
        ("горячий", "тёплый", "холодный"),
    )
    assert definitions.readable(spec)
    opening = (
        ("M", "Добрый день, меня зовут Олег, компания «Тепло». Вы оставляли заявку на газовый котёл, удобно говорить?"),
        ("C", "Да, здравствуйте, удобно. Дом сто двадцать метров, старый котёл совсем плохой."),
        ("M", "Понял. Котёл с установкой обойдётся примерно в сто восемьдесят тысяч, гарантия пять лет."),
        ("C", "Ну, цена нормальная, в принципе."),
        ("M", "Давайте мастер приедет на выезд в субботу в десять, посмотрит котельную?"),
    )
    agreed = _value(spec, *opening, ("C", "Да, в субботу в десять подходит, приезжайте."), ("M", "Записал."))
    declined = _value(
        spec,
        *opening,
        ("C", "Нет, пока не готов, давайте позже, пришлите расчёт."),
        ("M", "Хорошо, пришлю расчёт на почту."),
    )
    assert (agreed, declined) == ("горячий", "тёплый")


# --- columns read together -------------------------------------------------------------------------


def test_a_bill_column_and_a_budget_column_split_the_sums() -> None:
    budget = FieldSpec("budget", "Сколько клиент готов потратить на котёл, в рублях", "number")
    bill = FieldSpec("bill", "Ежемесячный счёт за газ в рублях", "number")
    got = _table(
        (budget, bill),
        ("M", "Компания «Тепло», здравствуйте. Сколько вы сейчас платите за газ в месяц?"),
        ("C", "Зимой тысяч девять, летом меньше."),
        ("M", "А какой бюджет на новый котёл?"),
        ("C", "Ну тысяч двести, не больше."),
    )
    assert got == {"budget": 200000.0, "bill": 9000.0}


def test_a_step_column_beside_a_date_column_names_the_action_alone() -> None:
    step = FieldSpec("step", "Следующий шаг кратко")
    date = FieldSpec("step_date", "Дата следующего шага", "date")
    turns = (
        ("M", "Добрый день, меня зовут Ирина, студия «Кухни». Вы оставляли заявку на кухню на сайте?"),
        ("C", "Да, здравствуйте. Кухня угловая, метра три по стене, бюджет тысяч триста."),
        ("M", "Отлично, в триста укладываемся. Давайте я приеду на замер в четверг в десять?"),
        ("C", "Давайте, в четверг в десять."),
    )
    assert _table((step, date), *turns)["step"] == "замер"
    assert "—" in str(_value(step, *turns))  # alone, the step keeps its day


def test_a_thing_sent_to_look_at_is_no_viewing() -> None:
    spec = FieldSpec("step", "Следующий шаг")
    got = _value(
        spec,
        ("M", "Типография «Лист», здравствуйте, вы спрашивали про буклеты."),
        ("C", "Да, сколько стоит тираж?"),
        ("M", "Я вам скину прайс на почту, посмотрите."),
    )
    assert got == "прайс на почту"


# --- places ----------------------------------------------------------------------------------------


def test_a_town_is_kept_as_said_and_a_common_word_or_a_street_is_no_town() -> None:
    area = FieldSpec("place", "Населённый пункт, где стоит дом")
    hello = ("M", "Добрый день, меня зовут Антон, компания «Крыша». Вы оставляли заявку на кровлю, удобно говорить?")
    town = _value(
        area,
        hello,
        ("C", "Да, здравствуйте. Хочу поменять кровлю, бюджет тысяч четыреста, дом у нас в Пушкино."),
        ("M", "Понял, металлочерепица в ваш бюджет укладывается. Давайте замер в субботу?"),
    )
    pair = _value(
        area,
        hello,
        ("C", "Да, здравствуйте. Хочу поменять кровлю, бюджет тысяч четыреста."),
        ("M", "Понял, металлочерепица в ваш бюджет укладывается. Давайте замер в субботу?"),
        ("C", "Можно сдвинуть замер на пару дней?"),
    )
    city = FieldSpec("city", "Город, где нужны сотрудники")
    no_street = _value(
        city,
        ("M", "Добрый день, меня зовут Ольга, агентство «Штат», подбор персонала. Вам нужны сотрудники?"),
        ("C", "Да, нужны продавцы, человек шесть, зарплата пятьдесят тысяч."),
        ("M", "Понял. Город — Томск?"),
        ("C", "Томск, да, на Ленинском проспекте открываемся."),
    )
    assert (town, pair, no_street) == ("Пушкино", None, "Томск")


# --- counts ----------------------------------------------------------------------------------------


def test_a_count_said_in_the_bracketed_unit_takes_the_upper_value() -> None:
    spec = FieldSpec("n", "Количество открытых позиций (человек). Если вилка — верхнее значение.", "number")
    got = _value(
        spec,
        ("M", "Агентство «Штат», подбор персонала. Кого ищете?"),
        ("C", "Нужны кассиры, человек семь, может, восемь."),
        ("M", "Понял. Мы недавно для сети закрыли двенадцать позиций."),
    )
    assert got == 8.0


def test_a_goodbye_by_name_and_patronymic_names_the_client() -> None:
    spec = FieldSpec("lico", "Контактное лицо клиента (имя, отчество)")
    got = _value(
        spec,
        ("M", "Добрый день, меня зовут Вера, компания «Склад-Сервис», звоню по аренде стеллажей."),
        ("C", "Да, я Петров, директор. Сейчас некогда, наберите через час."),
        ("M", "Хорошо, перезвоню в три. Как вас по имени-отчеству?"),
        ("C", "Игорь Семёнович."),
        ("M", "До связи, Игорь Семёнович."),
    )
    assert got == "Игорь"
