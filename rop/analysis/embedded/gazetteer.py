"""Known districts and localities, to read place names back out of ASR errors.

Whisper base often garbles a district's name into a near-miss ("Коленинский" for Калининский,
"Автова" for Автово). A place phrase close enough to a known name is snapped to the canonical
spelling; a known locality mentioned on its own ("в кудрово") becomes a place candidate.
The list covers the first customer's region (Saint Petersburg and Leningrad oblast) and Moscow;
it is data, extend it per region.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache

# Adjectival district names: "<name> район".
DISTRICTS: tuple[str, ...] = (
    # Saint Petersburg
    "Адмиралтейский",
    "Василеостровский",
    "Выборгский",
    "Калининский",
    "Кировский",
    "Колпинский",
    "Красногвардейский",
    "Красносельский",
    "Кронштадтский",
    "Курортный",
    "Московский",
    "Невский",
    "Петроградский",
    "Петродворцовый",
    "Приморский",
    "Пушкинский",
    "Фрунзенский",
    "Центральный",
    # Leningrad oblast
    "Всеволожский",
    "Гатчинский",
    "Ломоносовский",
    "Тосненский",
    "Выборгский",
    "Приозерский",
    "Кингисеппский",
    "Волховский",
    # Names found in many Russian cities
    "Советский",
    "Ленинский",
    "Октябрьский",
    "Железнодорожный",
    "Заводской",
    "Ленинградский",
    "Первомайский",
    "Свердловский",
    "Дзержинский",
    "Красноармейский",
    "Ворошиловский",
    "Промышленный",
    "Индустриальный",
    "Северный",
    "Южный",
    "Западный",
    "Восточный",
    # Moscow
    "Пресненский",
    "Тверской",
    "Басманный",
    "Таганский",
    "Мещанский",
    "Красносельский",
    "Даниловский",
    "Донской",
    "Гагаринский",
    "Ломоносовский",
    "Обручевский",
    "Таганский",
    "Савёловский",
    "Тимирязевский",
    "Останкинский",
    "Бабушкинский",
    "Лосиноостровский",
)

# Localities and historical areas named with a noun.
LOCALITIES: tuple[str, ...] = (
    # Saint Petersburg and the near suburbs
    "Кудрово",
    "Мурино",
    "Девяткино",
    "Новое Девяткино",
    "Юкки",
    "Автово",
    "Парнас",
    "Шушары",
    "Янино",
    "Бугры",
    "Сертолово",
    "Колпино",
    "Пушкин",
    "Петергоф",
    "Сестрорецк",
    "Зеленогорск",
    "Купчино",
    "Озерки",
    "Ржевка",
    "Рыбацкое",
    "Обухово",
    "Лахта",
    "Ольгино",
    "Коломяги",
    "Кронштадт",
    "Ломоносов",
    "Павловск",
    "Красное Село",
    "Стрельна",
    "Всеволожск",
    "Гатчина",
    "Токсово",
    "Агалатово",
    "Мистолово",
    "Порошкино",
    "Лисий Нос",
    "Металлострой",
    "Славянка",
    "Горелово",
    "Девяткино",
    "Озерки",
    "Старая Деревня",
    "Гражданка",
    "Ульянка",
    "Дачное",
    # Moscow and the near suburbs
    "Хамовники",
    "Арбат",
    "Раменки",
    "Митино",
    "Строгино",
    "Бутово",
    "Коммунарка",
    "Некрасовка",
    "Люберцы",
    "Химки",
    "Красногорск",
    "Мытищи",
    "Одинцово",
    "Балашиха",
    "Подольск",
    "Сколково",
)

DISTRICT_MATCH = 0.76  # "Низкий" ~ "Невский" 0.77, "Спускинский" ~ "Пушкинский" 0.86
DISTRICT_MARGIN = 0.04  # the best name must beat the next one: no snapping when it is ambiguous
LOCALITY_MATCH = 0.8  # "Автова" ~ "Автово" 0.83


_VOWELS = str.maketrans({"о": "а", "е": "и", "ё": "и", "я": "а", "ю": "у", "ы": "и", "-": None, " ": None})
_SUFFIX = re.compile(r"(ий|ый|ой)$")


def _norm(word: str) -> str:
    """Lower case with unstressed-vowel confusions folded (ASR hears о/а, е/и alike)."""
    return word.lower().translate(_VOWELS)


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _district_ratio(a: str, b: str) -> float:
    """Similarity of two district adjectives; a stem that ends the other one counts high (ASR
    dropped the first syllable: "Морской" for "Приморский")."""
    sa, sb = _norm(_SUFFIX.sub("", a.lower())), _norm(_SUFFIX.sub("", b.lower()))
    if min(len(sa), len(sb)) >= 5 and (sa.endswith(sb) or sb.endswith(sa)):
        return 0.9
    return _ratio(a, b)


DISTRICT_NEAR_MISS = 0.9  # above: under one letter in ten differs ("Ленинский" ~ "Калининский" is 0.9)
DISTRICT_MATCH_WORD = 0.85  # stricter when the heard adjective is itself a real word


@lru_cache(maxsize=4096)
def snap_district(adjective: str, real_word: bool = False) -> str | None:
    """The known district name closest to ``adjective`` (any case), or None. ``real_word``: the
    adjective is a dictionary word, so the ASR may simply have heard a name we do not list."""
    ranked = sorted(((_district_ratio(adjective, name), name) for name in set(DISTRICTS)), reverse=True)
    (best_r, best), (second_r, _) = ranked[0], ranked[1]
    close = max(sorted(set(DISTRICTS)), key=lambda name: _ratio(adjective, name))  # ties: the same each run
    if _ratio(adjective, close) > DISTRICT_NEAR_MISS:
        return close  # one letter off a known name ("Кулининский"): no other name competes

    threshold = DISTRICT_MATCH_WORD if real_word else DISTRICT_MATCH
    return best if best_r >= threshold and best_r - second_r >= DISTRICT_MARGIN else None


@lru_cache(maxsize=4096)
def snap_locality(phrase: str, exact: bool = False) -> str | None:
    """The known locality closest to ``phrase``, or None. Short names (and ``exact``) must match
    exactly up to case and unstressed vowels."""
    low = _norm(phrase)
    best, best_r = None, 0.0
    for name in LOCALITIES:
        cand = _norm(name)
        if exact or len(cand) <= 4 or len(low) <= 4:
            r = 1.0 if cand == low else 0.0
        else:
            r = SequenceMatcher(None, low, cand).ratio()
        if r > best_r:
            best, best_r = name, r
    return best if best_r >= LOCALITY_MATCH else None


def canonical_place(phrase: str, is_word: Callable[[str], bool] | None = None) -> str:
    """Snap a place phrase found in a transcript to a known spelling when it is a near-miss.
    ``is_word`` tells dictionary words (snapped only when very close)."""
    words = phrase.split()
    if len(words) == 2 and words[1].lower() in {"район", "микрорайон", "округ"}:
        snapped = snap_district(words[0], bool(is_word and is_word(words[0])))
        if snapped:
            return f"{snapped} {words[1].lower()}"
        # no soft sign before «-ский» (Казань -> казанский): the ASR's «раменьский» is «Раменский»
        return phrase.replace("ньск", "нск")
    if words and words[0].lower() in {"улица", "проспект", "метро", "шоссе", "бульвар", "переулок", "центр"}:
        return phrase
    return snap_locality(phrase) or phrase


# Countries people travel to (nominative), to read a destination back out of ASR errors ("пурцию").
COUNTRIES: tuple[str, ...] = (
    "Абхазия", "Австрия", "Азербайджан", "Армения", "Беларусь", "Болгария", "Бразилия", "Венгрия",
    "Вьетнам", "Германия", "Греция", "Грузия", "Доминикана", "Египет", "Израиль", "Индия", "Индонезия",
    "Иордания", "Испания", "Италия", "Казахстан", "Камбоджа", "Кипр", "Киргизия", "Китай", "Куба",
    "Лаос", "Маврикий", "Малайзия", "Мальдивы", "Марокко", "Мексика", "Монголия", "Норвегия", "Оман",
    "Португалия", "Сейшелы", "Сербия", "Сингапур", "Таиланд", "Танзания", "Тунис", "Турция",
    "Узбекистан", "Филиппины", "Финляндия", "Франция", "Хорватия", "Черногория", "Чехия", "Швейцария",
    "Шри-Ланка", "Эмираты", "Япония",
)  # fmt: skip
COUNTRY_MATCH = 0.75


def _stem(word: str) -> str:
    low = _norm(word)
    return low[:-1] if len(low) > 4 and low[-1] in "аиуэ" else low


@lru_cache(maxsize=4096)
def snap_country(word: str) -> str | None:
    """The country whose name ``word`` (any case, any ending) is closest to, or None: "Турцию",
    "пурцию" (ASR) -> "Турция"; a stem under four letters is never snapped."""
    stem = _stem(word)
    if len(stem) < 4 or (len(stem) == 4 and not any(_stem(c) == stem for c in COUNTRIES)):
        return None
    ranked = sorted(((SequenceMatcher(None, stem, _stem(c)).ratio(), c) for c in COUNTRIES), reverse=True)
    (best_r, best), (second_r, _) = ranked[0], ranked[1]
    return best if best_r >= COUNTRY_MATCH and best_r - second_r >= 0.05 else None
