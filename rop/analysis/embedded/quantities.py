"""A count of things and a time of day, as a table field's description asks for them.

«Сколько окон меняем (балкон и лоджию не считать)» -> how many of the counted thing the call names
(«три окна и балкон» -> 3, «Окон пять штук» -> 5, «Сколько окон?» — «Четыре.» -> 4); «Время замера:
ЧЧ:ММ или интервал» -> the agreed time of day («с двенадцати до четырнадцати» -> «12:00-14:00»,
«в десять утра» -> «10:00»).
"""

from __future__ import annotations

import re

from rop.analysis.embedded import outcome, steps
from rop.analysis.embedded.lang import is_known, lemma, lemmas, same_family, tags, tokenize
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

_COUNT_WORDS = frozenset({"сколько", "количество", "кол-во", "число", "колво"})


def counted_noun(spec: FieldSpec) -> str | None:
    """The thing a count field counts: the first noun after «Сколько / Количество / Кол-во»."""
    toks = tokenize(re.sub(r"\([^)]*\)", " ", spec.description))
    for i, t in enumerate(toks):
        if t.lemma.replace(".", "") not in _COUNT_WORDS and t.low not in {"кол", "кол-во"}:
            continue
        for nxt in toks[i + 1 : i + 4]:
            tg = tags(nxt.text)
            if tg and tg[0][1].startswith("NOUN") and nxt.lemma not in {"клиент", "штука", "во"}:
                return nxt.lemma
    return None


def _number(tok: str) -> int | None:
    return int(tok) if tok.isdigit() and 0 < int(tok) < 1000 else None


def _counts_in(u: Unit, noun: str) -> list[int]:
    """ "3 окна", "4 деревянных окна", "Окон 5 штук", "замер 3 окон"."""
    toks = u.tokens
    out: list[int] = []
    for i, t in enumerate(toks):
        if t.lemma != noun and not (len(noun) > 4 and same_family(t.lemma, noun)) and not _misheard(t.low, noun):
            continue
        before: int | None = None
        for k in (i - 1, i - 2):  # the number before the noun, over one adjective
            if k >= 0 and _number(toks[k].low) is not None:
                if k == i - 2 and not tags(toks[i - 1].text)[0][1].startswith(("ADJF", "PRTF")):
                    break  # "B2B человек 5": the 2 of another word
                before = _number(toks[k].low)
                break
        if before is not None:
            out.append(before)
        elif i + 1 < len(toks) and _number(toks[i + 1].low) is not None:
            out.append(_number(toks[i + 1].low) or 0)  # "Окон 5 штук"
    return out


def _misheard(low: str, noun: str) -> bool:
    """ "12 саток" (ASR for «соток»): an unknown word that is the noun with an unstressed о / а swapped."""
    if len(low) < 4 or is_known(low):
        return False
    return any(lemma(v) == noun for v in (low.replace("а", "о"), low.replace("о", "а")) if v != low)


def _bracket_units(spec: FieldSpec) -> list[str]:
    """The unit a count is said in, given in brackets: «Количество открытых позиций (человек)»."""
    out: list[str] = []
    for inner in re.findall(r"\(([^)]*)\)", spec.description):
        toks = tokenize(inner)
        if len(toks) <= 2:
            out += [t.lemma for t in toks if (tg := tags(t.text)) and tg[0][1].startswith("NOUN")]
    return out


_UPPER_RX = r"\s*(?:-|–|—|,?\s*(?:может|а то и|или)\s*,?)\s*(\d{1,3})\b"


def _upper(spec: FieldSpec, u: Unit, n: int) -> int:
    """ "человек пять, может, шесть" -> 6 where the description takes the upper value."""
    if "верхн" not in spec.description.lower():
        return n
    m = re.search(rf"\b{n}{_UPPER_RX}", u.norm)
    return max(n, int(m.group(1))) if m and int(m.group(1)) <= 2 * n else n


def count(spec: FieldSpec, prep: Prepared) -> FieldValue:
    noun = counted_noun(spec)
    if noun is None:
        return FieldValue(spec.key, None, 0)
    asked = {u.turn for u in prep.units_of("manager") if u.question and "сколько" in u.lemma_set}
    weight: dict[int, float] = {}
    where: dict[int, Unit] = {}
    units_said = _bracket_units(spec)
    for u in prep.units:
        found = [_upper(spec, u, n) for x in (noun, *units_said) for n in _counts_in(u, x)]
        if not found and u.speaker == "client" and (u.turn - 1) in asked and _asked_about(prep, u, noun):
            first = next((_number(t.low) for t in u.tokens[:3] if _number(t.low) is not None), None)
            found = [first] if first is not None else []  # "Сколько окон?" — "Четыре."
        for n in found:
            weight[n] = weight.get(n, 0.0) + (2.0 if u.speaker == "client" or not prep.roles_known else 1.0)
            where[n] = u
    if not weight:
        return FieldValue(spec.key, None, 0)
    best = max(weight, key=lambda n: (weight[n], where[n].index))
    value: float | str = float(best) if spec.type == "number" else str(best)
    return FieldValue(spec.key, value, 65, where[best].text, where[best].start_time)


def _asked_about(prep: Prepared, u: Unit, noun: str) -> bool:
    return any(noun in x.lemma_set for x in prep.prev_turn_units(u))


# --- time of day -------------------------------------------------------------------------------------

_RANGE_RX = re.compile(
    r"\bс (\d{1,2})(?:[: ](\d{2}))? (?:до|по) (\d{1,2})(?:[: ](\d{2}))?\b(?!\s*(?:числ|декабр|январ))"
)
_AFTER_RX = re.compile(r"\bпосле (\d{1,2})\b(?!\s*(?:числ|минут|:))")
_NOON = re.compile(r"\bв полдень\b")
_HOURS_RX = re.compile(r"\b(\d{1,2})(?:[: ](\d{2}))? (?:часов|часа|час|утра|вечера|дня)\b")
_COUNTED_RX = re.compile(r"\b(?:на|в) \d{1,2} ([а-яё]{3,})")


def _without_counts(norm: str) -> str:
    """ "КП на 2 окна" is no time "на 2": a number before a noun counts things."""

    def drop(m: re.Match[str]) -> str:
        tg = tags(m.group(1))
        noun = bool(tg) and tg[0][1].startswith("NOUN") and m.group(1) not in {"утра", "вечера", "дня", "ночи"}
        return " " * len(m.group(0)) if noun else m.group(0)

    return _COUNTED_RX.sub(drop, norm)


def is_time_field(spec: FieldSpec) -> bool:
    """ "Время приёма (ЧЧ:ММ)", "Время замера": a time of day without its date."""
    words = set(lemmas(spec.key.replace("_", " ") + " " + spec.description))
    return spec.type != "date" and "время" in words and "дата" not in words and "срок" not in words


def _hour(h: int, m: int, after: str) -> str:
    if h < 12 and re.match(r"\s*(?:вечера|дня)\b", after):
        h += 12
    elif 1 <= h <= 7 and not re.match(r"\s*(?:утра|ночи)\b", after):
        h += 12  # "с двух до четырёх": an appointment in the afternoon
    return f"{h:02d}:{m:02d}"


def time_in(norm: str) -> str | None:
    """ "с 12 до 14" -> "12:00-14:00", "в 10 утра" -> "10:00", "в полдень" -> "12:00"."""
    norm = _without_counts(norm)
    m = _RANGE_RX.search(norm)
    if m and int(m.group(1)) < 24 and int(m.group(3)) < 24:
        after = norm[m.end() : m.end() + 8]
        a = _hour(int(m.group(1)), int(m.group(2) or 0), after)
        b = _hour(int(m.group(3)), int(m.group(4) or 0), after)
        if a < b:
            return f"{a}-{b}"
    if _NOON.search(norm):
        return "12:00"
    said = outcome.time_of(norm)
    if said:
        return said
    m = _HOURS_RX.search(norm)  # "одиннадцать часов", "десять утра"
    if m and int(m.group(1)) < 24:
        return _hour(int(m.group(1)), int(m.group(2) or 0), norm[m.end(1) : m.end(1) + 8])
    m = _AFTER_RX.search(norm)
    return _hour(int(m.group(1)), 0, norm[m.end() : m.end() + 8]) if m and int(m.group(1)) < 24 else None


def time_of_day(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The time agreed last: the sentence that fixes the day, its turn, the turns around it; else the
    last time said in the second half of the call."""
    unit = steps.agreed_day_unit(prep)
    if unit is not None:
        for group in steps.step_units(prep, unit):
            for u in group:
                said = time_in(u.norm)
                if said:
                    return FieldValue(spec.key, said, 65, u.text, u.start_time)
    for u in reversed(prep.units[len(prep.units) // 2 :]):
        said = time_in(u.norm)
        if said and outcome.date_of(u.norm) is not None:
            return FieldValue(spec.key, said, 55, u.text, u.start_time)
    return FieldValue(spec.key, None, 0)
