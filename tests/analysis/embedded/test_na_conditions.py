"""Not applicable and its conditions: the kind of call (wrong number, job seeker, an existing
customer's service call, a cold call), refusals, objections, and conditions written in a criterion.
Every transcript here is written for the test (a window company, a fitness club, a furniture shop)."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, compile_stage
from rop.analysis.embedded.calltype import classify, cold_opening
from rop.analysis.embedded.compiler import CompiledStage
from rop.analysis.embedded.objections import objection_units
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import StageSpec, StageVerdict, Utterance
from tests.analysis.embedded.helpers import checklist, dialog

GREET = StageSpec("greet", "Приветствие", "Назвал своё имя и компанию")
NEEDS = StageSpec("needs", "Потребность", "Выяснил размеры окон, этаж и сроки установки")
OBJ = StageSpec("obj", "Возражения", "Отработал возражения клиента")

WRONG_NUMBER = dialog(
    ("M", "Добрый день, «Светлые окна», Тимофей, слушаю вас."),
    ("C", "Алло, это ветклиника на Садовой?"),
    ("M", "Нет, это компания по установке окон. Видимо, вы ошиблись номером."),
    ("C", "Ой, извините, пожалуйста."),
    ("M", "Ничего страшного, всего доброго."),
)
JOB_SEEKER = dialog(
    ("M", "«Светлые окна», Тимофей, здравствуйте."),
    ("C", "Здравствуйте, я по вакансии монтажника, вы ещё ищете?"),
    ("M", "Это вам в отдел кадров, я в продажах. Телефон есть на сайте."),
    ("C", "Понял, спасибо."),
)
SERVICE = dialog(
    ("M", "Фитнес-клуб «Атлет», Вероника, слушаю вас."),
    ("C", "Здравствуйте, у меня договор на годовой абонемент, хочу перенести заморозку на январь."),
    ("M", "Конечно, назовите номер карты."),
    ("C", "Четыре пять семь восемь."),
    ("M", "Готово, заморозка с десятого января."),
)
PURCHASE = dialog(
    ("M", "Фитнес-клуб «Атлет», Вероника, слушаю вас."),
    ("C", "Здравствуйте, сколько стоит годовой абонемент? Хочу купить."),
    ("M", "Годовой — тридцать две тысячи. Вы раньше занимались?"),
    ("C", "Да, в другом клубе."),
    ("M", "Приходите на пробную тренировку в субботу в десять."),
)
COLD_REFUSAL = dialog(
    ("M", "Здравствуйте! Меня зовут Олег, компания «Светлые окна»."),
    ("C", "Да?"),
    ("M", "Мы меняем окна в офисах со скидкой…"),
    ("C", "Не интересно, у нас всё есть."),
    ("M", "Понял, извините."),
    ("C", "До свидания."),
)


def _verdicts(transcript: list[Utterance], *stages: StageSpec) -> dict[str, StageVerdict]:
    return {v.stage_id: v for v in EmbeddedEvaluator().evaluate_checklist(transcript, checklist(*stages))}


def test_a_wrong_number_leaves_only_the_greeting_to_judge() -> None:
    assert classify(prepare(WRONG_NUMBER)).kind == "not_client"
    got = _verdicts(WRONG_NUMBER, GREET, NEEDS, OBJ)
    assert got["greet"].status == "completed"
    assert got["needs"].status == "not_applicable"
    assert got["obj"].status == "not_applicable"


def test_a_job_seeker_is_no_client_and_his_call_is_not_judged_as_a_sale() -> None:
    assert classify(prepare(JOB_SEEKER)).kind == "not_client"
    assert _verdicts(JOB_SEEKER, NEEDS)["needs"].status == "not_applicable"


def test_an_existing_customer_calling_about_his_contract_meets_the_not_a_purchase_condition() -> None:
    stage = StageSpec("offer", "Предложение", "Назвал цену абонемента. Если звонок не о покупке — не применимо.")
    assert classify(prepare(SERVICE)).kind == "service"
    assert classify(prepare(PURCHASE)).kind == "sales"
    assert _verdicts(SERVICE, stage)["offer"].status == "not_applicable"
    assert _verdicts(PURCHASE, stage)["offer"].status == "completed"


def test_a_call_purpose_condition_compiles_to_the_call_kind_not_to_its_words() -> None:
    c = compile_stage("Бюджет", "Спросил бюджет (н/п, если звонок по гарантийному ремонту)")
    (cond,) = c.conditions
    assert cond.topic and cond.outcome == "not_applicable"
    stage = StageSpec("b", "Бюджет", c.criterion)
    # a sales call that mentions the warranty is still judged
    sale = dialog(
        ("M", "«Светлые окна», Тимофей, слушаю вас."),
        ("C", "Здравствуйте, хочу купить окна на дачу, какая у вас гарантия?"),
        ("M", "Гарантия пять лет. На какой бюджет рассчитываете?"),
        ("C", "Тысяч сорок."),
    )
    assert _verdicts(sale, stage)["b"].status == "completed"


def test_a_short_cold_call_that_the_client_ends_is_still_a_sales_call() -> None:
    assert cold_opening(prepare(COLD_REFUSAL))
    assert not cold_opening(prepare(SERVICE))  # «слушаю вас»: the client called
    got = _verdicts(COLD_REFUSAL, GREET, NEEDS, OBJ)
    assert got["greet"].status == "completed"
    assert got["needs"].status == "failed"
    assert got["obj"].status == "failed"  # «не интересно» left without an answer


def test_a_request_to_call_later_a_goodbye_and_todays_state_are_no_objections() -> None:
    busy = dialog(
        ("M", "Добрый день, «Светлые окна», Олег. Удобно говорить?"),
        ("C", "Мне сейчас неудобно, перезвоните завтра после обеда."),
        ("M", "Хорошо. А какие окна у вас стоят сейчас?"),
        ("C", "Деревянные, старые, дует из всех щелей."),
        ("M", "Понял, до завтра."),
        ("C", "Всего доброго."),
    )
    assert objection_units(prepare(busy)) == []
    assert _verdicts(busy, OBJ)["obj"].status == "not_applicable"


def test_doubts_complaints_and_a_price_called_high_are_objections() -> None:
    for said in ("Честно говоря, сто тысяч — это многовато.", "Вы в прошлый раз сорвали сроки! Это как вообще?"):
        call = dialog(("M", "Окна под ключ — сто тысяч."), ("C", said), ("M", "Понимаю."))
        assert [u.text for u in objection_units(prepare(call))], said


def test_a_negated_example_objection_needs_its_negation() -> None:
    examples = [("не сейчас", ("сейчас",)), ("надо согласовать", ("согласовать",))]
    call = dialog(
        ("M", "Кто у вас сейчас занимается окнами?"),
        ("C", "Сейчас завхоз, бюджет уже согласован."),
        ("M", "Отлично."),
        ("C", "Только не сейчас, давайте после праздников, надо согласовать с директором."),
    )
    found = [u.text for u in objection_units(prepare(call), examples)]
    assert found and all("после праздников" in t or "согласовать с" in t for t in found)


def test_refused_to_talk_counts_busy_but_refused_with_examples_does_not() -> None:
    talk = compile_stage("Квалификация", "Выяснил этаж. Н/п — если клиент сразу отказался разговаривать.")
    (cond,) = talk.conditions
    assert cond.refusal and cond.when == "start"
    busy = dialog(
        ("M", "Здравствуйте! Меня зовут Олег, компания «Светлые окна»."),
        ("C", "Мне сейчас некогда, перезвоните в четверг."),
        ("M", "Хорошо, в четверг в два."),
        ("C", "Да."),
    )
    stage = StageSpec("q", "Квалификация", talk.criterion)
    assert _verdicts(busy, stage)["q"].status == "not_applicable"
    strict = StageSpec(
        "p", "Предложение", "Назвал цену. Если клиент отказался ещё до выявления потребности («не интересно») — н/п."
    )
    assert compile_stage(strict.name, strict.criterion).conditions[0].when == "start"
    assert _verdicts(busy, strict)["p"].status == "failed"
    assert _verdicts(COLD_REFUSAL, strict)["p"].status == "not_applicable"


def test_do_not_call_again_is_needed_where_the_criterion_asks_for_it() -> None:
    stage = StageSpec("n", "Следующий шаг", "Договорился о встрече. Если клиент попросил больше не звонить — н/п.")
    angry = dialog(
        ("M", "Здравствуйте! Меня зовут Олег, компания «Светлые окна»."),
        ("C", "Опять вы? Больше не звоните сюда."),
        ("M", "Извините."),
        ("C", "До свидания."),
    )
    assert _verdicts(angry, stage)["n"].status == "not_applicable"
    assert _verdicts(COLD_REFUSAL, stage)["n"].status != "not_applicable"


DAY_AND_TIME = "Администратор предложил два варианта времени. Если клиент сразу назвал день и время — не применимо."


def test_said_day_and_time_needs_both_in_one_sentence_before_the_offer() -> None:
    c = compile_stage("Варианты", DAY_AND_TIME)
    (cond,) = c.conditions
    assert cond.element is not None and [e.concepts for e in cond.also] == [("time",)]
    stage = StageSpec("v", "Варианты", DAY_AND_TIME)
    own_time = dialog(
        ("M", "Мебельный салон «Уют», Инна, слушаю."),
        ("C", "Хочу купить диван, сколько стоит угловой? Приеду посмотреть в пятницу к шести."),
        ("M", "В пятницу в шесть — да, ждём."),
        ("C", "Спасибо, до встречи."),
    )
    vague = dialog(
        ("M", "Мебельный салон «Уют», Инна, слушаю."),
        ("C", "Хочу купить диван, приеду посмотреть в пятницу вечером. Сколько стоит угловой?"),
        ("M", "Могу предложить пятницу в шесть или в семь."),
        ("C", "Давайте в семь."),
    )
    assert _verdicts(own_time, stage)["v"].status == "not_applicable"
    assert _verdicts(vague, stage)["v"].status == "completed"


def test_an_event_that_was_only_offered_or_was_cancelled_did_not_happen() -> None:
    stage = StageSpec("c", "Подтверждение", "Проговорил дату и время замера. Если записи не было — не применимо.")
    offered = dialog(
        ("M", "«Светлые окна», Тимофей, слушаю."),
        ("C", "Сколько стоит замер?"),
        ("M", "Бесплатно. Могу записать на завтра на десять?"),
        ("C", "Я подумаю, перезвоню."),
    )
    cancelled = dialog(
        ("M", "«Светлые окна», Тимофей, слушаю."),
        ("C", "У меня запись на замер в среду, хочу её отменить."),
        ("M", "Хорошо, запись отменил."),
        ("C", "Спасибо."),
    )
    booked = dialog(
        ("M", "«Светлые окна», Тимофей, слушаю."),
        ("C", "Хочу записаться на замер."),
        ("M", "Записал вас на среду, в десять."),
        ("C", "Спасибо, до среды."),
    )
    assert _verdicts(offered, stage)["c"].status == "not_applicable"
    assert _verdicts(cancelled, stage)["c"].status == "not_applicable"
    assert _verdicts(booked, stage)["c"].status == "completed"


def test_a_negated_if_clause_is_a_branch_of_the_stage_not_its_scope() -> None:
    c = compile_stage(
        "Выход на ЛПР",
        "Менеджер выясняет, кто принимает решение. Если собеседник не ЛПР — узнаёт, как связаться с ЛПР.",
    )
    assert c.not_applicable_if == []


def test_compiled_conditions_without_the_new_keys_still_load() -> None:
    c = compile_stage("Варианты", DAY_AND_TIME)
    d = c.to_dict()
    for cond in d["conditions"]:
        cond.pop("also")
    back = CompiledStage.from_dict(d)
    assert back.conditions[0].also == ()
    assert CompiledStage.from_dict(c.to_dict()).conditions[0].also == c.conditions[0].also


def test_an_inbound_service_call_without_listen_words_is_still_a_service_call() -> None:
    call = dialog(
        ("M", "«Светлые окна», Тимофей, добрый день."),
        ("C", "Здравствуйте, у меня договор с вами, хочу перенести монтаж на пятницу."),
        ("M", "Хорошо, переношу на пятницу, на десять утра."),
        ("C", "Спасибо."),
    )
    assert not cold_opening(prepare(call))
    assert classify(prepare(call)).kind == "service"


def test_a_long_call_the_manager_opens_is_judged_even_when_asr_garbled_its_sales_words() -> None:
    garbled = dialog(
        ("M", "Добрый день, меня зовут Олег светлы окна"),
        ("C", "Алло, слушаю, кто?"),
        ("M", "Олег, светлы окна, мы по вашим окнам в офисе"),
        ("C", "Ну да"),
        ("M", "А сколько у вас там створок примерно"),
        ("C", "Не знаю, надо у завхоза"),
        ("M", "Понял, спасибо, до свидания"),
    )
    got = _verdicts(garbled, GREET, NEEDS)
    assert got["needs"].status == "failed"
    short_private = dialog(("C", "Привет, это Лена, зайду к тебе?"), ("M", "Заходи."), ("C", "Иду."), ("M", "Жду."))
    assert _verdicts(short_private, NEEDS)["needs"].status == "not_applicable"


def test_a_source_of_the_call_is_no_service_topic() -> None:
    c = compile_stage("Источник", "Спросил, откуда узнали о нас. Если клиент звонит по рекомендации — не применимо.")
    (cond,) = c.conditions
    assert not cond.topic and cond.element is not None


def test_a_manager_calling_a_customer_about_his_documents_makes_a_service_call() -> None:
    call = dialog(
        ("M", "Здравствуйте, меня зовут Олег, компания «Светлые окна». Звоню по вашему договору."),
        ("M", "Документы на гарантию готовы."),
        ("C", "А, хорошо."),
        ("M", "Заберёте в офисе или прислать курьером?"),
        ("C", "Курьером, пожалуйста."),
    )
    assert classify(prepare(call)).kind == "service"
    assert classify(prepare(COLD_REFUSAL)).kind == "sales"


LPR = (
    "Менеджер выясняет, говорит ли он с тем, кто решает по закупке окон. "
    "Если собеседник сам сказал, что он владелец или решает он — этап выполнен без вопроса."
)


def test_said_of_himself_counts_without_the_question_but_not_of_someone_else() -> None:
    c = compile_stage("ЛПР", LPR)
    (cond,) = c.conditions
    assert cond.outcome == "completed" and cond.unprompted
    stage = StageSpec("l", "ЛПР", LPR)
    owner = dialog(
        ("M", "Здравствуйте! Меня зовут Олег, компания «Светлые окна»."),
        ("C", "Слушаю. Я владелец, Пётр."),
        ("M", "Пётр, мы меняем окна в офисах, сколько у вас окон?"),
        ("C", "Штук двадцать."),
    )
    worker = dialog(
        ("M", "Здравствуйте! Меня зовут Олег, компания «Светлые окна»."),
        ("C", "Слушаю. Это хозяин решает, я тут грузчик."),
        ("M", "Понял, мы меняем окна в офисах, сколько у вас окон?"),
        ("C", "Не знаю."),
    )
    assert _verdicts(owner, stage)["l"].status == "completed"
    assert _verdicts(worker, stage)["l"].status == "failed"
