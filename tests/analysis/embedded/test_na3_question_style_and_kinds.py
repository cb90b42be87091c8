"""Conditions and call kinds (b9-na3): a checklist written as questions with bracketed notes on when a
stage is not assessed («(По X и при Y не оцениваем.)»), «нецелевой звонок», a job seeker who names
the vacancy, a wrong number read from «цифры перепутали», a line that broke, a client who already
holds a booking or a contract."""

from __future__ import annotations

from rop.analysis.embedded import calltype, compile_stage
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog, stage, status_of

VACANCY = dialog(
    ("M", "Автосалон «Вектор», Игорь, добрый день."),
    ("C", "Добрый день. Я по объявлению: вакансия механика у вас ещё есть?"),
    ("M", "Да, есть. Какой у вас опыт?"),
    ("C", "Пять лет в дилерском центре."),
    ("M", "Пришлите, пожалуйста, анкету на почту, до свидания."),
)
DIGITS = dialog(
    ("M", "Добрый день, типография «Лист», Мария."),
    ("C", "Это ветеринарная клиника? Я хотел кошку записать."),
    ("M", "Нет, это типография."),
    ("C", "Ой, а номер какой у вас? Наверное, цифры перепутали, извините."),
    ("M", "Ничего страшного, до свидания."),
)
LOST = dialog(
    ("M", "Студия «Окна Плюс», Денис, слушаю вас."),
    ("C", "Здравствуйте, я насчёт балкона, сколько стоит остеклить…"),
    ("M", "Да, подскажите, какой у вас дом?"),
    ("C", "Алло? Алло, вас не слышно…"),
    ("M", "Алло, говорите, я вас слышу!"),
)
FINISHED = dialog(
    ("M", "Студия «Окна Плюс», Денис, слушаю вас."),
    ("C", "Здравствуйте, хочу остеклить балкон."),
    ("M", "Какой у вас дом?"),
    ("C", "Панельный, девятый этаж."),
    ("M", "Замерщик приедет в среду в десять. До свидания!"),
    ("C", "Спасибо, до свидания."),
)
HOLDER = dialog(
    ("M", "Турагентство «Гольфстрим», Анна, здравствуйте."),
    ("C", "Здравствуйте, у меня бронь на тур в Казань на десятое, можно поменять номер на двухместный?"),
    ("M", "Да, вижу вашу бронь. Двухместный есть, доплата три тысячи."),
    ("C", "Хорошо, меняйте."),
    ("M", "Готово, до свидания."),
)
BUYER = dialog(
    ("M", "Турагентство «Гольфстрим», Анна, здравствуйте."),
    ("C", "Здравствуйте, хотим тур в Казань на выходные, на двоих."),
    ("M", "Есть отель в центре за двадцать тысяч."),
    ("C", "Подумаем, спасибо."),
    ("M", "До свидания."),
)
OFFER = (
    "Предложил ли менеджер конкретный тур и объяснил, чем он подходит клиенту? "
    "(По уже оплаченному туру и при сорвавшемся звонке не оцениваем.)"
)


def test_a_bracketed_note_of_circumstances_gives_conditions() -> None:
    compiled = compile_stage("Предложение", OFFER)
    assert [c.outcome for c in compiled.conditions] == ["not_applicable", "not_applicable"]
    assert "hung_up" in compiled.conditions[1].call_kinds


def test_a_question_criterion_keeps_its_elements_beside_the_note() -> None:
    plain = compile_stage("Предложение", "Менеджер предложил конкретный тур и объяснил, чем он подходит клиенту.")
    asked = compile_stage("Предложение", OFFER)
    assert {e.key for e in asked.elements} == {e.key for e in plain.elements}


def test_an_untargeted_call_is_a_kind_of_call() -> None:
    compiled = compile_stage("Потребность", "Выяснил марку и год выпуска. Нецелевой звонок — н/п.")
    assert [c.call_kinds for c in compiled.conditions] == [("not_client",)]


def test_a_job_seeker_who_names_the_vacancy_is_no_client() -> None:
    kind = calltype.classify(prepare(VACANCY))
    assert kind.kind == "not_client"
    assert status_of(VACANCY, stage("Выяснил марку автомобиля и бюджет.")) == "not_applicable"


def test_mixed_up_digits_are_a_wrong_number() -> None:
    assert calltype.classify(prepare(DIGITS)).kind == "not_client"


def test_a_line_that_broke_is_a_cut_off_call() -> None:
    assert calltype.hung_up(prepare(LOST)) is not None
    assert calltype.hung_up(prepare(FINISHED)) is None
    spec = stage("Договорился о замере с датой. (Если связь оборвалась — не оцениваем.)")
    assert status_of(LOST, spec) == "not_applicable"


def test_a_client_who_holds_a_booking_is_the_kind_a_condition_names() -> None:
    compiled = compile_stage("Подбор", "Подобрал тур под бюджет. Если клиент уже бронировал у нас — н/п.")
    assert "service" in compiled.conditions[0].call_kinds
    assert calltype.customer(prepare(HOLDER)) is not None
    assert calltype.customer(prepare(BUYER)) is None
    spec = stage("Подобрал тур под бюджет клиента. Если клиент уже бронировал у нас — н/п.")
    assert status_of(HOLDER, spec) == "not_applicable"
    assert status_of(BUYER, spec) != "not_applicable"


def test_a_booking_is_no_service_call_by_default() -> None:
    assert calltype.classify(prepare(HOLDER)).kind == "sales"  # only a condition that names it gates it


def test_reading_the_website_is_no_earlier_contact() -> None:
    online = dialog(
        ("M", "Салон «Диваны», Ольга, здравствуйте."),
        ("C", "Здравствуйте, я у вас на сайте смотрела угловой диван, он есть в наличии?"),
        ("M", "Есть, серый и бежевый."),
    )
    visited = dialog(
        ("M", "Салон «Диваны», Ольга, здравствуйте."),
        ("C", "Здравствуйте, я у вас в салоне была в субботу, смотрела угловой диван."),
        ("M", "Да, помню вас."),
    )
    assert calltype.repeat(prepare(online)) is None
    assert calltype.repeat(prepare(visited)) is not None


def test_still_busy_at_the_end_is_no_objection() -> None:
    from rop.analysis.embedded.objections import objection_units

    driving = dialog(
        ("M", "Добрый день, это Кирилл, автосалон «Вектор». Вы оставляли заявку на тест-драйв, удобно говорить?"),
        ("C", "Я сейчас за рулём, неудобно. Перезвоните вечером."),
        ("M", "Хорошо, в семь наберу. Скинуть пока прайс в мессенджер?"),
        ("C", "Да, скидывайте. Всё, не могу больше, тут пост."),
        ("M", "До вечера!"),
    )
    assert objection_units(prepare(driving)) == []
    dear = dialog(
        ("M", "Добрый день, это Кирилл, автосалон «Вектор». Удобно говорить?"),
        ("C", "Я за рулём, перезвоните вечером."),
        ("M", "Одну минуту: комплектация стоит два миллиона."),
        ("C", "Дорого, не могу себе такое позволить."),
    )
    assert objection_units(prepare(dear)) != []


def test_an_old_customer_who_asks_what_is_for_sale_buys_again() -> None:
    again = dialog(
        ("C", "Здравствуйте. Лодочные моторы у вас ещё продаются?"),
        ("M", "Добрый день, продаются. Меня зовут Егор, «Причал»."),
        ("C", "Я у вас в прошлом году лодку брал, теперь мотор нужен."),
    )
    assert calltype.classify(prepare(again)).kind == "sales"


def test_the_name_of_another_person_is_asked_not_told() -> None:
    for text in ("имя пациента + дата визита", "имя владельца + марка"):
        assert compile_stage("x", text).elements[0].key == "client_name"
    assert compile_stage("x", "имя менеджера + компания").elements[0].key == "introduce"
