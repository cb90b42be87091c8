"""Enum fields answered by a question ("Откуда узнали о клинике": рекомендация знакомых /
интернет/карты / реклама / …): the client's answer to the manager's question on the field, matched
to an option by word family ("на Яндекс Картах" -> "интернет/карты") or, failing that, by e5
similarity with a clear margin ("подруга посоветовала" -> "рекомендация знакомых")."""

from __future__ import annotations

import re

from rop.analysis.embedded import semantic
from rop.analysis.embedded.lang import lemmas, same_family
from rop.analysis.embedded.transcript import Prepared, Unit

_GENERIC = frozenset({"клиент", "который", "какой", "этот", "быть", "есть", "наш", "ваш", "свой"})
_OTHER = frozenset({"другое", "иное", "прочее", "другой"})
MARGIN = 0.01  # e5 cosine scores sit in a narrow band: the best option must lead clearly


# a question asks the field in other words: "Откуда узнали?" is also "Как вы нас нашли?"
# (pymorphy3 reads «нашли» as «наслать»)
_FOUND = frozenset({"найти", "наслать", "слышать", "услышать"})
_ASKED_AS = {"узнать": _FOUND, "источник": _FOUND | {"узнать"}}


def _words(text: str) -> set[str]:
    return {w for w in lemmas(re.sub(r"[/_\-]", " ", text)) if len(w) > 3 and w not in _GENERIC}


def _asked_words(description: str) -> set[str]:
    words = _words(description)
    return words.union(*(_ASKED_AS.get(w, frozenset()) for w in words))


def answers(prep: Prepared, description: str) -> list[Unit]:
    """The client's replies to the manager's questions that use the field's own words."""
    topic = _asked_words(description)
    common = {t for t in topic if sum(1 for u in prep.units if t in u.lemma_set) > 0.25 * len(prep.units)}
    topic -= common
    out: list[Unit] = []
    for u in prep.units_of("manager"):
        if u.question and u.lemma_set & topic and u.turn_of_speaker > 0:  # not "чем могу помочь?"
            out += [x for x in prep.next_turn_units(u) if x.speaker == "client"][:2]
    return out


def pick(units: list[Unit], options: tuple[str, ...], by_meaning: bool = True) -> tuple[str, Unit] | None:
    """The option the answer names: by word family first, by e5 similarity otherwise (unless
    `by_meaning` is off: options read by their concepts fall back to «другое» instead)."""
    if not units:
        return None
    said = set().union(*(u.lemma_set for u in units))
    named = [o for o in options if o.strip().lower() not in _OTHER]  # "другое" is never named
    by_words = {o: sum(1 for w in _words(o) if any(same_family(w, s) for s in said)) for o in named}
    best = max(by_words, key=lambda o: by_words[o]) if by_words else ""
    if best and by_words[best] > 0 and list(by_words.values()).count(by_words[best]) == 1:
        return best, units[0]
    text = " ".join(u.text for u in units)
    cands = named
    if len(cands) < 2 or not by_meaning:
        return None
    sims = semantic.similarities(text, cands)
    order = sorted(range(len(cands)), key=lambda i: -float(sims[i]))
    if float(sims[order[0]]) - float(sims[order[1]]) >= MARGIN:
        return cands[order[0]], units[0]
    return None
