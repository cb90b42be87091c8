"""Yes/no enum fields ("Есть ли у клиента автомобиль на сдачу в трейд-ин": да / нет): the client's
answer to the manager's question on the topic, or the client raising the topic themselves."""

from __future__ import annotations

import re

from rop.analysis.embedded.lang import lemmas, same_family
from rop.analysis.embedded.transcript import Prepared, Unit

_GENERIC = frozenset(
    {"есть", "клиент", "клиента", "который", "этот", "какой", "ли", "свой", "быть", "иметь", "нужный", "хотеть"}
)
_YES = frozenset({"да", "есть", "конечно", "ага", "угу", "имеется", "разумеется"})
_NO = frozenset({"нет", "не", "без", "никакой", "ни"})


def is_yes_no(options: tuple[str, ...]) -> bool:
    return {o.strip().lower() for o in options} == {"да", "нет"}


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
