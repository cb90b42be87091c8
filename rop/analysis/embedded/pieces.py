"""How many pieces of the ordered thing: a number column said in pieces («Тираж, шт.», «Количество, экз.»).

The description names no counted noun, only the unit; the call says the count with that unit
(«5000 штук», «штук 200», «тираж 1000»), next to the thing the client orders («приглашений — 60»,
«этикетки, 10000») or as the client's bare answer to the manager's «Сколько … ?» («— 112.»).
"""

from __future__ import annotations

import re

from rop.analysis.embedded.lang import lemmas, tags
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

# the description's unit of pieces: «шт.», «штук», «экз.», «экземпляров», «тираж», «копий»
_PIECE_WORDS = frozenset({"шт", "штука", "экз", "экземпляр", "тираж", "копия"})
_UNIT_RX = r"(?:штук\w*|шт\b|экземпляр\w*|экз\b|копи[йия]\w*|тираж\w*)"
_AFTER_RX = re.compile(rf"\b(\d+)\s+{_UNIT_RX}")
_BEFORE_RX = re.compile(rf"\b{_UNIT_RX}\.?\s*(?:[—–:-]\s*)?(?:в\s+)?(?:где-то\s+|примерно\s+|около\s+)?(\d+)\b")
# a number that counts something else or is money: «48 страниц», «2 дня», «96000 рублей», «а 5»
_NUMBER_RX = re.compile(r"(?<![а-яё] )(?<!\d[.,])\b(\d+)\b(?![.,]\d)(?!\s*(?:%|[а-яё]))")
# the client's need: «нам нужны листовки», «мне визитки нужны», «хотим пригласительные напечатать»
_NEED = frozenset({"нужный", "нужно", "надо", "нужен", "нужна", "нужны", "хотеть", "заказать", "напечатать"})


def is_piece_count(spec: FieldSpec) -> bool:
    """A number column counted in pieces: «Тираж, шт.», «Количество (экз.)»."""
    words = set(lemmas(spec.key.replace("_", " ") + " " + spec.description.replace(".", " ")))
    low = spec.description.lower()
    return spec.type == "number" and bool(words & _PIECE_WORDS or re.search(r"\bшт\b|\bэкз\b", low))


def _nouns(u: Unit) -> set[str]:
    return {t.lemma for t in u.tokens if (tg := tags(t.text)) and tg[0][1].startswith("NOUN")}


def _ordered_things(prep: Prepared) -> set[str]:
    """What the client orders: the nouns of the client's need sentences and of the manager's
    «Сколько X …?» questions (not where the question asks the run by its own word: «сколько страниц,
    формат, тираж?» counts pages as another parameter)."""
    out: set[str] = set()
    for u in prep.units:
        if u.speaker == "client" and u.lemma_set & _NEED:
            out |= _nouns(u)
        if u.speaker == "manager" and u.question and "сколько" in u.lemma_set and not u.lemma_set & _PIECE_WORDS:
            i = next(i for i, t in enumerate(u.tokens) if t.lemma == "сколько")
            out |= {t.lemma for t in u.tokens[i + 1 : i + 4] if (tg := tags(t.text)) and tg[0][1].startswith("NOUN")}
    return out - {"штука", "тираж", "экземпляр", "цена", "стоимость", "время", "срок"}


def _next_to_thing(u: Unit, things: set[str]) -> list[int]:
    """ "60 приглашений", "приглашений — 60", "этикетки, 10000": a number right by the ordered thing."""
    out: list[int] = []
    toks = u.tokens
    for i, t in enumerate(toks):
        if t.lemma not in things:
            continue
        for k in (i - 1, i + 1):
            if 0 <= k < len(toks) and toks[k].low.isdigit():
                after = toks[k + 1].low if k + 1 < len(toks) else ""
                if k == i + 1 and after[:1].isalpha():
                    continue  # "визитки 2 дня": the number of another noun
                out.append(int(toks[k].low))
    return out


def _asked_count(prep: Prepared, u: Unit, things: set[str]) -> bool:
    """The previous turn is the manager's question how many pieces / what run."""
    for x in prep.prev_turn_units(u):
        if x.speaker == "manager" and x.question and ("сколько" in x.lemma_set or "тираж" in x.lemma_set):
            return bool(x.lemma_set & (things | _PIECE_WORDS))
    return False


def _counts(prep: Prepared, u: Unit, things: set[str]) -> list[int]:
    found = [int(m.group(1)) for rx in (_AFTER_RX, _BEFORE_RX) for m in rx.finditer(u.norm)]
    found += _next_to_thing(u, things)
    if found or u.speaker != "client":
        return found
    if _asked_count(prep, u, things) or (u.lemma_set & _NEED and u.lemma_set & things):
        bare = [int(m.group(1)) for m in _NUMBER_RX.finditer(u.norm)]
        return bare[:1]  # "Сколько экземпляров?" — "Я пересчитал — 112."
    return []


def piece_count(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The count the call says most, the client's words counting twice; on a tie the earlier."""
    things = _ordered_things(prep)
    weight: dict[int, float] = {}
    where: dict[int, Unit] = {}
    for u in prep.units:
        for n in _counts(prep, u, things):
            if n <= 0:
                continue
            weight[n] = weight.get(n, 0.0) + (2.0 if u.speaker == "client" or not prep.roles_known else 1.0)
            where.setdefault(n, u)
    if not weight:
        return FieldValue(spec.key, None, 0)
    best = max(weight, key=lambda n: (weight[n], -where[n].index))
    return FieldValue(spec.key, float(best), 60, where[best].text, where[best].start_time)
