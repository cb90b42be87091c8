"""What the client asked for: a course, a service, a car model, an insured object, a tariff.

One extractor for every product-like field, driven by the field's own words: the phrase after a
request cue ("я по поводу X", "хочу записаться к X", "интересует X", "заявку на X", "сколько
стоит X"), the answer to a question that names the field's category ("какая у вас машина?" ->
"Киа Рио"), "машина — X", or a quoted name the client says («Веста»).
"""

from __future__ import annotations

import re

from rop.analysis.embedded.lang import Token, is_known, is_patronymic, is_surname, lemmas, morph, same_family, tags
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

# words that make a string field product-like ("Какой курс интересует", "Услуга или приём
# какого специалиста", "Объект страхования", "Какая модель автомобиля", "Тариф")
PRODUCT_WORDS = frozenset(
    {
        "курс",
        "услуга",
        "товар",
        "продукт",
        "модель",
        "марка",
        "автомобиль",
        "машина",
        "авто",
        "тариф",
        "программа",
        "направление",
        "обучение",
        "страхование",
        "полис",
        "предмет",
        "интересовать",
        "заказ",
        "позиция",
        "объект",
        "груз",
        "перевозка",
        "доставка",
    }
)
# what is carried: "Тип груза" is asked as "что возите?", named as "доставка кирпича"
_CARRY = frozenset({"груз", "возить", "везти", "перевозить", "перевозка", "доставка", "доставлять", "развозить"})
# lemmas of one category: "какая у вас машина?" asks for the field "модель автомобиля"
_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"авто", "автомобиль", "машина", "марка", "модель"}),
    frozenset({"курс", "занятие", "обучение", "предмет", "направление", "программа"}),
    frozenset({"услуга", "приём", "прием", "процедура", "исследование", "специалист", "врач"}),
    frozenset({"тариф", "пакет", "план", "подписка"}),
    frozenset({"объект", "имущество", "страхование", "полис"}),
    frozenset(_CARRY),
)
# the token after which the requested thing is named
_CUES = frozenset(
    {
        "по",
        "насчет",
        "про",
        "интересует",
        "интересуют",
        "интересен",
        "интересна",
        "интересно",
        "интересовались",
        "интересовался",
        "интересовалась",
        "нужен",
        "нужна",
        "нужно",
        "нужны",
        "надо",
        "хочу",
        "хотел",
        "хотела",
        "хотели",
        "хотим",
        "бы",
        "записаться",
        "записать",
        "записана",
        "записан",
        "записаны",
        "заявку",
        "заявка",
        "заявки",
        "стоит",
        "стоят",
        "сколько",
        "ищу",
        "ищем",
        "выбираю",
        "выбираем",
        "присматриваю",
        "присматриваем",
        "рассматриваю",
        "рассматриваем",
    }
)
_SKIP_AFTER_CUE = frozenset(
    {
        "к",
        "на",
        "в",
        "у",
        "вас",
        "вам",
        "мне",
        "нам",
        "меня",
        "нас",
        "бы",
        "поводу",
        "узнать",
        "записаться",
        "записать",
        "сына",
        "сыну",
        "дочь",
        "дочку",
        "дочке",
        "ребенка",
        "внучку",
        "внучке",
        "его",
        "ее",
        "ей",
        "ему",
        "себе",
        "стоит",
        "опять",
        "снова",
        "еще",
        "уже",
        "теперь",
        "сейчас",
        "вот",
        "ну",
        "тоже",
        "как",
        "раз",
        "расчет",
        "расчета",
        "оформление",
        "оформить",
        "купить",
        "заказать",
        "подобрать",
        "про",
        "по",
        "насчет",
        "завтра",
        "сегодня",
        "послезавтра",
        "оставляли",
        "оставили",
        "оставлял",
        "оставляла",
        "оставить",
        "передали",
    }
)
_STOP = frozenset(
    {
        "в",
        "на",
        "с",
        "у",
        "за",
        "из",
        "от",
        "и",
        "или",
        "а",
        "но",
        "что",
        "чтобы",
        "если",
        "когда",
        "как",
        "это",
        "мне",
        "нам",
        "вы",
        "вас",
        "есть",
        "да",
        "нет",
        "уже",
        "же",
        "ли",
        "бы",
        "вот",
        "ну",
        "надо",
        "нужно",
        "пожалуйста",
        "сколько",
        "стоит",
        "опять",
        "тоже",
        "сегодня",
        "завтра",
        "послезавтра",
    }
)
_RELATIVES = frozenset(
    {
        "сын",
        "дочь",
        "дочка",
        "ребенок",
        "ребёнок",
        "внук",
        "внучка",
        "себя",
        "муж",
        "жена",
        "мама",
        "мать",
        "папа",
        "брат",
        "сестра",
        "друг",
        "знакомый",
    }
)
_TIME_WORDS = frozenset(
    {
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
        "утро",
        "вечер",
        "день",
        "неделя",
        "час",
        "год",
    }
)
_QUOTED_RX = re.compile(r"«([^»]{2,40})»")
_COMPANY_MARK = re.compile(r"\b(?:ооо|ип|ао|зао|пао|оао|компани\w*|фирм\w*|агентств\w*|салон\w*|школ\w*|клиник\w*)\s*$")


_NOT_PRODUCT = frozenset(
    {"дата", "время", "когда", "цена", "стоимость", "сумма", "сколько", "платить", "бюджет", "руб", "фио", "фамилия"}
)


def is_product_field(spec: FieldSpec) -> bool:
    if spec.type not in {"string", "text"}:
        return False
    words = set(lemmas(spec.key.replace("_", " ") + " " + spec.description))
    return bool(words & PRODUCT_WORDS) and not words & _NOT_PRODUCT


def _heads(spec: FieldSpec) -> set[str]:
    """The field's own category words, outside the examples in brackets: "Объект страхования
    (авто, квартира, дом)" -> {"объект", "страхование"}."""
    return {w for w in lemmas(re.sub(r"\([^)]*\)", " ", spec.description)) if len(w) > 2}


def _category(spec: FieldSpec) -> set[str]:
    words = set(lemmas(spec.description)) | set(lemmas(spec.key.replace("_", " ")))
    out = {w for w in words if len(w) > 2}
    for group in _SYNONYMS:
        if out & group:
            out |= group
    return out


def _verbal(t: Token) -> bool:
    tg = tags(t.text)
    head = tg[0][1] if tg else ""
    return head.startswith(("VERB", "INFN", "PRED", "ADVB", "NPRO", "CONJ", "PRCL", "INTJ", "GRND", "NUMR")) or (
        "Apro" in head
    )


def _phrase_after(u: Unit, j: int, category: set[str], skip_names: set[str], gap_ok: bool = False) -> list[Token]:
    """The thing named from token j on: up to four words, until a clause break or a verb."""
    toks = u.tokens
    k = j
    while k < len(toks) and (toks[k].low in _SKIP_AFTER_CUE or re.fullmatch(r"\d+", toks[k].low)):
        k += 1
    out: list[Token] = []
    for i in range(k, min(len(toks), k + 6)):
        t = toks[i]
        if i > 0 and not (gap_ok and i == j) and re.search(r"[,.!?;:—–()]", u.text[toks[i - 1].end : t.start]):
            break
        if t.lemma in _TIME_WORDS and out and all(_adjective_only(x) for x in out):
            return []  # "в прошлом году": a time, not a thing
        if t.low in _STOP or t.lemma in _TIME_WORDS or (_verbal(t) and not t.text[:1].isupper()):
            break
        if t.low == "для" and i + 1 < len(toks) and toks[i + 1].lemma in _RELATIVES:
            break
        if t.lemma in skip_names or _is_person(t) or t.lemma in _RELATIVES:
            if out:
                break
            return []
        out.append(t)
        if len(out) >= 4:
            break
    while out and out[-1].low in {"по", "для", "с", "и"}:
        out.pop()
    return out


def _adjective_only(t: Token) -> bool:
    tg = tags(t.text)
    return bool(tg) and all(x[1].startswith(("ADJF", "PRTF")) for x in tg)


def _is_person(t: Token) -> bool:
    """A surname or a patronymic ("к Кравцову"); given names are left to the caller's skip set
    (brands are often given names to the tagger: «Октавия», «Веста»)."""
    if not t.text[:1].isupper() or _product_like(t):
        return False
    return is_patronymic(t.text) or _surname_only(t)


def _surname_only(t: Token) -> bool:
    return is_surname(t.text) and not any("NOUN" in tg and "Surn" not in tg for _, tg, _ in tags(t.text)[:1])


def _product_like(t: Token) -> bool:
    """Latin letters or an acronym ("Kia", "ЛОРу", "МРТ")."""
    return bool(re.match(r"[A-Za-z]", t.text)) or sum(c.isupper() for c in t.text) >= 2


def _render(words: list[Token], heads: set[str]) -> str:
    """Nominative head, the dependents as said; the field's category words dropped when something
    else remains ("страхование квартиры" -> "квартира" for "Объект страхования")."""
    kept = [t for t in words if not any(same_family(t.lemma, h) for h in heads) or t.text[:1].isupper()]
    if not kept:
        kept = words
    out: list[str] = []
    for n, t in enumerate(kept):
        word = t.text
        if n == 0 or (n == 1 and "ADJF" in (tags(kept[0].text)[0][1] if tags(kept[0].text) else "")):
            word = _nomn(t.text)
        out.append(word)
    return normalize_numbers(" ".join(out)).strip(' «»"')


def _nomn(word: str) -> str:
    if not word.isalpha() or sum(c.isupper() for c in word) >= 2:
        return _acronym(word)
    if word[:1].isupper() and not is_known(word):
        return word  # a brand as said: «Хавейлу»
    parses = morph().parse(word)
    named = [x for x in parses if {"Name", "Geox"} & set(str(x.tag).replace(" ", ",").split(","))]
    p = named[0] if word[:1].isupper() and named else parses[0]  # «Весту» -> "Веста", not "Вест"
    if not {"NOUN", "ADJF"} & set(str(p.tag).replace(" ", ",").split(",")) or p.tag.case == "nomn":
        return word
    infl = p.inflect({"nomn"})
    if infl is None:
        return word
    w = str(infl.word)
    return w[:1].upper() + w[1:] if word[:1].isupper() else w


def _acronym(word: str) -> str:
    """ "ЛОРу" -> "ЛОР": an acronym loses its lower-case case ending."""
    m = re.fullmatch(r"([А-ЯЁA-Z]{2,})[а-яё]{1,2}", word)
    return m.group(1) if m else word


def _own_quoted(prep: Prepared) -> set[str]:
    first = [u for u in prep.units_of("manager") if u.turn_of_speaker <= 1]
    return {m.lower() for u in first for m in _QUOTED_RX.findall(u.text)}


def _candidates(u: Unit, category: set[str], skip: set[str]) -> list[tuple[float, list[Token]]]:
    out: list[tuple[float, list[Token]]] = []
    toks = u.tokens
    for j, t in enumerate(toks):
        if t.low == "к" and j > 0 and toks[j - 1].low in {"мне", "нам", "нужно", "надо", "записаться", "записать"}:
            words = _phrase_after(u, j + 1, category, skip)  # "мне к неврологу надо"
            if words:
                out.append((3.0 if u.speaker == "client" else 2.0, words))
        if t.low in _CUES:
            if t.low == "по" and j > 0 and toks[j - 1].low in {"как", "а"}:
                continue
            words = _phrase_after(u, j + 1, category, skip)
            if words:
                request = 0.5 if t.low.startswith(("заявк", "интересовал")) else 0.0  # "заявку на X"
                out.append((request + (3.0 if u.speaker == "client" else 2.0), words))
        asks_for_it = u.speaker == "client" and u.question and j > 0 and j + 1 < len(toks)
        if asks_for_it and t.low == "у" and toks[j + 1].low == "вас":
            words = _phrase_before(u, j, skip)  # "шиномонтаж у вас работает?"
            if words:
                out.append((2.5, words))
        if t.low in _AFTER_CUES and j > 0:
            words = _phrase_before(u, j, skip)  # "внучке английский нужен", "мне «Весту» надо"
            if words:
                out.append((3.0 if u.speaker == "client" else 2.0, words))
        if t.lemma in category:
            dash = next((k for k in range(j + 1, min(len(toks), j + 4)) if _dash_before(u, k)), None)
            words = _phrase_after(u, dash, category, skip, gap_ok=True) if dash is not None else []
            if words:  # "Машина — Хавал Джолион", "машина та же — Шкода Октавия?"
                out.append((3.0 if u.speaker == "client" else 2.0, words))
    return out


_AFTER_CUES = frozenset({"нужен", "нужна", "нужно", "нужны", "надо", "интересует", "интересен", "интересна"})


def _dash_before(u: Unit, k: int) -> bool:
    return bool(re.match(r"\s*[—–:-]\s", u.text[u.tokens[k - 1].end : u.tokens[k].start]))


def _phrase_before(u: Unit, j: int, skip: set[str]) -> list[Token]:
    """Up to three nouns/adjectives right before token j, back to a clause break."""
    toks = u.tokens
    out: list[Token] = []
    for i in range(j - 1, max(-1, j - 4), -1):
        t = toks[i]
        if re.search(r"[,.!?;:—–()]", u.text[t.end : toks[i + 1].start]) or t.low in _STOP or t.low in _SKIP_AFTER_CUE:
            break
        if t.lemma in _RELATIVES or t.lemma in skip or _is_person(t) or _verbal(t) or t.lemma in _TIME_WORDS:
            break
        out.insert(0, t)
    return out


_WH_OTHER = frozenset({"куда", "откуда", "где", "когда", "сколько", "кто", "почему", "зачем"})
_PLACE_PREP = frozenset({"из", "с", "со", "от", "в", "во", "до", "по"})


def _asks_what(u: Unit, category: set[str]) -> bool:
    """A question on the field's category that asks what it is ("что везём?", "Какая у вас
    машина?"), not where, when or who ("куда возите?", "кто вам возит?")."""
    if not (u.lemma_set & category and (u.question or u.lemma_set & {"назвать", "подсказать", "какой"})):
        return False
    if u.text.rstrip()[-1:] in {".", "!"} and not u.lemma_set & {"назвать", "подсказать"}:
        return False  # "Мы перевозчик, хотим предложить …": a statement
    return bool(u.lemma_set & {"что", "какой"}) or not u.lemma_set & _WH_OTHER


def _answer_to_category(prep: Prepared, category: set[str]) -> list[tuple[float, Unit, list[Token]]]:
    """ "Какая у вас машина, год?" — "Киа Рио, двадцать первого года": the answer's first phrase;
    past a first sentence that names nothing ("Из Москвы. Оборудование, станки")."""
    out: list[tuple[float, Unit, list[Token]]] = []
    asked = {u.turn for u in prep.units_of("manager") if _asks_what(u, category)}
    for turn in sorted(asked):
        reply = [x for x in prep.turn_units(turn + 1) if x.speaker == "client"][:2]
        for u in reply:
            words = _phrase_after(u, 0, category, set())
            if words and not any(normalize_numbers(w.low).isdigit() for w in [*u.tokens[:1], *words]):
                out.append((2.2, u, words))  # not "Сто двадцать квадратов": a measure, not the thing
                break
    return out


# nouns whose genitive names the goods: "доставка кирпича", "две паллеты плитки"
_GOODS_HOLDERS = frozenset(
    {"доставка", "перевозка", "развозка", "поставка", "паллета", "паллет", "поддон", "коробка", "партия", "тонна"}
)
_VAGUE = frozenset({"цена", "стоимость", "прайс", "наличие", "информация", "вопрос", "подробность", "условие"})
_GOODS_WORDS = frozenset({"товар", "продукция", "отправление", "посылка"})  # "Что за товар?" asks the goods
_NOT_GOODS = frozenset({"груз", "продукция", "товар", "заказ", "клиент", "точка", "магазин", "объект", "склад"})


def _goods_of(u: Unit) -> list[list[Token]]:
    """The goods named as the genitive after a carrying noun or a load unit."""
    out: list[list[Token]] = []
    toks = u.tokens
    for j in range(len(toks) - 1):
        nxt = toks[j + 1]
        if toks[j].lemma not in _GOODS_HOLDERS or nxt.lemma in _NOT_GOODS or nxt.text[:1].isupper():
            continue
        if re.search(r"[,.!?;:—–()]", u.text[toks[j].end : nxt.start]):
            continue
        tg = tags(nxt.text)
        if tg and "NOUN" in tg[0][1] and "gent" in tg[0][1]:
            out.append([nxt])
    return out


def _examples_said(prep: Prepared, spec: FieldSpec) -> list[tuple[float, Unit, list[Token]]]:
    """A value the description gives as an example ("(авто, квартира, дом и т.п.)") said in the
    first turns: "квартира в Купчино" -> "квартира"."""
    inside = " ".join(re.findall(r"\(([^)]*)\)", spec.description))
    examples = {w for w in lemmas(inside) if len(w) > 3} - {"марка", "модель", "например"}
    out: list[tuple[float, Unit, list[Token]]] = []
    for u in prep.units:
        if u.turn > 8:
            break
        out += [(2.0 if u.speaker == "client" else 1.5, u, [t]) for t in u.tokens if t.lemma in examples]
    return out


def _quoted(prep: Prepared, own: set[str]) -> list[tuple[float, Unit, list[Token]]]:
    out: list[tuple[float, Unit, list[Token]]] = []
    for u in prep.units_of("client") if prep.roles_known else prep.units:
        for m in _QUOTED_RX.finditer(u.text):
            if m.group(1).lower() in own or _COMPANY_MARK.search(u.text[: m.start()].lower()):
                continue
            words = [t for t in u.tokens if m.start() <= t.start and t.end <= m.end()]
            if words:
                out.append((1.5, u, words))
    return out


def asked_for(spec: FieldSpec, prep: Prepared, skip_names: set[str]) -> FieldValue:
    """The thing the client asked about (or the manager named as the request), as a short phrase."""
    category = _category(spec)
    found: list[tuple[float, Unit, list[Token]]] = []
    carried = bool(category & _CARRY)
    for u in prep.units:
        if u.turn > 8:
            break
        if carried:  # "нужна доставка до пунктов" names the service, not the goods
            found += [(2.0 if u.speaker == "client" else 1.5, u, w) for w in _goods_of(u)]
        else:
            found += [(s, u, w) for s, w in _candidates(u, category, skip_names)]
    found += _answer_to_category(prep, category | (_GOODS_WORDS if carried else set()))
    found += _examples_said(prep, spec)
    found += [] if carried else _quoted(prep, _own_quoted(prep))  # «Лайм» is the shop, not its goods
    found = [f for f in found if f[2][0].lemma not in _VAGUE]  # "хотел узнать цену": no thing named
    if not found:
        return FieldValue(spec.key, None, 0)

    def score(item: tuple[float, Unit, list[Token]]) -> float:
        base, u, words = item
        s = base - 0.15 * u.turn
        if any((w.text[:1].isupper() and w.start > 0) or _product_like(w) for w in words):
            s += 1.0
        if any(w.lemma in category for w in words):
            s += 0.5
        if len(words) == 1 and not words[0].text[:1].isupper() and len(words[0].text) <= 3:
            s -= 1.0
        return s

    best = max(found, key=score)
    heads = _heads(spec) | (set(_CARRY) if category & _CARRY else set())  # "доставка кирпича" -> "кирпич"
    value = _render(best[2], heads)
    if not value:
        return FieldValue(spec.key, None, 0)
    return FieldValue(spec.key, value, int(min(85, 40 + 10 * score(best))), best[1].text, best[1].start_time)
