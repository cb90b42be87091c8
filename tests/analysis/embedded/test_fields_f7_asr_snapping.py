"""Table fields through ASR: places a field's description lists, snapped however the ASR spelled
them; a description that says what the field is not; a client's upper bound after a rougher sum; the
manager reading the client's sum back (domain-neutral dialogues written for these classes)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fields import field_kind
from rop.analysis.embedded.places import described_places
from rop.analysis.types import FieldSpec, TableSpec, Utterance
from tests.analysis.embedded.helpers import dialog

CLUB = FieldSpec("club", "Клуб (Заречная или Полевая) либо район, откуда клиент")
BUDGET_NOT_PRICE = FieldSpec("money", "Бюджет клиента, руб. (не цена, которую назвал менеджер). Вилка — как есть.")
BUDGET = FieldSpec("money", "Бюджет клиента в рублях: сумма, вилка или «до N»")


def _value(spec: FieldSpec, transcript: list[Utterance]) -> object:
    result = EmbeddedEvaluator().extract_table(transcript, TableSpec("T", "Заявки", (spec,)))
    return result.values[spec.key].value


def test_description_lists_its_places() -> None:
    assert described_places(CLUB.description) == ("Заречная", "Полевая")
    assert described_places(BUDGET.description) == ()


def test_listed_place_garbled_by_asr_is_snapped_to_its_spelling() -> None:
    call = dialog(
        ("M", "фитнес клуб прайм добрый день"),
        ("C", "добрый день хочу абонемент на двоих с женой"),
        ("M", "в какой клуб вам удобнее ходить"),
        ("C", "который на за речной возле парка"),
        ("M", "хорошо запишу вас на пробное в субботу"),
    )
    assert _value(CLUB, call) == "Заречная"


def test_listed_place_needs_the_preposition_to_count_a_real_word() -> None:
    call = dialog(
        ("M", "фитнес клуб прайм добрый день"),
        ("C", "добрый у нас речная прогулка была а теперь хочу абонемент"),
        ("M", "записала вас на пробное"),
    )
    assert _value(CLUB, call) is None


def test_what_the_field_is_not_does_not_make_it_a_price() -> None:
    assert field_kind(BUDGET_NOT_PRICE) == "budget"
    call = dialog(
        ("M", "Студия ремонта «Квадрат», Олег, здравствуйте."),
        ("C", "Здравствуйте, хочу ванную переделать."),
        ("M", "Замерщик выедет бесплатно. А по деньгам на что рассчитываете?"),
        ("C", "Тысяч триста, больше не готовы."),
    )
    assert _value(BUDGET_NOT_PRICE, call) == "300 тыс руб"


def test_rough_sum_then_upper_bound_is_a_range() -> None:
    call = dialog(
        ("M", "Студия ремонта «Квадрат», здравствуйте."),
        ("C", "Здравствуйте, нужна кухня под ключ."),
        ("M", "А на какую сумму рассчитываете?"),
        ("C", "Ну тысяч двести… ну максимум двести пятьдесят."),
        ("M", "Поняла, подберём."),
    )
    assert _value(BUDGET, call) == "200 тыс–250 тыс руб"


def test_upper_bound_alone_is_the_budget_not_the_rival_price_after_it() -> None:
    call = dialog(
        ("M", "Студия ремонта «Квадрат», здравствуйте."),
        ("C", "Добрый день, нужен ремонт санузла."),
        ("M", "А по бюджету на что ориентируетесь?"),
        ("C", "Максимум сто восемьдесят. В другой студии по двести двадцать считали, но это дорого."),
    )
    assert _value(BUDGET, call) == "180 тыс руб"


def test_manager_reads_the_clients_sum_back_when_asr_lost_it() -> None:
    call = dialog(
        ("M", "студия ремонта квадрат здравствуйте"),
        ("C", "нам нужна ванная под ключ а по деньгам как мы просто рассчитываем где-то в 1300 на все"),
        ("M", "смотрите работы от двух до трех на метр так что в"),
        ("M", "ваши триста вы укладываетесь с запасом"),
        ("C", "это хорошо"),
    )
    assert _value(BUDGET, call) == "300 тыс руб"


def test_soft_sign_before_the_district_suffix_is_dropped() -> None:
    from rop.analysis.embedded.gazetteer import canonical_place

    assert canonical_place("Раменьский район") == "Раменский район"
    assert canonical_place("Тульский район") == "Тульский район"


def test_quoted_price_beside_a_free_item_is_the_service_not_zero() -> None:
    price = FieldSpec("price", "Цена, которую назвали (руб.)")
    call = dialog(
        ("C", "Здравствуйте, сколько стоит чистка ковра?"),
        ("M", "Выезд мастера бесплатный, пятновыведение триста рублей, а сама чистка — от трёх тысяч."),
        ("C", "Понятно, спасибо."),
    )
    assert _value(price, call) == 3000


MONTHLY = FieldSpec("money", "бюджет в месяц руб")


def test_limit_the_client_fits_in_despite_a_price_word() -> None:
    call = dialog(
        ("M", "Бассейн «Волна», здравствуйте."),
        ("C", "Здравствуйте. Цены я видела — у нас до семи тысяч в месяц, укладываемся. Хочу записать сына."),
        ("M", "Отлично. Сколько ему лет, плавать умеет?"),
        ("C", "Восемь, немного умеет."),
        ("M", "Тогда в группу начинающих. Давайте запишу вас на пробное занятие в субботу в десять?"),
        ("C", "Давайте."),
    )
    assert _value(MONTHLY, call) == "7 тыс руб"


def test_branch_named_by_its_street_or_district_is_the_place() -> None:
    branch = FieldSpec("branch", "филиал / район")
    call = dialog(
        ("M", "Школа танцев «Ритм», Олеся, здравствуйте!"),
        ("C", "Здравствуйте, хочу записать дочку на пробное занятие, ей семь лет."),
        ("M", "Конечно. Есть группа в субботу в двенадцать, подойдёт?"),
        ("C", "Да, подойдёт."),
        ("M", "Записала. Ждём вас в субботу в филиале на Гагарина!"),
    )
    assert _value(branch, call) == "Гагарина"


def test_misheard_hundred_and_split_hundred_tens_are_numbers() -> None:
    from rop.analysis.embedded.numbers import normalize_numbers

    assert normalize_numbers("максимум шестисоп, не больше") == "максимум 600, не больше"
    assert normalize_numbers("нам считали по восемисот 40") == "нам считали по 840"
    assert normalize_numbers("семинар в субботу") == "семинар в субботу"
    assert normalize_numbers("от 300 до 500") == "от 300 до 500"


def test_street_of_the_managers_office_is_not_the_wanted_district() -> None:
    area = FieldSpec("area", "Какой район или ЖК интересует")
    call = dialog(
        ("M", "Компания «Дом», Кирилл, здравствуйте. Вы оставляли заявку."),
        ("C", "Да, ищу однушку, бюджет до пяти миллионов."),
        ("M", "Тогда вам подойдёт «Зелёный берег»: однушки от четырёх восьмисот, сдача весной."),
        ("C", "Хорошо, давайте посмотрим."),
        ("M", "Жду вас в субботу в двенадцать в офисе продаж на Пушкинской, десять."),
    )
    assert "Пушкин" not in str(_value(area, call))


def test_short_name_before_a_patronymic_is_the_full_name() -> None:
    name = FieldSpec("client", "Имя клиента")
    call = dialog(
        ("M", "Кафе «Орех», Игорь, добрый вечер."),
        ("C", "Добрый вечер, это Таня Сергеевна, я по поводу банкета на тридцать человек."),
        ("M", "Татьяна Сергеевна, на какое число?"),
        ("C", "На двенадцатое."),
    )
    assert str(_value(name, call)).startswith("Татьяна")
