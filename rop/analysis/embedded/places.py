"""Locations as a table field's description means them: an address, a route, a named complex.

`facets` reads the description («Адрес объекта или район (улица, дом, посёлок)», «Маршрут: откуда –
куда», «ЖК или район»); `address` finds a street and house said in the call («Улица Ленина,
четырнадцать, квартира пятьдесят два» -> «ул. Ленина, 14, кв. 52»), `route` where something goes
from and to («из Ижевска на Казань и на Москву», «Склад в Подольске, а магазины — по Москве»),
`named_complexes` the quoted names of places the client asks about («в «Крона Парке»»).
"""

from __future__ import annotations

import re
from typing import Any

from rop.analysis.embedded.gazetteer import snap_country
from rop.analysis.embedded.lang import is_geo, is_known, is_name, lemmas, morph
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.embedded.transcript import Prepared, Unit

_ROUTE_WORDS = frozenset({"маршрут", "откуда", "куда", "направление"})
_ADDRESS_WORDS = frozenset({"адрес", "улица", "дом", "квартира"})
_COMPLEX_WORDS = frozenset({"жк", "комплекс", "новостройка", "проект"})


# "населённый пункт" lemmatises to «населить»
_AREA_WORDS = frozenset({"район", "микрорайон", "город", "поселок", "локация", "метро", "населенный", "населить"})
_AREA_WORDS |= {"округ", "area"}


# a clause saying what is not wanted: "(улицу и номер дома можно не писать)", "Полный адрес … не нужен"
_NEGATED_RX = re.compile(r"\([^()]*\bне\b[^()]*\)|[^.;()]*\bне (?:нуж|писать|надо|требу)[^.;()]*")
# a finer kind of place is asked only where the head says so; area and complex may come from anywhere
_FINE = frozenset({"address", "route", "destination"})
_OBJECT_WORDS = frozenset({"дом", "квартира"})  # "Где хочет квартиру": the object, not its address


def _head(description: str) -> str:
    """The description up to its first comma, colon, semicolon, full stop or dash outside brackets:
    "Населённый пункт или посёлок" of "Населённый пункт или посёлок, где стоит дом"."""
    depth = 0
    for i, ch in enumerate(description):
        depth += (ch == "(") - (ch == ")")
        if depth <= 0 and (ch in ":.;," or description.startswith((" — ", " – ", " - "), i)):
            return description[:i]
    return description


def facets(description: str, key: str = "") -> set[str]:
    """What kind of location the field asks for: route, address, complex (ЖК), area (district, city).
    What the description says is not wanted never counts; when its head names a kind of place, an
    address, a route or a destination is asked only if the head says so (a clause "где стоит дом",
    "куда едет на показ" qualifies the place, it asks no address, no trip)."""
    affirmed = _NEGATED_RX.sub(" ", description)
    out = _facets_of(key, affirmed)
    head = _facets_of(key, _head(affirmed), skip=_OBJECT_WORDS)
    return out - (_FINE - head) if head else out


def _facets_of(key: str, description: str, skip: frozenset[str] = frozenset()) -> set[str]:
    words = set(lemmas(key.replace("_", " ") + " " + description)) - skip
    out: set[str] = set()
    if words & _ROUTE_WORDS and ("маршрут" in words or {"откуда", "куда"} <= words):
        out.add("route")
    if words & _ADDRESS_WORDS:
        out.add("address")
    if words & _COMPLEX_WORDS:
        out.add("complex")
    if words & _AREA_WORDS:
        out.add("area")
    if "route" not in out and (words & _DESTINATION_WORDS or ("куда" in words and words & _TRIP_WORDS)):
        out.add("destination")  # «Куда хочет поехать», «Страна / курорт»: where the client wants to travel
    return out


_DESTINATION_WORDS = frozenset({"страна", "курорт", "destination"})
_TRIP_WORDS = frozenset(
    {"поехать", "ехать", "лететь", "полететь", "отдыхать", "отдых", "поездка", "путешествие", "тур"}
)


# --- address -------------------------------------------------------------------------------------

_STREETS = {
    "улица": "ул.",
    "ул": "ул.",
    "проспект": "просп.",
    "переулок": "пер.",
    "шоссе": "ш.",
    "бульвар": "б-р",
    "набережная": "наб.",
    "площадь": "пл.",
    "проезд": "пр.",
}
_LOCALITIES = {"поселок": "пос.", "пос": "пос.", "деревня": "дер.", "село": "с.", "снт": "СНТ", "город": "г."}
_WORD = r"[А-ЯЁа-яёA-Za-z][А-ЯЁа-яёA-Za-z-]*"
_HOUSE_RX = re.compile(
    r"^,?\s*(?:(?:дом|д\.)\s*)?(\d{1,4}(?:\s?[а-дА-Д]\b)?(?:/\d{1,3})?)"
    r"(?:,?\s*(?:корпус|корп\.|к\.)\s*(\d{1,2}))?"
    r"(?:,?\s*(?:квартира|кв\.?|квартиру)\s*(\d{1,4}))?"
)
_NOT_STREET = frozenset(
    {"понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "утро", "вечер", "час"}
)
_OWN_PLACE = frozenset({"офис", "салон", "шоурум", "склад", "приезжать", "подъехать", "наш"})
_OFFICE = frozenset({"офис", "шоурум", "оп"})


def own_office(u: Unit) -> bool:
    """The manager names the company's own premises («в офисе продаж на Советской», «ОП на Ленина»)."""
    return u.speaker == "manager" and bool(u.lemma_set & _OFFICE)


def _lemma(word: str) -> str:
    return str(morph().parse(word.lower())[0].normal_form).replace("ё", "е")


def _nomn_word(word: str, gender: str | None = None) -> str:
    """A place's own word in the nominative as said: «Заводскую» -> «Заводская», «Берёзовку» ->
    «Берёзовка»; a name in the genitive stays («Ленина», «Мира»)."""
    parses = morph().parse(word.lower())
    p = parses[0]
    if "ADJF" in p.tag:
        want = {"nomn", "sing", gender or "femn"}
        infl = p.inflect(want) or p.inflect({"nomn"})
        out = str(infl.word) if infl else word
    elif "NOUN" in p.tag and p.tag.case not in {"gent", "nomn"}:
        geo = [x for x in parses if "Geox" in x.tag] or [p]
        infl = geo[0].inflect({"nomn"})
        out = str(infl.word) if infl else word
    else:
        out = word
    out = out if "ё" in word.lower() else out.replace("ё", "е")  # as said: "Озерная" stays without ё
    return out[:1].upper() + out[1:] if word[:1].isupper() or not word[:1].isalpha() else out


def _street_at(text: str, start: int) -> tuple[str, str, int] | None:
    """(street noun abbreviation, street name, end) for a street noun at ``start`` ("улица Полевая")."""
    m = re.compile(rf"({_WORD})\.?\s+({_WORD}(?:\s+{_WORD})?)").match(text, start)
    if not m or _lemma(m.group(1)) not in _STREETS:
        return None
    name = m.group(2).split()
    if len(name) == 2 and not name[1][:1].isupper():
        name = name[:1]  # "улица Полевая шесть" (ASR): the name is one word
    gender = "femn" if _lemma(m.group(1)) in {"улица", "набережная", "площадь"} else "masc"
    words = " ".join(_nomn_word(w, gender) for w in name)
    end = m.start(2) + len(" ".join(name))
    return _STREETS[_lemma(m.group(1))], words, end


def _addresses_in(u: Unit) -> list[tuple[str, float, int]]:
    """Addresses said in one sentence: (value, strength, end)."""
    text = normalize_numbers(u.text)
    out: list[tuple[str, float, int]] = []
    for m in re.finditer(rf"(?<![\w-])({_WORD})", text):
        word = m.group(1)
        street = _street_at(text, m.start())
        if street is not None:
            abbr, name, end = street
            house = _HOUSE_RX.match(text[end:])
            if not house and not name[:1].isupper():
                continue  # "для проспекта как …": a street needs its own name or a house number
            value, strength = f"{abbr} {name}", 2.0
        else:
            end = m.end()
            house = _HOUSE_RX.match(text[end:])
            if not house or not _bare_street(text, m.start(), word, "адрес" in u.lemma_set):
                continue
            value, strength = _nomn_word(word[:1].upper() + word[1:]), 1.0
        if house:
            value += f", {house.group(1)}" + (f", корп. {house.group(2)}" if house.group(2) else "")
            value += f", кв. {house.group(3)}" if house.group(3) else ""
            strength += 1.0 + (0.5 if house.group(3) else 0.0)
        out.append((_with_locality(text, m.start(), value), strength, end))
    return _longest_per_end(out)


def _bare_street(text: str, start: int, word: str, address_said: bool) -> bool:
    """A street named without "улица" before its house number: "Ленина, 14", "садовая 3 квартира 17"
    (ASR), "Заводская 26" opening a line; not a weekday, a person's name or a function word."""
    if _lemma(word) in _NOT_STREET or is_name(word) or len(word) < 4:
        return False
    head = morph().parse(word.lower())[0]
    if {"NPRO", "CONJ", "PRCL", "PREP", "ADVB", "NUMR", "INTJ", "VERB", "INFN"} & {str(head.tag.POS)}:
        return False
    after = text[start + len(word) :]
    if re.match(r"\s*,?\s*\d{1,4}\s*,?\s*(?:квартира|кв\b)", after) or address_said:
        return True  # "садовая 3 квартира 17", "адрес Гагарина сорок …"
    if not word[:1].isupper():
        return False
    if start == 0:  # a line ASR began with the street: "Заводская 26, 4 окна"
        return bool(re.fullmatch(r"[А-ЯЁ][а-яё]+(?:ая|яя)", word)) and bool(re.match(r"\s+\d", after))
    return after.startswith(",")


def _with_locality(text: str, start: int, value: str) -> str:
    """ "Посёлок Берёзовка, улица Полевая, 6" -> "пос. Берёзовка, ул. Полевая, 6"."""
    before = text[max(0, start - 40) : start]
    m = re.search(rf"({_WORD})\s+({_WORD}),?\s*$", before)
    if m and _lemma(m.group(1)) in _LOCALITIES:
        return f"{_LOCALITIES[_lemma(m.group(1))]} {_nomn_word(m.group(2))}, {value}"
    return value


def _longest_per_end(found: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    best: dict[int, tuple[str, float, int]] = {}
    for item in found:
        if item[2] not in best or item[1] > best[item[2]][1]:
            best[item[2]] = item
    return list(best.values())


def address(prep: Prepared) -> tuple[str, Unit] | None:
    """The address of the client's object: said by the client (above all in answer to «Какой
    адрес?») or read back by the manager; not the manager's own office («офис продаж на …»)."""
    asked = {u.turn for u in prep.units_of("manager") if u.lemma_set & {"адрес", "куда"}}
    best: tuple[float, str, Unit] | None = None
    for u in prep.units:
        if u.speaker == "manager" and u.lemma_set & _OWN_PLACE:
            continue
        for value, strength, _end in _addresses_in(u):
            score = strength + (2.0 if u.speaker == "client" else 0.0) + (2.0 if (u.turn - 1) in asked else 0.0)
            if best is None or score > best[0]:
                best = (score, value, u)
    if best is None or best[0] < 2.0:
        return None
    return best[1], best[2]


# --- route -----------------------------------------------------------------------------------------

_FROM = frozenset({"из", "с", "со", "от"})
_TO = frozenset({"в", "во", "на", "до", "по"})
_REGIONS = frozenset({"область", "подмосковье", "регион", "край", "республика"})
_ROUTE_CUES = frozenset(
    {
        "откуда",
        "куда",
        "маршрут",
        "везти",
        "возить",
        "вывозить",
        "развозить",
        "доставка",
        "доставить",
        "груз",
        "грузиться",
        "забирать",
        "забрать",
        "отгрузка",
        "переезжать",
        "переезд",
        "фура",
        "рейс",
        "перевозка",
        "машина",
        "склад",
        "точка",
    }
)


def _place(word: str, first: bool) -> bool:
    """A town, a district, a region: a geographic word, or a capitalised word the dictionary does not
    know as a common word (not the sentence's first word, not a person's name)."""
    if len(word) < 3 or not word[:1].isalpha():
        return False
    if _lemma(word) in _REGIONS:
        return True
    if is_name(word) and not is_geo(word):
        return False
    if is_geo(word):
        return True
    return word[:1].isupper() and not first and not is_known(word)


def _place_nomn(word: str) -> str:
    """ "Подольске" -> "Подольск", "Люберец" -> "Люберцы", "Текстильщиков" -> "Текстильщики"."""
    parses = morph().parse(word.lower())
    geo = [p for p in parses if "Geox" in p.tag] or [p for p in parses if "NOUN" in p.tag] or parses[:1]
    p = geo[0]
    infl = p.inflect({"nomn"}) if "NOUN" in p.tag else None
    out = str(infl.word) if infl else word.lower()
    if _lemma(word) in _REGIONS:
        return out
    return "-".join(x[:1].upper() + x[1:] for x in out.split("-"))


def _places_in(u: Unit) -> list[tuple[str, str]]:
    """(role, place) in order: role "from" after из/с/от, "to" after в/на/до/по, "" otherwise."""
    out: list[tuple[str, str]] = []
    toks = u.tokens
    for i, t in enumerate(toks):
        if not _place(t.text, i == 0) or t.lemma in _NOT_STREET:
            continue
        prev = toks[i - 1].low if i else ""
        role = "from" if prev in _FROM else "to" if prev in _TO else ""
        place = _place_nomn(t.text)
        if not any(p == place for _, p in out):
            out.append((role, place))
    return out


def route(prep: Prepared) -> tuple[str, Unit] | None:
    """ "Ижевск – Казань, Москва": where the goods go from and to, as the call says it."""
    asked = {u.turn for u in prep.units_of("manager") if u.lemma_set & {"откуда", "куда", "маршрут", "где"}}
    best: tuple[float, list[str], list[str], Unit] | None = None
    for u in prep.units:
        places = _places_in(u)
        both = {r for r, _ in places} >= {"from", "to"}  # "из Ижевска на Казань": a route by itself
        if not places or not (both or u.lemma_set & _ROUTE_CUES or (u.turn - 1) in asked or _dash_pair(u)):
            continue
        origin = [p for r, p in places if r == "from"][:1]
        dest = [p for r, p in places if r == "to" and p not in origin]
        if not origin and len(places) >= 2 and (_dash_pair(u) or (u.turn - 1) in asked):
            origin, dest = [places[0][1]], [p for _, p in places[1:]]  # "Склад в Подольске, а магазины — по Москве"
        score = len(origin) * 2 + min(len(dest), 1) * 2 + (1 if u.speaker == "client" else 0)
        score += 1 if (u.turn - 1) in asked else 0
        if best is None or score > best[0]:
            best = (score, origin, dest, u)
    if best is None or best[0] < 3:
        return None
    _, origin, dest, u = best
    origin = origin or _said_elsewhere(prep, "from", dest)
    dest = dest or _said_elsewhere(prep, "to", origin)
    if not origin or not dest:
        return None
    return f"{origin[0]} – {', '.join(dest)}", u


def _said_elsewhere(prep: Prepared, role: str, other: list[str]) -> list[str]:
    """The other end said in another sentence about the goods ("Сколько стоит машина до Казани?" —
    "Откуда грузимся?" — "Из Самары.")."""
    for u in prep.units:
        if role == "to" and not u.lemma_set & _ROUTE_CUES:
            continue
        for r, place in _places_in(u):
            if r == role and place not in other:
                return [place]
    return []


def _dash_pair(u: Unit) -> bool:
    """Two places joined by a dash: "Тула — Воронеж", "Текстильщики — Люберцы"."""
    return bool(re.search(r"[А-ЯЁ][а-яё-]+\s*[—–-]\s*[А-ЯЁ][а-яё-]+", u.text)) and len(_places_in(u)) >= 2


# --- named complexes ----------------------------------------------------------------------------

_QUOTED_RX = re.compile(r"«([^»]{2,40})»")
_COMPANY_MARK = re.compile(r"(?:ооо|ип|ао|компани\w*|фирм\w*|агентств\w*|гк|группа компаний)\s*$", re.IGNORECASE)


def named_complexes(prep: Prepared) -> list[tuple[str, float, Unit]]:
    """Quoted names of places («в «Крона Парке»», «смотрите «Солнечную долину»») other than the
    manager's own company and other companies: (name in the nominative, strength, unit)."""
    own = {
        m.group(1).lower()
        for u in prep.units_of("manager")
        if u.turn_of_speaker == 0
        for m in _QUOTED_RX.finditer(u.text)
        if not re.search(r"\b(?:в|во|на|по)\s*$", u.text[: m.start()])  # "заявку по «Солнечной долине»"
    }
    out: list[tuple[str, float, Unit]] = []
    for u in prep.units:
        for m in _QUOTED_RX.finditer(u.text):
            name = m.group(1)
            if not name[:1].isupper() or name.lower() in own or _COMPANY_MARK.search(u.text[: m.start()].rstrip()):
                continue
            if any(name.lower().startswith(o) or o.startswith(name.lower()[:-2]) for o in own if len(o) > 3):
                if name.lower().split()[0] in own:
                    pass  # «Крона Парк» of the company «Крона»: a complex of its own
                elif len(name.split()) == 1:
                    continue  # the company's name in another case («Кроны»)
            before = u.text[max(0, m.start() - 6) : m.start()].lower()
            strength = 3.0 if u.speaker == "client" else 2.5
            if not re.search(r"\b(?:в|во|на|по|жк)\s*$", before):
                if not _named_alone(name, before):
                    continue  # "у «Самолёта» смотрю", "автосервис «Колесо»": not a place one is in
                strength -= 1  # "Квартира 112, «Волжские просторы»", "Под ваш бюджет — «Липовый парк»"
            # the manager's single mention is an offer; the client's (or a repeated one) is the interest
            out.append((_complex_nomn(name), strength, u))
    return out


def _named_alone(name: str, before: str) -> bool:
    """A name of two or more words set off by a dash, a colon or a comma (or opening the sentence):
    a complex named on its own, not a one-word company («Самолёт»)."""
    return len(name.split()) >= 2 and (before.strip() == "" or before.rstrip()[-1:] in "—–:,.")


def _complex_nomn(name: str) -> str:
    """ "Солнечной долине" -> "Солнечная долина", "Крона Парке" -> "Крона Парк", "Береговом" -> "Береговой"."""
    words = name.split()
    last = [p for p in morph().parse(words[-1].lower()) if "NOUN" in p.tag and p.tag.number == "sing"]
    head = min(last, key=lambda x: ("anim" in x.tag, len(x.normal_form))) if last else None
    gender = str(head.tag.gender) if head is not None and head.tag.gender and len(words) > 1 else "masc"
    out = []
    for n, w in enumerate(words):
        ps = morph().parse(w.lower())
        adj = next((x for x in ps if "ADJF" in x.tag), None)
        # "Парке" is «парк» (not «парка», «парок»): a singular form in another case, the plainest lemma
        nouns = [x for x in ps if "NOUN" in x.tag and x.tag.number == "sing" and x.tag.case != "nomn"]
        noun = min(nouns, key=lambda x: ("anim" in x.tag, len(x.normal_form))) if nouns else None
        infl = None
        if adj is not None and (n < len(words) - 1 or len(words) == 1):
            infl = adj.inflect({"nomn", "sing", gender})
        elif noun is not None and n == len(words) - 1 and not any(x.tag.case == "nomn" for x in ps[:1]):
            infl = noun.inflect({"nomn", "sing"})
        word = str(infl.word) if infl else w
        out.append(word[:1].upper() + word[1:] if w[:1].isupper() else word)
    return " ".join(out)


# a complex named by an adjective and a common noun: not "в новом доме", "на первом этаже"
_GENERIC_NOUNS = frozenset(
    {
        "дом",
        "квартира",
        "этаж",
        "месяц",
        "год",
        "неделя",
        "день",
        "очередь",
        "корпус",
        "офис",
        "район",
        "время",
        "случай",
        "вариант",
        "подъезд",
        "доме",
        "секция",
        "часть",
        "сторона",
        "банк",
        "рассрочка",
        "ипотека",
    }
)


def _adjective_place(u: Unit, i: int) -> str:
    """ "в береговом" / "в солнечной долине" (ASR: no quotes, lower case): an adjective after в/на/по,
    alone or with its noun, that names a place; "" otherwise."""
    toks = u.tokens
    j = i - 2 if i >= 2 and toks[i - 1].lemma in {"этот", "тот", "ваш"} else i - 1  # "в этом береговом"
    if j < 0 or toks[j].low not in {"в", "во", "на", "по"}:
        return ""
    first = morph().parse(toks[i].low)
    if not any("ADJF" in p.tag or "Geox" in p.tag for p in first[:1]):
        return ""
    adjs = [p for p in first if "ADJF" in p.tag and p.tag.case != "nomn"]
    if not adjs or any({"Apro", "Anum"} & set(str(p.tag).replace(" ", ",").split(",")) for p in adjs):
        return ""
    nxt = [p for p in morph().parse(toks[i + 1].low) if "NOUN" in p.tag] if i + 1 < len(toks) else []
    agree = [n for n in nxt for a in adjs if _case(n) == _case(a) and n.tag.number == a.tag.number]
    if agree:  # "в солнечной долине"; not "в новом доме", "в соседнем посёлке"
        plain = str(adjs[0].normal_form).replace("ё", "е") in PLAIN_ADJECTIVES
        if agree[0].normal_form in _GENERIC_NOUNS or plain:
            return ""
        return _complex_nomn(f"{toks[i].low} {toks[i + 1].low}")
    return _complex_nomn(toks[i].low)


# nouns residential complexes are named with ("Липовый парк", "Северная звезда"): an agreeing adjective
# before one is a complex's name even said once, in any case, without quotes (ASR)
_NAME_NOUNS = frozenset(
    {"парк", "сад", "звезда", "гавань", "простор", "берег", "долина", "роща", "квартал", "бор", "остров"}
    | {"сияние", "речка", "река", "заря", "даль", "поляна", "ручей", "слобода", "горка", "высота"}
    | {"ключ", "пруд", "холм", "сквер", "лес", "поле", "луг", "гора", "мыс", "залив", "бухта", "сопка"}
)
PLAIN_ADJECTIVES = frozenset(
    {"детский", "свой", "большой", "маленький", "новый", "старый", "хороший", "городской", "ближний"}
    | {"ближайший", "небольшой", "собственный", "зеленый", "красивый", "огромный", "целый", "весь", "наш"}
    | {"соседний", "дальний", "другой", "любой", "тот", "этот", "обычный", "нормальный"}
)


def _norm_form(p: Any) -> str:
    return str(p.normal_form).replace("ё", "е")


def _case(p: Any) -> str:
    """The case, the second locative / genitive as the first ("в бору" agrees with "в сосновом")."""
    return {"loc2": "loct", "gen2": "gent", "acc2": "accs"}.get(str(p.tag.case), str(p.tag.case))


def _named_pair(u: Unit, i: int) -> str:
    """ "на северную звезду", "Липовый парк": an adjective agreeing with a naming noun; "" otherwise."""
    toks = u.tokens
    if i + 1 >= len(toks) or not toks[i].low.isalpha():
        return ""
    # any reading of the noun ("парку" reads first as «парка»), its second cases as the first ("в бору")
    nouns = [p for p in morph().parse(toks[i + 1].low) if "NOUN" in p.tag and _norm_form(p) in _NAME_NOUNS]
    if not nouns:
        return ""
    adjs = [p for p in morph().parse(toks[i].low) if "ADJF" in p.tag and not {"Apro", "Anum"} & set(p.tag.grammemes)]
    if not adjs or str(adjs[0].normal_form).replace("ё", "е") in PLAIN_ADJECTIVES:
        return ""
    if not any(_case(n) == _case(a) and n.tag.number == a.tag.number for n in nouns for a in adjs):
        return ""
    return _complex_nomn(f"{toks[i].low} {toks[i + 1].low}")


def unquoted_complexes(prep: Prepared) -> list[tuple[str, float, Unit]]:
    """In a transcript without quotes (ASR), the adjective-named places the call comes back to: said
    in two sentences or more, not the manager's own office («офис продаж на береговой»)."""
    if any("«" in u.text for u in prep.units):
        return []
    once: set[str] = set()  # adjectives of a naming pair: a complex also when said once
    found: dict[str, list[tuple[str, Unit]]] = {}  # by the adjective: "в береговом", "в береговой студии"
    for u in prep.units:
        if u.speaker == "manager" and u.lemma_set & _OWN_PLACE:
            continue
        for i in range(len(u.tokens)):
            pair = _named_pair(u, i)
            if pair:
                once.add(_lemma(pair.split()[0]))
            name = _adjective_place(u, i) or pair
            if name:
                found.setdefault(_lemma(name.split()[0]), []).append((name, u))
    out: list[tuple[str, float, Unit]] = []
    for key, said in found.items():
        if len({u.index for _, u in said}) < 2 and key not in once:
            continue
        forms = [n for n, _ in said]
        name = min(set(forms), key=lambda n: (-forms.count(n), len(n), n))  # said most, else the shortest
        strong = 0.5 if key in once else 0.0
        out += [(name[:1].upper() + name[1:], strong + (2.5 if u.speaker == "client" else 2.0), u) for _, u in said]
    return out


# --- destination ---------------------------------------------------------------------------------

_WHERE_TO = frozenset({"куда", "страна", "направление", "курорт"})


def _country_lemma(lemma: str) -> str | None:
    found = snap_country(lemma)
    return found if found and found.lower().replace("ё", "е") == lemma else None


def _destinations_in(u: Unit) -> list[tuple[str, float]]:
    """(place, weight): a country, however the ASR spelt it ("пурцию"), or a dictionary place name
    weigh more than a capitalised unknown word (a hotel, a garbled word)."""
    out: list[tuple[str, float]] = []
    for i, t in enumerate(u.tokens):
        # a dictionary word names a country only by its own lemma ("поляна" is not "Япония")
        country = snap_country(t.text) if not is_known(t.text) else _country_lemma(t.lemma)
        if country and not (i and u.tokens[i - 1].low in _FROM):
            out.append((country, 2.0))
    for role, place in _places_in(u):
        if role == "from" or (is_name(place) and not is_geo(place)) or any(p == place for p, _ in out):
            continue
        if snap_country(place):
            continue
        out.append((place, 1.0 if is_geo(place) and is_known(place) else -1.0))
    return out


def destination(prep: Prepared) -> tuple[str, Unit] | None:
    """ "Я хочу Турцию на майские", "Думаем про Мальдивы": the country, town or resort the client
    wants to travel to; not where they come from ("мы из Самары"), the client's words over the
    manager's suggestions, the answer to "куда хотите?" over a passing mention."""
    asked = {u.turn for u in prep.units_of("manager") if u.lemma_set & _WHERE_TO}
    scores: dict[str, tuple[float, Unit]] = {}
    for u in prep.units:
        client = u.speaker == "client" or not prep.roles_known
        for place, weight in _destinations_in(u):
            s = (3.0 if client else 1.0) + weight
            if client and (u.turn - 1) in asked:
                s += 2
            prev = scores.get(place)
            scores[place] = (s + prev[0] * 0.5, prev[1]) if prev else (s, u)
    if not scores:
        return None
    place, (score, u) = max(scores.items(), key=lambda kv: kv[1][0])
    return (place, u) if score >= 4 else None


# --- highways by their short names -----------------------------------------------------------------


def highway_nicknames(u: Unit) -> list[tuple[str, float]]:
    """ "по Дмитровке", "смотрю Новорижку" -> "Дмитровка", "Новорижка": a highway (direction) by the
    short name people call it: a capitalised word in -вка/-жка/-нка/-ска (not a sentence's first word)."""
    out: list[tuple[str, float]] = []
    toks = u.tokens
    for i, t in enumerate(toks):
        if len(t.text) < 6 or not t.text[:1].isupper() or is_name(t.text):
            continue
        nomn = _place_nomn(t.text)
        if not re.search(r"[вжнс]ка$", nomn) or (i == 0 and not is_geo(t.text)):
            continue
        out.append((nomn, 2.5))
    return out


# --- places the field's description names -------------------------------------------------------

# «Площадка (Набережная или Лесная)»: capitalised words inside a sentence, or a «quoted» name
_NAMED_RX = re.compile(r"«([А-ЯЁ][^»]{1,40})»|(?<![.!?:—–-]\s)(?<!^)\b([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")
_ENDING_RX = re.compile(r"(?:ая|ой|ую|ое|ый|ий|ей|ом|ем|ым|им|ых|их|ах|ям|ами|[аяоеуюыиь])$")
DESCRIBED_MATCH = 0.8  # "обережной" ~ "Набережная" 0.93 (stems), "бережный" ~ 0.86 is a real word: glued only
_GLUED_PREPOSITIONS = frozenset({"на", "в", "во", "с", "со", "к", "по", "у", "о", "об", "за", "до"})
_NOT_NAMES = frozenset({"если", "или", "либо", "можно", "клиент", "менеджер"})


def described_places(description: str) -> tuple[str, ...]:
    """The place names a location field's description lists: «Площадка (Набережная или Лесная)»."""
    out: list[str] = []
    for m in _NAMED_RX.finditer(description):
        name = (m.group(1) or m.group(2)).strip()
        if name.lower() not in _NOT_NAMES and name not in out:
            out.append(name)
    return tuple(out)


def _name_stem(text: str) -> str:
    low = re.sub(r"[^а-яё]", "", text.lower().replace("ё", "е"))
    return _ENDING_RX.sub("", low) if len(low) > 4 else low


def _heard_as(name: str, toks: list[str], i: int) -> bool:
    """Token ``i`` (with the preposition before it glued on: «на бережное», «за речной») is
    ``name`` as the ASR wrote it; a dictionary word must be glued to count or match exactly."""
    from difflib import SequenceMatcher

    target = _name_stem(name)
    word = toks[i]
    if len(target) < 4 or len(word) < 3 or not word.isalpha():
        return False
    if _name_stem(word) == target:
        return True
    tries = [(word, is_known(word))]
    if i > 0 and toks[i - 1] in _GLUED_PREPOSITIONS:
        tries.append((toks[i - 1] + word, False))
    return any(
        not known and SequenceMatcher(None, _name_stem(t), target).ratio() >= DESCRIBED_MATCH for t, known in tries
    )


def described_in(u: Unit, names: tuple[str, ...]) -> list[str]:
    """The description's place names this unit says, however the ASR spelled them."""
    toks = [t.low for t in u.tokens]
    return [n for n in names if " " not in n and any(_heard_as(n, toks, i) for i in range(len(toks)))]
