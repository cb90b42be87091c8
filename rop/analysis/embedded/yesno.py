"""Yes/no enum fields ("Есть ли у клиента автомобиль на сдачу в трейд-ин": да / нет): the client's
answer to the manager's question on the topic, or the client raising the topic themselves."""

from __future__ import annotations

import re

from rop.analysis.embedded.lang import lemmas, same_family
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec

_GENERIC = frozenset(
    {"есть", "клиент", "клиента", "который", "этот", "какой", "ли", "свой", "быть", "иметь", "нужный", "хотеть"}
)
_YES = frozenset({"да", "есть", "конечно", "ага", "угу", "имеется", "разумеется"})
_NO = frozenset({"нет", "не", "без", "никакой", "ни"})


def is_yes_no(options: tuple[str, ...]) -> bool:
    return {o.strip().lower() for o in options} == {"да", "нет"}


_SAYS_YES_NO_RX = re.compile(r"\bда\s*/\s*нет\b|\bда или нет\b|\(да/нет\)", re.IGNORECASE)


def is_yes_no_field(spec: FieldSpec) -> bool:
    """A field answered «да» / «нет» that is not an enum: a boolean column, or a text column whose
    description says so («Сертификат (покупка / визит по серт.) да/нет»)."""
    return str(spec.type) == "boolean" or (spec.type != "enum" and bool(_SAYS_YES_NO_RX.search(spec.description)))


def _asks_whether(description: str) -> bool:
    """ "Есть ли у клиента автомобиль на сдачу": a fact about the client that a call may never learn;
    a flag on the call ("Сертификат да/нет", "Срочный случай") is «нет» when nothing in the call says it."""
    return bool(re.search(r"\bли\b|\?", description.lower()))


def flag(prep: Prepared, spec: FieldSpec) -> tuple[str, Unit | None] | None:
    """The answer of a yes/no field: what the call says on its topic (the words outside the
    description's brackets when there are any), else «нет» for a flag on the call."""
    options = spec.options if is_yes_no(spec.options) else ("да", "нет")
    outside = _SAYS_YES_NO_RX.sub(" ", re.sub(r"\([^)]*\)", " ", spec.description))
    topic = outside if _topic(outside, spec.key) else _SAYS_YES_NO_RX.sub(" ", spec.description)
    said = answer(prep, topic, spec.key, options)
    if said is not None:
        return said
    if _asks_whether(spec.description) or not prep.units:
        return None
    return next(o for o in options if o.strip().lower() == "нет"), None


def _topic(description: str, key: str) -> set[str]:
    words = set(lemmas(re.sub(r"[_\-]", " ", key) + " " + description))
    return {w for w in words if len(w) > 3 and w not in _GENERIC}


def _mentions(u: Unit, topic: set[str]) -> int:
    """Topic words said in the unit; proper names inside a sentence do not count («Автомир»)."""
    said = {t.lemma for t in u.tokens if not (t.start > 0 and t.text[:1].isupper())}
    return sum(1 for t in topic if any(same_family(t, w) for w in said))


_AFFIRM = frozenset({"уже", "одобрить", "брать", "взять", "будем", "нужный", "нужно", "надо", "планировать", "хотеть"})


def _reply(u: Unit) -> str | None:
    """ "да" / "нет" from a reply: its first word, else a negation anywhere ("Ещё не подавали"),
    else a plain statement that goes along ("Сбер одобрил на восемь"); "не знаю" says nothing."""
    first = u.tokens[0].low
    if first == "да" and len(u.tokens) > 1 and u.tokens[1].low == "нет":
        return "нет"  # «Да нет, мы здоровые»
    if first in _YES:
        return "да"
    if first in _NO:
        return "нет"
    if re.search(r"\bне (?:знаю|помню|уверен)|\bпока не решил|\bне решили", u.norm):
        return None
    if " не " in f" {u.norm} " or u.lemma_set & {"нет", "без"}:
        return "нет"
    return "да" if u.lemma_set & (_AFFIRM | _YES) else None


def answer(prep: Prepared, description: str, key: str, options: tuple[str, ...]) -> tuple[str, Unit] | None:
    """ "да" / "нет" as the options spell them, with the unit that decided; None when the topic
    never came up."""
    topic = _topic(description, key)
    spell = {o.strip().lower(): o for o in options}
    # a word the whole call keeps saying ("машина" at a car dealer) does not mark the topic
    common = {t for t in topic if sum(_mentions(u, {t}) for u in prep.units) > max(3, 0.25 * len(prep.units))}
    topic -= common
    if not topic:
        return None
    for u in prep.units:
        if not _mentions(u, topic):
            continue
        if u.speaker == "manager" and u.question:
            reply = [x for x in prep.next_turn_units(u) if x.speaker == "client"][:1]
            said = _reply(reply[0]) if reply and reply[0].tokens else None
            if said is not None:
                return spell[said], reply[0]
        elif u.speaker == "client":
            negated = bool(u.lemma_set & _NO) or " не " in f" {u.norm} "
            return spell["нет" if negated else "да"], u
    return None
