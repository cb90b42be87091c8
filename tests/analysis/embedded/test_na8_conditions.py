"""Not-applicable notes in terse checklists (b11-na8): a bracket or a trailing clause that says when
a stage is not assessed («(перенос/ош. номер — н/п)», «(поставщик = н/а)», «(не примен. при
жалобе)», «; жалоба — не считаем», «Не применимо: нецелевой звонок; клиент бросил трубку») is a
condition, never an element to look for, whatever abbreviation marks it; a branch written next to
such a note («жалоба — суть + извинился») is no element of every call; the dot of an abbreviation
(«доп. услугу», «ош. номер») ends no sentence. A stage found not applicable names the kind of call
in plain Russian in its comment, never a fragment of the note («Не применимо: номер.»)."""

from __future__ import annotations

import pytest

from rop.analysis.embedded import EmbeddedEvaluator, calltype, compile_stage
from rop.analysis.embedded.compiler import stage_index
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import ChecklistSpec, StageSpec, Utterance
from tests.analysis.embedded.helpers import dialog


def _labels(criterion: str) -> list[str]:
    return [e.label for e in compile_stage("Этап", criterion).elements]


def _kinds(criterion: str) -> set[str]:
    return {k for c in compile_stage("Этап", criterion).not_applicable_if for k in c.call_kinds}


@pytest.mark.parametrize(
    "criterion",
    [
        "Предложил доп. услугу (перенос/ош. номер — н/п)",
        "Предложил доп. услугу (ош. номер = н/а)",
        "Предложил доп. услугу (н/п: ош. номер, перенос)",
        "Предложил доп. услугу (если звонок о переносе или ош. номер — не оцен.)",
        "Предложил доп. услугу; ош. номер — не считаем.",
        "Предложил доп. услугу. Не применимо: ошибочный звонок; клиент бросил трубку.",
    ],
)
def test_a_terse_note_is_a_condition_not_an_element(criterion: str) -> None:
    c = compile_stage("Допродажа", criterion)
    assert [e.key for e in c.elements] == [c.elements[0].key] and "номер" not in c.elements[0].label
    assert "not_client" in {k for cond in c.not_applicable_if for k in cond.call_kinds}


def test_a_branch_next_to_a_note_is_no_element() -> None:
    labels = _labels("Выявил потребность: для кого, цель (жалоба — суть + извинился; перенос/ош. номер — н/п)")
    assert not any("извин" in x or "не устраивает" in x or "перенос" in x for x in labels)


def test_a_note_in_words_after_an_abbreviation() -> None:
    c = compile_stage("Цена", "Назвал цену (не примен. при жалобе)")
    assert [e.key for e in c.elements] == ["price"]
    assert [cond.topic for cond in c.not_applicable_if] == [True]


def test_kinds_of_call_named_tersely() -> None:
    assert {"service", "repeat"} <= _kinds("Спросил, откуда узнали (пост. кл-т — н/п)")
    assert "vendor" in _kinds("Узнал бюджет (н/п: поставщик, подрядчик)")
    assert "not_client" in _kinds("Узнал бюджет. Н/п для ошибочных звонков.")


def test_a_negated_topic_with_examples_keeps_both_readings() -> None:
    c = compile_stage(
        "Потребность",
        "Выявил бюджет. Не применимо: звонок не про покупку (ошиблись номером, подрядчики).",
    )
    (cond,) = c.not_applicable_if
    assert cond.topic and {"not_client", "vendor"} <= set(cond.call_kinds)


WRONG_NUMBER = dialog(
    ("M", "Мебельная фабрика «Дуб», Алина, здравствуйте."),
    ("C", "Здравствуйте, это ветклиника? Мне кота на прививку записать."),
    ("M", "Нет, вы попали в мебельную фабрику."),
    ("C", "Ой, извините, ошибся номером."),
    ("M", "Ничего страшного, всего доброго."),
)

SUPPLIER = dialog(
    ("M", "Мебельная фабрика «Дуб», Алина, здравствуйте."),
    ("C", "Добрый день, меня зовут Олег, компания «ЛакПро». Хотел предложить вам сотрудничество по лакам."),
    ("M", "А, это вам к снабженцу, пришлите предложение на почту."),
    ("C", "Хорошо, а почту подскажете?"),
    ("M", "info собака дуб точка ру. До свидания."),
)


def _verdict(stage_criterion: str, call: list[Utterance]) -> tuple[str, str]:
    spec = StageSpec("s1", "Допродажа", stage_criterion, (), 1, "manager")
    (v,) = EmbeddedEvaluator().evaluate_checklist(call, ChecklistSpec("Тест", (spec,)))
    return v.status, v.comment


def test_wrong_number_is_named_in_plain_words() -> None:
    status, comment = _verdict("Предложил доп. услугу (перенос/ош. номер — н/п)", WRONG_NUMBER)
    assert status == "not_applicable"
    assert "ошиблись номером" in comment and "Не применимо: номер" not in comment


def test_a_supplier_call_is_not_applicable_where_the_note_says_so() -> None:
    status, comment = _verdict("Предложил доп. услугу (н/п: поставщик, ош. номер)", SUPPLIER)
    assert status == "not_applicable" and "поставщик" in comment


# --- calls that are no sales talk ----------------------------------------------------------------

PUT_OFF_AFTER_WHO = dialog(
    ("M", "Добрый день! Компания «ЧистоДом», мы моем окна в офисах. Вам удобно говорить?"),
    ("C", "А вы вообще кому звоните?"),
    ("M", "Это стоматология «Улыбка»? Мне бы с управляющим поговорить."),
    ("C", "Ну да, «Улыбка». Управляющий — это я, слушаю, что вы хотели?"),
    ("M", "Мы предлагаем мойку окон со скидкой для клиник…"),
    ("C", "Ой, подождите, сейчас совсем неудобно, у меня пациент в кресле."),
    ("M", "Буквально минуту…"),
    ("C", "Нет, правда не могу. Наберите в пятницу утром."),
    ("M", "Хорошо, а как к вам обращаться?"),
    ("C", "Ольга Петровна."),
    ("M", "Ольга Петровна, в пятницу в десять наберу. Всего доброго!"),
    ("C", "Да, до свидания."),
)


def test_a_put_off_after_asking_who_calls_is_a_callback() -> None:
    assert calltype.callback(prepare(PUT_OFF_AFTER_WHO)) is not None


BROKEN = dialog(
    ("M", "«ТеплоСервис», сервисный отдел, Максим, слушаю вас."),
    ("C", "Здравствуйте, это Ирина из «Вектора». У нас опять котёл встал."),
    ("C", "Горит красная лампочка и снизу подтекает."),
    ("M", "Понял, мастер приедет завтра с утра, адрес прежний?"),
    ("C", "Да, Лесная, пять."),
)


def test_a_customer_reporting_a_breakdown_calls_about_what_he_has() -> None:
    assert calltype.classify(prepare(BROKEN)).kind == "service"


def test_same_cases_as_another_stage_follow_it() -> None:
    c = compile_stage(
        "Презентация", "Менеджер предлагает решение. Не применимо в тех же случаях, что и выявление потребности."
    )
    (cond,) = c.not_applicable_if
    stages = [("s1", "Приветствие"), ("s2", "Выявление потребности"), ("s3", "Презентация")]
    assert stage_index(cond.stage_ref, stages) == 1
    assert [e.key for e in c.elements] != [] and "потребн" not in " ".join(e.label for e in c.elements)


def test_then_the_stage_is_not_applicable() -> None:
    c = compile_stage(
        "Потребность",
        "Менеджер выясняет бюджет. С секретарём, который не соединил, потребность не выявляется — "
        "тогда этап не применим.",
    )
    assert any("gatekeeper" in cond.call_kinds for cond in c.not_applicable_if)


def test_greeting_on_a_wrong_number_is_judged_where_the_checklist_names_wrong_numbers() -> None:
    greet = StageSpec("s1", "Приветствие", "Назвал компанию и себя", (), 1, "manager")
    name = StageSpec("s2", "Имя", "Узнал имя клиента (ош. номер — н/п)", (), 1, "manager")
    call = dialog(
        ("M", "Мебельная фабрика «Дуб», здравствуйте."),
        ("C", "Здравствуйте, это ветклиника? Мне кота на прививку записать."),
        ("M", "Нет, вы ошиблись, это мебельная фабрика."),
        ("C", "Ой, извините, не ту цифру набрала."),
        ("M", "Ничего страшного, всего доброго."),
    )
    both = EmbeddedEvaluator().evaluate_checklist(call, ChecklistSpec("Тест", (greet, name)))
    assert [v.status for v in both] == ["failed", "not_applicable"]
    (alone,) = EmbeddedEvaluator().evaluate_checklist(call, ChecklistSpec("Тест", (greet,)))
    assert alone.status == "not_applicable"  # no word of wrong numbers: one need not be greeted
