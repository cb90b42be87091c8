"""Criteria as customers write them compile into explicit elements, a requirement and conditions."""

import json

import pytest

from rop.analysis.embedded import (
    CompiledStage,
    CorrectionError,
    apply_corrections,
    compile_stage,
)


def _keys(name: str, criterion: str = "") -> list[str]:
    return [e.key for e in compile_stage(name, criterion).elements]


def _words(c: CompiledStage) -> set[str]:
    out: set[str] = set()
    for e in c.elements:
        out |= set(e.keywords) | set(e.label.split())
    return out


META = {
    "выполнено",
    "выполнен",
    "выполнить",
    "только",
    "хотя",
    "failed",
    "completed",
    "мрк",
    "элемент",
    "элемента",
}


@pytest.mark.parametrize(
    "name,criterion,keys",
    [
        ("Приветствие", "", ["greeting"]),
        ("Бюджет", "Выявил бюджет", ["budget"]),
        ("Старт", "МРК поздоровался, представился и назвал агентство", ["greeting", "introduce", "company"]),
        (
            "Квалификация",
            "ОП: менеджер выяснил комнатность, район и сроки",
            ["rooms", "district", "timeline"],
        ),
    ],
)
def test_terse_and_abbreviated_criteria(name: str, criterion: str, keys: list[str]) -> None:
    assert _keys(name, criterion) == keys


def test_a_clarifying_sentence_adds_no_element_that_can_never_match() -> None:
    c = compile_stage(
        "Приветствие и представление",
        "Менеджер поздоровался и назвал своё имя. Клиент должен понять, кто ему звонит и зачем.",
    )
    assert [e.key for e in c.elements] == ["greeting", "introduce"]


def test_meta_language_never_becomes_an_element() -> None:
    c = compile_stage(
        "Квалификация",
        "Этап выполнен только если МРК выяснил хотя бы два из: бюджет, район, сроки. Иначе — failed.",
    )
    assert [e.key for e in c.elements] == ["budget", "district", "timeline"]
    assert not _words(c) & META
    assert c.requirement.mode == "at_least" and c.requirement.n == 2


@pytest.mark.parametrize(
    "criterion,mode,n",
    [
        ("Все три элемента: приветствие, имя менеджера, название компании.", "all", 0),
        ("Не менее двух из: бюджет, способ оплаты, сроки.", "at_least", 2),
        ("Хотя бы один из: поблагодарил за звонок, подвёл итог.", "any", 0),
        ("Любой из вариантов: предложил тест-драйв, пригласил в салон.", "any", 0),
        ("Менеджер выяснил бюджет и сроки покупки.", "all", 0),
    ],
)
def test_enumerations_set_the_requirement(criterion: str, mode: str, n: int) -> None:
    c = compile_stage("Этап", criterion)
    assert c.requirement.mode == mode and c.requirement.n == n
    assert len(c.elements) >= 2


def test_a_condition_for_not_applicable_is_taken_out_of_the_elements() -> None:
    c = compile_stage("Возражения", "Менеджер отработал возражения клиента. Если возражений не было — не применимо.")
    assert c.objection_handling
    (cond,) = c.conditions
    assert cond.outcome == "not_applicable" and cond.objections and cond.negated


def test_a_condition_written_after_the_outcome() -> None:
    c = compile_stage("Бюджет", "Менеджер уточнил бюджет. Не применимо, если клиент сам назвал бюджет.")
    assert [e.key for e in c.elements] == ["budget"]
    (cond,) = c.conditions
    assert cond.outcome == "not_applicable" and not cond.negated
    assert cond.element is not None and cond.element.speaker == "client" and "budget" in cond.element.concepts


def test_a_failed_condition() -> None:
    c = compile_stage("Запись", "Администратор записал пациента на приём. Если назвал неверную цену — failed.")
    assert [cd.outcome for cd in c.conditions] == ["failed"]
    assert all("цен" not in e.label for e in c.elements)


def test_elements_say_whose_words_they_concern() -> None:
    c = compile_stage("Согласие", "Клиент назвал удобное время визита")
    assert {e.speaker for e in c.elements} == {"client"}
    c = compile_stage("Имя", "Менеджер выяснил имя клиента")
    assert [(e.key, e.speaker, e.ask) for e in c.elements] == [("client_name", "manager", True)]


def test_alternatives_joined_by_or_are_one_element() -> None:
    c = compile_stage("Оплата", "Менеджер выяснил бюджет или способ оплаты")
    assert len(c.elements) == 1 and set(c.elements[0].concepts) == {"budget", "payment"}


@pytest.mark.parametrize(
    "name,criterion,must",
    [
        (
            "Тест-драйв",
            "Менеджер автосалона предложил ТД и назвал комплектацию",
            {"тест-драйв", "комплектация"},
        ),
        (
            "Запись к врачу",
            "Администратор клиники уточнил симптомы и записал к терапевту",
            {"симптом", "терапевт"},
        ),
        ("КП", "Менеджер пообещал отправить КП и согласовал дату созвона", {"date"}),
    ],
)
def test_other_domains_compile_into_their_own_words(name: str, criterion: str, must: set[str]) -> None:
    c = compile_stage(name, criterion)
    got = _words(c) | {k for e in c.elements for k in e.concepts}
    assert must <= got, c.explain()
    assert not got & META


def test_compiled_stage_round_trips_through_json() -> None:
    c = compile_stage(
        "Бюджет",
        "МРК уточнил бюджет и способ оплаты. Если клиент сам назвал бюджет — не применимо.",
        hints=("какой бюджет",),
    )
    back = CompiledStage.from_dict(json.loads(json.dumps(c.to_dict(), ensure_ascii=False)))
    assert back == c
    assert "какой бюджет" in back.elements[0].phrases


def test_corrections_add_a_phrase_drop_an_element_and_change_the_requirement() -> None:
    c = compile_stage("Старт", "МРК поздоровался, представился и назвал агентство")
    fixed = apply_corrections(
        c,
        [
            {"op": "add_phrase", "element": "introduce", "phrase": "на линии Алексей"},
            {"op": "drop_element", "element": "название компании"},
            {"op": "set_requirement", "mode": "any"},
        ],
    )
    assert [e.key for e in fixed.elements] == ["greeting", "introduce"]
    assert "на линии Алексей" in fixed.elements[1].phrases
    assert fixed.requirement.mode == "any"
    assert [e.key for e in c.elements] == ["greeting", "introduce", "company"]  # the original is kept


def test_a_correction_of_an_unknown_element_is_a_russian_error() -> None:
    c = compile_stage("Старт", "МРК поздоровался")
    with pytest.raises(CorrectionError, match="нет элемента"):
        apply_corrections(c, [{"op": "drop_element", "element": "бюджет"}])


def test_explain_reads_in_plain_russian() -> None:
    text = compile_stage("Возражения", "МРК отработал возражения. Если возражений не было — не применимо.").explain()
    assert "отработка возражения (менеджер)" in text and "не применимо" in text


def test_a_leading_if_clause_makes_the_stage_conditional() -> None:
    c = compile_stage("Ипотека", "Если клиент спросил про ипотеку, менеджер рассказал о программах банков.")
    (cond,) = c.conditions
    assert cond.only_if and cond.element is not None and cond.element.speaker == "client"
    assert [e.label for e in c.elements] == ["рассказал о программах банков"]
    c = compile_stage("Сомнения", "Если клиент высказал сомнение (дорого, далеко), менеджер аргументирует.")
    assert c.objection_handling


def test_completed_if_wording_is_meta_language() -> None:
    c = compile_stage("Квалификация", "Этап выполнен, если менеджер выяснил бюджет и сроки.")
    assert [e.key for e in c.elements] == ["budget", "timeline"] and not c.conditions


@pytest.mark.parametrize(
    "criterion",
    [
        "Completed, если МРК рассказал о ЖК и его инфраструктуре.",
        "МРК рассказал о ЖК и его инфраструктуре. Если не рассказал — failed.",
    ],
)
def test_english_status_words_and_abbreviations(criterion: str) -> None:
    c = compile_stage("Презентация ЖК", criterion)
    keys = [e.key for e in c.elements]
    assert keys == ["object", "location"], c.explain()
    assert not _words(c) & META
    assert not c.failed_if  # "не рассказал" names nothing new to look for


def test_conditions_are_listed_by_outcome() -> None:
    c = compile_stage(
        "Бюджет",
        "Менеджер уточнил бюджет. Если клиент сам назвал бюджет — не применимо. "
        "Если менеджер назвал неверную цену — failed.",
    )
    assert [x.outcome for x in c.not_applicable_if] == ["not_applicable"]
    assert [x.outcome for x in c.failed_if] == ["failed"]
    assert c.to_dict()["format"] == 1


def test_a_bulleted_list_is_one_enumeration() -> None:
    c = compile_stage(
        "Диагностика",
        "Мастер-приёмщик должен:\n- поздороваться;\n- уточнить марку автомобиля;\n- узнать пробег.\n"
        "Важно, чтобы клиент почувствовал заботу.",
    )
    labels = [e.label for e in c.elements]
    assert labels[0] == "приветствие"
    assert any("марк" in x for x in labels) and any("пробег" in x for x in labels)
    assert not any("забот" in x for x in labels)
