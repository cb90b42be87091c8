"""Criterion readings (b9-na5): where in the call a thing is said («в первой-второй своей реплике»,
«в самом начале разговора») is no thing to find; «Неважно, кто позвонил: …» adds nothing to check;
«не засчитывается, если выяснен только один из двух» requires both; a bracketed allowance («(для
дачи достаточно посёлка)») is no part of its own; «сроки — когда нужна доставка» glosses the timing
(the events it names are no elements); «проговаривает итог: что дальше и когда» is the recap itself."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage


def _keys(name: str, criterion: str) -> list[str]:
    return [e.key for e in compile_stage(name, criterion).elements]


def test_position_in_the_call_is_no_element() -> None:
    keys = _keys(
        "Представление",
        "Оператор в самом начале звонка, в первой-второй своей реплике, называет своё имя и название "
        "магазина («Ромашка») — оба элемента.",
    )
    assert not any("реплик" in k or "начал" in k for k in keys)
    assert "introduce" in keys


def test_what_does_not_matter_adds_nothing() -> None:
    keys = _keys(
        "Представление",
        "Оператор называет своё имя. Неважно, кто позвонил: если звонит покупатель, оператор "
        "представляется, когда берёт трубку.",
    )
    assert keys == ["introduce"]


def test_only_one_of_two_failing_requires_both() -> None:
    c = compile_stage(
        "Вес и адрес",
        "Оператор выясняет вес груза и адрес доставки. Не засчитывается, если выяснен только один из двух пунктов.",
    )
    assert c.requirement.mode == "all"


def test_bracketed_allowance_is_no_part() -> None:
    keys = _keys(
        "Адрес",
        "Оператор выясняет адрес доставки (для дачи достаточно названия посёлка) и вес груза.",
    )
    assert not any("достаточно" in k or "дач" in k for k in keys)


def test_when_gloss_adds_no_events() -> None:
    keys = _keys(
        "Сроки",
        "Оператор выясняет бюджет и сроки — когда нужна доставка или к какому моменту нужна встреча (переезд, ремонт).",
    )
    assert "timeline" in keys and "meeting" not in keys


def test_recap_with_what_and_when_is_the_recap() -> None:
    keys = _keys(
        "Итог",
        "В конце разговора оператор проговаривает итог: что дальше и когда (доставка, звонок, счёт).",
    )
    assert keys == ["summary"]
