"""Enum fields whose description defines each option («Теплота лида: горячий — назначен показ или
встреча; тёплый — интерес есть, даты нет; холодный — просто узнаёт, отказался или бросил трубку»):
the option is decided from the call by those definitions, the way a person filling the table reads
them, not from the option's own word."""

from __future__ import annotations

import re
from typing import Any

from rop.analysis.embedded import calltype, outcome
from rop.analysis.embedded.lang import lemmas
from rop.analysis.embedded.lexicon import load_json
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec

_WORDS: dict[str, Any] = load_json("outcome.json")["definitions"]
# the next-step actions, and a visit of the company's specialist («согласился на выезд инженера»)
_ACTIONS: dict[str, list[str]] = {**load_json("outcome.json")["actions"], **_WORDS["visits"]}


def defined_options(spec: FieldSpec) -> dict[str, str]:
    """Option -> what the description says it means (the option, a dash or a colon, its definition
    up to the next «;» or «.»)."""
    out: dict[str, str] = {}
    for opt in spec.options:
        rx = r"(?<![\w-])" + re.escape(opt.strip()) + r"\s*(?:[—–:=]|-\s)\s*([^;.]+)"
        m = re.search(rx, spec.description, re.IGNORECASE)
        if m:
            out[opt] = m.group(1).strip()
    return out


def _category(definition: str) -> str:
    """step: a step agreed with its day; end: a refusal or a call the client ended; rest: anything else
    («интерес есть, даты нет»: the step is said to be missing)."""
    seq = lemmas(definition)
    words = set(seq)
    if words & set(_WORDS["end"]) or _negated(seq, set(_WORDS["interest"])):
        return "end"  # «отказался», «не заинтересован»
    step = set(_WORDS["step"])
    if words & step and not words & set(_WORDS["missing"]) and not _negated(seq, step):
        return "step"  # «согласился на выезд», not «выезд не назначен»
    return "rest"


def _negated(seq: list[str], words: set[str]) -> bool:
    """One of the words with «не» right before or after it: «не заинтересован», «выезд не назначен»."""
    return any(
        w in words and ((i and seq[i - 1] == "не") or (i + 1 < len(seq) and seq[i + 1] == "не"))
        for i, w in enumerate(seq)
    )


def _step_named(definition: str, prep: Prepared) -> Unit | None:
    """A step with its day, of a kind the definition names when it names one («показ или встреча»:
    a КП sent is not it; «записываю вас на пятницу, офис продаж» is a meeting)."""
    words = set(lemmas(definition))
    kinds = [ws for label, ws in _ACTIONS.items() if words & {*ws, *lemmas(label)}]
    wanted = set().union(*kinds) if kinds else set().union(*_ACTIONS.values())
    for u in prep.units:
        if not u.lemma_set & wanted:
            continue
        answer = [x for x in prep.next_turn_units(u) if x.speaker == "client"] if u.speaker == "manager" else []
        if answer and _DECLINED_RX.match(answer[0].norm):
            continue  # «Суббота, двенадцатое?» — «Нет, пока не готов»: offered, not agreed
        if outcome.date_of(u.norm) or any(outcome.date_of(x.norm) for x in answer[:2]):
            return u  # «записываю вас на пятницу» / «Когда вам удобно приехать?» — «В среду в три»
    return None


_DECLINED_RX = re.compile(r"^(?:ну,? )?(?:нет|не,|пока не|не готов|не надо|не нужно)\b")


def _by_category(spec: FieldSpec) -> dict[str, tuple[str, str]]:
    by_cat: dict[str, tuple[str, str]] = {}
    for opt, definition in defined_options(spec).items():
        by_cat.setdefault(_category(definition), (opt, definition))
    return by_cat


def readable(spec: FieldSpec) -> bool:
    """The definitions are of the kinds read here: a step agreed and a refusal or the rest."""
    by_cat = _by_category(spec)
    return "step" in by_cat and len(by_cat) >= 2


def decide(spec: FieldSpec, prep: Prepared) -> tuple[str, Unit | None] | None:
    """The option whose definition the call meets; None when the definitions are not readable."""
    by_cat = _by_category(spec)
    if not readable(spec):
        return None
    if "step" in by_cat:
        opt, definition = by_cat["step"]
        u = _step_named(definition, prep)
        if u is not None:
            return opt, u
    if "end" in by_cat:
        u = calltype.refused(prep, "", busy_counts=False) or calltype.hung_up(prep)
        if u is not None:
            return by_cat["end"][0], u
    if "rest" in by_cat:
        return by_cat["rest"][0], None
    return None
