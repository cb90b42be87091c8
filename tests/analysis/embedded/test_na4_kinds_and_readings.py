"""Call kinds read from several cues that survive garbled words (b9-na4): a wrong number (the manager
denies being whom the client wanted, then a mistake or an apology), a job seeker (two hiring words
anywhere in the call), a complaint of an existing customer (unhappy client, manager answers as to a
complaint), a customer whose contract the manager looks up, a client from another town. Criterion
readings: a visit «с конкретной датой» is a visit and a day (not the day a brochure is sent, not a
call back), «Нам важно понимать …» frames the stage, «хотя бы двух из трёх пунктов: …; …; …» counts
the items."""

from __future__ import annotations

from rop.analysis.embedded import calltype, compile_stage
from rop.analysis.embedded.transcript import prepare
from tests.analysis.embedded.helpers import dialog, stage, status_of

# The opening words the keyword rules read are garbled here (as an ASR may garble them).
MISDIALLED = dialog(
    ("M", "Ветклиника «Лапа», Ольга, добрый день."),
    ("C", "Алло, это пицца? Мне бы две большие на вечер."),
    ("M", "Нет, это ветеринарная клиника."),
    ("C", "Как клиника? Я же набирал семь-семь… ой."),
    ("M", "Наверное, вы на одну цифру ошиблись."),
    ("C", "Извините, пожалуйста."),
)
NO_NOT_MISDIALLED = dialog(
    ("M", "Ветклиника «Лапа», Ольга, добрый день."),
    ("C", "Здравствуйте, у вас кошек стерилизуют?"),
    ("M", "Нет, это не сегодня, запись на четверг. Записать вас?"),
    ("C", "Да, извините, на четверг давайте."),
    ("M", "Записала, до свидания."),
)
HIRING = dialog(
    ("M", "Пекарня «Колосок», Ирина, здравствуйте."),
    ("C", "Здраствуйте, я по обьявлению насчот работы пекаря."),  # the opening words garbled
    ("M", "Да, место есть. Резюме пришлите на почту."),
    ("C", "А собеседование когда?"),
    ("M", "На следующей неделе, вам позвонят."),
)
COMPLAINT = dialog(
    ("M", "Фитнес-клуб «Волна», Андрей, добрый день."),
    ("C", "Добрый. Я у вас хожу на бассейн, и я очень недовольна: вода второй раз холодная."),
    ("M", "Понимаю, неприятно. Я передам руководителю, он разберётся и перезвонит вам сегодня."),
    ("C", "Хорошо, жду."),
    ("M", "Спасибо, что сообщили, до свидания."),
)
BUYER_UNHAPPY_ELSEWHERE = dialog(
    ("M", "Фитнес-клуб «Волна», Андрей, добрый день."),
    ("C", "Добрый. Хочу купить абонемент: в старом клубе я была недовольна бассейном."),
    ("M", "У нас бассейн двадцать пять метров. Передам вам расписание в мессенджер."),
    ("C", "Хорошо."),
)
CONTRACT = dialog(
    ("M", "Компания «ТеплоДом», Сергей, здравствуйте."),
    ("C", "Здравствуйте, у нас котёл шумит какой-то."),  # «вы нам ставили» lost
    ("M", "Подскажите номер договора или фамилию?"),
    ("C", "Петров, улица Лесная."),
    ("M", "Вижу. Мастер приедет в среду с десяти до двенадцати."),
)
FAR = dialog(
    ("M", "Агентство «Дом», Павел, здравствуйте."),
    ("C", "Здравствуйте, я из Новосибирска звоню, дочке нужна квартира у вас в городе."),
    ("M", "Давайте я проведу видеопоказ, приезжать не нужно."),
)
NEAR = dialog(
    ("M", "Агентство «Дом», Павел, здравствуйте."),
    ("C", "Здравствуйте, мы из Приморского района, ищем двушку."),
    ("M", "Приезжайте в офис в субботу в двенадцать."),
)
VISIT = "Предложил приехать в салон с конкретной датой"
SENT_NOT_VISIT = dialog(
    ("M", "Мебельный салон «Уют», Нина, здравствуйте."),
    ("C", "Здравствуйте, хочу купить угловой диван, сколько они стоят?"),
    ("M", "Угловые от сорока тысяч, есть с ящиком для белья."),
    ("M", "Приезжайте к нам в салон, когда будет удобно, посидите на всех."),
    ("C", "Хорошо, подумаю."),
    ("M", "Сегодня до шести пришлю каталог на почту, а в пятницу перезвоню."),
    ("C", "Спасибо."),
)
VISIT_ON_A_DAY = dialog(
    ("M", "Мебельный салон «Уют», Нина, здравствуйте."),
    ("C", "Здравствуйте, хочу купить угловой диван, сколько они стоят?"),
    ("M", "Угловые от сорока тысяч, есть с ящиком для белья."),
    ("M", "Приезжайте к нам в салон в субботу в двенадцать, посидите на всех."),
    ("C", "Хорошо, в субботу приедем."),
    ("M", "Ждём вас, до свидания."),
)


def test_a_denied_identity_and_an_apology_in_a_short_call_are_a_wrong_number() -> None:
    assert calltype.classify(prepare(MISDIALLED)).kind == "not_client"
    assert calltype.classify(prepare(NO_NOT_MISDIALLED)).kind == "sales"


def test_two_hiring_words_anywhere_make_a_job_call_whatever_the_opening() -> None:
    kind = calltype.classify(prepare(HIRING))
    assert kind.kind == "not_client"
    assert status_of(HIRING, stage("Выяснил, какой товар нужен клиенту, и назвал цену")) == "not_applicable"


def test_an_unhappy_customer_answered_as_a_complaint_is_a_service_call() -> None:
    assert calltype.classify(prepare(COMPLAINT)).kind == "service"
    assert calltype.classify(prepare(BUYER_UNHAPPY_ELSEWHERE)).kind == "sales"


def test_the_manager_looking_up_the_contract_makes_a_service_call() -> None:
    assert calltype.classify(prepare(CONTRACT)).kind == "service"
    assert status_of(CONTRACT, stage("Выяснил бюджет клиента и предложил подходящую модель")) == "not_applicable"


def test_a_client_from_another_town() -> None:
    compiled = compile_stage("Визит", "Пригласил в офис. (Клиент из другого города — не оцениваем.)")
    assert any("remote" in c.call_kinds for c in compiled.conditions)
    assert calltype.elsewhere(prepare(FAR)) is not None
    assert calltype.elsewhere(prepare(NEAR)) is None


def test_a_visit_with_a_date_is_a_visit_and_a_day() -> None:
    compiled = compile_stage("Визит", VISIT)
    assert [e.key for e in compiled.elements] == ["meeting", "date"]
    assert status_of(VISIT_ON_A_DAY, stage(VISIT)) == "completed"
    # the day a catalogue is sent, or of a call back, is not the day of the visit
    assert status_of(SENT_NOT_VISIT, stage(VISIT)) == "failed"


def test_we_need_to_understand_frames_the_stage() -> None:
    compiled = compile_stage("Бюджет", "Нам важно понимать, есть ли у клиента бюджет.")
    assert [e.key for e in compiled.elements] == ["budget"]


def test_counted_items_are_one_element_each() -> None:
    compiled = compile_stage(
        "Квалификация",
        "Менеджер выясняет, что нужно клиенту. Засчитывается при выполнении хотя бы двух из трёх пунктов: "
        "1) какой товар — модель или размер; 2) под какие задачи он нужен (дом, дача); "
        "3) к какому сроку нужна доставка, от этого зависит цена.",
    )
    assert len(compiled.elements) == 3
    assert compiled.requirement.mode == "at_least" and compiled.requirement.n == 2


RETURNING_BUYER = dialog(
    ("M", "Салон «Колесо», Артём, здравствуйте."),
    ("C", "Здравствуйте, зимняя резина у вас ещё продаётся?"),
    ("M", "Да, продаётся. Как к вам обращаться?"),
    ("C", "Олег. Я у вас в прошлом году летнюю брал, теперь зимнюю хочу."),
    ("M", "Олег, есть шипованная от шести тысяч за колесо."),
    ("C", "Хорошо, подумаю."),
)


def test_a_client_who_bought_here_before_holds_a_purchase_even_when_he_buys_again() -> None:
    assert calltype.classify(prepare(RETURNING_BUYER)).kind == "sales"
    assert calltype.customer(prepare(RETURNING_BUYER)) is not None
    criterion = "Предложил конкретную модель и назвал её цену. Если клиент уже покупал у нас — не оценивается."
    assert status_of(RETURNING_BUYER, stage(criterion)) == "not_applicable"


def test_a_condition_naming_a_value_in_another_form_reads_the_value() -> None:
    """«за наличные» (an adjective by the dictionary) is the value «наличные», not any sum the client names."""
    compiled = compile_stage("Оплата", "Выяснил способ оплаты (если клиент покупает за наличные — не применимо).")
    [cond] = compiled.conditions
    assert cond.element is not None and cond.element.keywords == ("наличные",)
