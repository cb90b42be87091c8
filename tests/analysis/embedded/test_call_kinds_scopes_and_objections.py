"""Kinds of call, the scope of a stage, and objections (wave 14).

- A client who hires (his vacancies, the people he needs; a manager calling out to recruit for him)
  is a customer, not a job seeker, however much the call speaks of vacancies and CVs.
- A wrong number on a call the manager places: the client denies being whom he wanted.
- «Применимо всегда», «для сервисного звонка этап применим»: the kind of call makes no n/a.
- «Не применимо: собеседник сам ЛПР (директор)»: the client says it of himself, not of his boss.
- «Не применимо в тех же случаях, что этап «…»», «(если кредит)» scope brackets, «рассрочка без
  кредита» (one value said, the other not), lists of n/a cases, «нецелевой (квартира, …)».
- Objections in B2B words: own staff, another firm already, «нам посредники не нужны»; a typical list
  after «возражения:»; «у всех такие цены, что я могу сделать» answers nothing.
"""

from __future__ import annotations

from rop.analysis.embedded import calltype, compile_stage
from rop.analysis.embedded.objections import objection_units
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import StageSpec
from tests.analysis.embedded.helpers import dialog, stage, status_of

STAFFING_COLD_CALL = dialog(
    ("M", "Добрый день, меня зовут Олег, компания «ШтатПлюс», подбор персонала. Видел ваши вакансии официантов."),
    ("C", "Здравствуйте. Я управляющая, Светлана. Да, нам нужны официанты, человек пять."),
    ("M", "Резюме кандидатов пришлю завтра, собеседование можно назначить на пятницу?"),
    ("C", "Давайте в пятницу в десять."),
    ("M", "Записал: пятница, десять утра, собеседования у вас в ресторане."),
)
SEEKER = dialog(
    ("M", "Ресторан «Пирс», администратор Анна, слушаю."),
    ("C", "Здравствуйте, я ищу работу, у вас вакансия официанта ещё открыта?"),
    ("M", "Да, открыта. Резюме пришлите на почту, собеседование назначим."),
    ("C", "Хорошо, спасибо."),
)
OUTBOUND_WRONG_NUMBER = dialog(
    ("M", "Добрый день, меня зовут Ирина, автосалон «Мотор», звоню по поводу вашей заявки. Это Сергей?"),
    ("C", "Какой Сергей? Это частный номер, вы ошиблись."),
    ("M", "Ой, простите за беспокойство."),
    ("C", "Ничего."),
)
INTRO_ALWAYS = (
    "Все три элемента: имя менеджера, название автосалона, цель звонка. Применимо всегда, "
    "даже если номер ошибочный."
)
DECIDER = (
    "Если собеседник не принимает решений (секретарь, рядовой сотрудник), менеджер спрашивает, кто решает. "
    "Не применимо: 1) собеседник сам ЛПР (директор, собственник); 2) ошибочный номер."
)
DIRECTOR = dialog(
    ("M", "Добрый день, меня зовут Павел, компания «ЧистоОфис», клининг. С кем могу поговорить об уборке?"),
    ("C", "Ну, я директор, Алексей Петрович. Что вы предлагаете?"),
    ("M", "Ежедневную уборку офиса. Какая у вас площадь?"),
    ("C", "Двести метров."),
)
NOT_THE_DIRECTOR = dialog(
    ("M", "Добрый день, меня зовут Павел, компания «ЧистоОфис», клининг. С кем могу поговорить об уборке?"),
    ("C", "Я Марина, офис-менеджер. Но решения по подрядчикам принимает наш директор, не я."),
    ("M", "Понял. Подскажите, как зовут директора и когда ему удобно позвонить?"),
    ("C", "Алексей Петрович, после обеда."),
)
CASCO = "Предложил оформить КАСКО со скидкой (если кредит; нал/рассрочка без кредита — н/п)"


def _car_buyer(payment: str) -> list:  # type: ignore[type-arg]
    return dialog(
        ("M", "Автосалон «Мотор», Ирина, слушаю вас."),
        ("C", "Здравствуйте, хочу купить кроссовер, который в рекламе."),
        ("M", "Хорошо. Как будете оплачивать?"),
        ("C", payment),
        ("M", "Понятно. Тогда приезжайте в субботу на тест-драйв."),
    )


def test_a_client_who_hires_is_a_customer_not_a_job_seeker() -> None:
    assert calltype.classify(prepare(STAFFING_COLD_CALL)).kind == "sales"
    assert calltype.employer(prepare(STAFFING_COLD_CALL)) is not None
    # who looks for work for himself still is a job seeker
    assert calltype.classify(prepare(SEEKER)).kind == "not_client"


def test_the_client_the_manager_rang_says_he_is_not_the_one() -> None:
    assert calltype.classify(prepare(OUTBOUND_WRONG_NUMBER)).why == "ошиблись номером"


def test_a_stage_applicable_always_is_judged_on_a_wrong_number() -> None:
    wrong = dialog(
        ("M", "Добрый день, меня зовут Ирина, автосалон «Мотор», звоню по поводу вашей заявки на тест-драйв."),
        ("C", "Вы ошиблись номером, я ничего не оставляла."),
        ("M", "Извините за беспокойство."),
        ("C", "Ничего, до свидания."),
    )
    assert calltype.classify(prepare(wrong)).kind == "not_client"
    assert status_of(wrong, stage(INTRO_ALWAYS)) == "completed"


def test_the_decision_maker_condition_is_what_the_client_says_of_himself() -> None:
    compiled = compile_stage("ЛПР", DECIDER)
    assert not any(c.only_if for c in compiled.conditions)  # «если не ЛПР, …» is a branch, not the scope
    assert status_of(DIRECTOR, stage(DECIDER)) == "not_applicable"
    assert status_of(NOT_THE_DIRECTOR, stage(DECIDER)) == "completed"


def test_same_cases_as_a_stage_named_with_its_word() -> None:
    criterion = "Назвал цену и сроки. Не применимо в тех же случаях, что этап «Выявление потребности»."
    compiled = compile_stage("Презентация", criterion)
    [cond] = compiled.conditions
    assert cond.stage_ref and "Выявление потребности" in cond.text and "этап «этап" not in cond.text


def test_a_scope_bracket_and_a_value_without_another() -> None:
    compiled = compile_stage("КАСКО", CASCO)
    scope = [c for c in compiled.conditions if c.only_if]
    assert [c.text for c in scope] == ["кредит"]
    assert status_of(_car_buyer("В кредит, на пять лет."), stage(CASCO)) == "failed"
    assert status_of(_car_buyer("Наличными, сразу всю сумму."), stage(CASCO)) == "not_applicable"
    assert status_of(_car_buyer("В рассрочку, никакого кредита."), stage(CASCO)) == "not_applicable"
    # «рассрочка без кредита» holds when the instalments are said and the credit is not
    [without] = [c for c in compiled.conditions if c.text.startswith("рассрочка")]
    assert [e.keywords for e in without.also if e.absent] == [("кредит",)]


def test_lists_of_cases_each_a_condition() -> None:
    compiled = compile_stage(
        "Замер",
        "Договорился о замере с датой и временем. Не применимо для квартиры, ошибочного номера, "
        "сервисного звонка действующего клиента и оборвавшегося в начале звонка.",
    )
    conds = compiled.conditions
    assert [c.element.keywords for c in conds if c.element is not None] == [("квартира",)]
    kinds = {k for c in conds for k in c.call_kinds}
    assert {"not_client", "service", "hung_up"} <= kinds
    criterion = "Проговорил договорённость. Не применимо, если клиент нецелевой (квартира, ошибочный номер)."
    untargeted = compile_stage("Итог", criterion)
    assert any(c.element is not None and c.element.keywords == ("квартира",) for c in untargeted.conditions)


SERVICE_CALL = dialog(
    ("M", "«ТеплоДом», меня зовут Кирилл, добрый день."),
    ("C", "Добрый день. У меня ваш котёл стоит второй год, с утра пишет ошибку."),
    ("M", "Понял. Инженер сервиса перезвонит вам сегодня до шести и договорится о выезде."),
    ("C", "До шести, хорошо. На этот номер?"),
    ("M", "Да, на этот номер. Если что — звоните мне напрямую."),
    ("C", "Спасибо."),
)
SUMMARY = (
    "В конце менеджер проговаривает, что будет дальше, когда и кто свяжется. Не применимо, если клиент "
    "нецелевой (квартира, ошибочный номер). Для сервисного звонка действующего клиента этап применим."
)


def test_a_service_call_on_a_stage_that_applies_to_it() -> None:
    prep = prepare(SERVICE_CALL)
    assert calltype.classify(prep).kind == "service"
    assert calltype.hung_up(prep) is None  # «Спасибо.» takes leave, it hangs up on nobody
    assert status_of(SERVICE_CALL, stage(SUMMARY)) != "not_applicable"


def _b2b(objection: str) -> list:  # type: ignore[type-arg]
    return dialog(
        ("M", "Добрый день, меня зовут Вера, юридическая компания «Право». Предлагаем абонентское сопровождение."),
        ("C", objection),
        ("M", "Понимаю. А что сейчас не устраивает? Мы берём на себя суды и проверки, это дешевле штатного юриста."),
        ("C", "Ну пришлите предложение."),
    )


def test_b2b_objections() -> None:
    for said in (
        "Да у нас свой юрист есть, зачем нам вы?",
        "Мы уже с одной фирмой работаем.",
        "Нам посредники не нужны.",
        "Мы и сами нормально справляемся.",
    ):
        assert objection_units(prepare(_b2b(said))), said
    plans = ("Здравствуйте, слушаю вас.", "Без отделки возьмём, сами сделаем.", "Я читала у вас на сайте про тарифы.")
    for said in plans:
        assert not objection_units(prepare(_b2b(said))), said  # a plan or a source, no objection


SOLAR = StageSpec(
    "obj", "Возражения", "Типичные возражения: дорого, долго окупается, снег. Засчитываем, если менеджер ответил "
    "по существу. Если возражений не было — не применимо."
)


def test_a_typical_list_after_a_colon_and_a_brush_off() -> None:
    call = dialog(
        ("M", "«СолнцеДом», Кирилл. Станция на десять киловатт — около шестисот тысяч."),
        ("C", "А зимой? У нас снега — во! Завалит ваши панели."),
        ("M", "Панели ставим под углом сорок градусов, снег сползает сам, и даём скребок. В январе выработка "
              "всё равно процентов пятнадцать от летней."),
        ("C", "Ну хорошо."),
    )
    assert status_of(call, SOLAR) == "completed"
    pricey = dialog(
        ("M", "«Дом», Руслан. Однушка на двенадцатом — восемь двести."),
        ("C", "Это дорого, в соседнем доме за семь продают."),
        ("M", "Ну, цены сейчас у всех такие, что я могу сделать. Это не я назначаю."),
        ("C", "Понятно, до свидания."),
    )
    assert status_of(pricey, SOLAR) == "failed"
