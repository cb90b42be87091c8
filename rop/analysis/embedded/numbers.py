"""Russian number words -> digits ("восемь с половиной миллионов" -> "8500000").

ASR often writes numbers as words; entity extraction (money, dates) needs digits. The
normaliser keeps every other character of the text as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rop.analysis.embedded.lang import is_known, morph

_CARDINALS: dict[str, int] = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
_ORDINALS: dict[str, int] = {
    "первый": 1,
    "второй": 2,
    "третий": 3,
    "четвертый": 4,
    "пятый": 5,
    "шестой": 6,
    "седьмой": 7,
    "восьмой": 8,
    "девятый": 9,
    "десятый": 10,
    "одиннадцатый": 11,
    "двенадцатый": 12,
    "тринадцатый": 13,
    "четырнадцатый": 14,
    "пятнадцатый": 15,
    "шестнадцатый": 16,
    "семнадцатый": 17,
    "восемнадцатый": 18,
    "девятнадцатый": 19,
    "двадцатый": 20,
    "тридцатый": 30,
    "сороковой": 40,
    "пятидесятый": 50,
    "шестидесятый": 60,
    "семидесятый": 70,
    "восьмидесятый": 80,
    "девяностый": 90,
    "сотый": 100,
    "двухсотый": 200,
    "трехсотый": 300,
    "тысячный": 1000,
}
_SCALES: dict[str, int] = {"тысяча": 1000, "миллион": 1_000_000, "миллиард": 1_000_000_000}
_SCALE_ABBR: dict[str, int] = {
    "тыс": 1000,
    "тысяч": 1000,
    "т": 1000,
    "к": 1000,
    "млн": 1_000_000,
    "лям": 1_000_000,
    "ляма": 1_000_000,
    "лямов": 1_000_000,
    "лямов.": 1_000_000,
    "млрд": 1_000_000_000,
}
_HALF = {"полтора": 1.5, "полторы": 1.5, "полутора": 1.5}
_BARE_SCALES = frozenset({"миллион", "тысяча", "тысячу", "миллиард", "тысячей", "миллионом"})

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+|\s+|.", re.UNICODE)


def _order(value: int) -> int:
    if value >= 100:
        return 3
    if value >= 20:
        return 2
    if value >= 10:
        return 1  # teens: nothing may follow inside the group
    return 0


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, float]]:
    """Every inflected form -> (kind, value); kind is card | ord | scale."""
    m = morph()
    table: dict[str, tuple[str, float]] = {}

    def add(lemma: str, kind: str, value: float) -> None:
        parses = [p for p in m.parse(lemma) if p.normal_form.replace("ё", "е") == lemma]
        forms = {lemma}
        for p in parses[:1]:
            forms.update(f.word.replace("ё", "е") for f in p.lexeme)
        for f in forms:
            table.setdefault(f, (kind, value))

    for w, v in _SCALES.items():
        add(w, "scale", v)
    for w, v in _CARDINALS.items():
        add(w, "card", v)
    for w, v in _ORDINALS.items():
        add(w, "ord", v)
    for w, half in _HALF.items():
        table[w] = ("card", half)
    table.setdefault("ста", ("card", 100))  # "сто" parses first as an abbreviation: its lexeme lacks "ста"
    # Words that are numbers only in rare senses: keep them as words.
    for amb in ("сорока", "три", "мил", "сот", "тыс"):
        if amb == "три":
            continue
        table.pop(amb, None)
    return table


def _fmt(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.3f}".rstrip("0").rstrip(".")


_GROUPED_RX = re.compile(r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d.,])(?!\s*(?:млн|миллион|тыс|лям|%|процент))")


def normalize_numbers(text: str) -> str:
    """Replace number expressions written in words with digits.

    "пять миллионов" -> "5000000", "восемь с половиной миллионов" -> "8500000",
    "двадцать пятого числа" -> "25 числа", "8,5 млн" -> "8500000", "полтора миллиона" -> "1500000".
    """
    forms = _forms()
    text = _GROUPED_RX.sub(r"\1 \2", text)  # ASR's "6,500" ("шесть пятьсот") is grouped digits, not 6.5
    text = asr_number_words(text)
    text = _INVERTED_RANGE_RX.sub(lambda m: _inverted_range(m, forms), text)
    toks = _TOKEN_RE.findall(text)
    _repair_before_scales(toks, forms)
    out: list[str] = []
    i = 0
    n = len(toks)
    while i < n:
        consumed, value = _parse_number(toks, i, forms)
        if consumed:
            out.append(_fmt(value))
            i += consumed
        else:
            out.append(toks[i])
            i += 1
    joined = _HUNDRED_THEN_TENS_RX.sub(lambda m: str(int(m.group(1)) + int(m.group(2))), "".join(out))
    return _HALF_RX.sub(lambda m: m.group(1) + ",5", _join_split_thousands(joined))


# ASR's "семисот 50" for «семьсот пятьдесят»: a round hundred then tens in digits is one number
_HUNDRED_THEN_TENS_RX = re.compile(r"(?<![\d.,:])\b([1-9]00) ([1-9]\d)\b(?![.,:]?\d)(?! (?:на|х|x|из) )")


# ASR's "шесть половины" / "шесть с половины" for «шесть с половиной», said last ("…, 6 половины.")
_HALF_RX = re.compile(r"(?<![\d.,])(\d{1,3}) (?:с )?половин(?:ы|у|е)(?=\s*(?:[.,!?…]|$))")


# ASR number forms: hundreds split in two («пять сот» = «пятьсот»), the scale misspelt after a number
# («два милиона», «6,5 мильона», «три миллеона»).
_SPLIT_HUNDREDS_RX = re.compile(r"\b(пять|шесть|семь|восемь|девять)\s+сот\b", re.IGNORECASE)
_MI_WORD_RX = re.compile(r"\bм[иеэ][а-яё]{4,}\b", re.IGNORECASE)
_AFTER_RX = re.compile(r"^,?\s*\d")
_BEFORE_RX = re.compile(r"(\d|[а-яё]+)[\s,]*$", re.IGNORECASE)
_MILLION_FORMS = ("миллион", "миллиона", "миллионов", "миллионам")


def _million_slip(m: re.Match[str]) -> str:
    """A misspelt «миллион» right after a number (digits, a number word, «с половиной») or right
    before digits («медлион 200»: «миллион двести»)."""
    low = m.group(0).lower()
    prior = _BEFORE_RX.search(m.string[max(m.start() - 20, 0) : m.start()])
    if low in _MILLION_FORMS or "он" not in low[-4:]:
        return m.group(0)
    p = prior.group(1).lower() if prior else ""
    numbered = p.isdigit() or p == "половиной" or _forms().get(p, ("", 0))[0] == "card"
    if not numbered and not _AFTER_RX.match(m.string[m.end() : m.end() + 4]):
        return m.group(0)
    return next((f for f in _MILLION_FORMS if _edits_within(low, f, 2)), m.group(0))


def _edits_within(a: str, b: str, k: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` at most ``k``."""
    if abs(len(a) - len(b)) > k:
        return False
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1] <= k


# ASR's "д-11" / "Д-5" for «до одиннадцати» / «до пяти»: the preposition cut to its letter and a hyphen
_CUT_DO_RX = re.compile(r"(?<![\w-])([дД])-\s?(?=\d)")


def asr_number_words(text: str) -> str:
    """«пять сот» -> «пятьсот», «два милиона» -> «два миллиона», «д-11» -> «до 11»: number words as ASR
    splits or misspells them."""
    text = _CUT_DO_RX.sub(lambda m: "До " if m.group(1) == "Д" else "до ", text)
    text = _SPLIT_HUNDREDS_RX.sub(lambda m: m.group(1) + "сот", text)
    return _MI_WORD_RX.sub(_million_slip, text)


# ASR writes a time of day with a hyphen or the minutes in words: "в 14-00", "к 9-30", "в 16 ноль-ноль".
_NOT_MINUTES = (
    r"(?!\s*(?:минут|мин\b|час|раз|процент|%|тыс|млн|миллион|руб|лет|год|дн|недел|месяц"
    r"|метр|км|кг|тонн|штук|шт\b|человек))"
)
_HYPHEN_TIME_RX = re.compile(r"(?<![\d.,:-])([01]?\d|2[0-3])\s?-\s?([0-5]\d)\b(?![.,:-]\d)" + _NOT_MINUTES)
_ZERO_MINUTES_RX = re.compile(r"\b([01]?\d|2[0-3])\s+ноль[\s-]?ноль\b", re.IGNORECASE)
# ... and "ноль-ноль" itself as one word or with a comma before it: «пятнадцать нольный», «в 12 нольной»,
# «десять, нуль-нуль», «16 ноль ноль» -> «… ноль-ноль»
_HOUR_WORDS = (
    r"(?:[01]?\d|2[0-3]|час|один|два|три|четыре|пять|шесть|семь|восемь|девять|десять|одиннадцать|двенадцать"
    r"|тринадцать|четырнадцать|пятнадцать|шестнадцать|семнадцать|восемнадцать|девятнадцать|двадцать"
    r"(?:\s(?:один|два|три))?)"
)
_ZERO_SLIP_RX = re.compile(
    rf"\b({_HOUR_WORDS}),?\s+(?:ноль[\s-]ноль|нуль[\s-]нуль|нольн[а-яё]*|нульн[а-яё]*)(?![а-яё])", re.IGNORECASE
)


_HOURS = (
    *("ноль", "час", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять", "одиннадцать"),
    *("двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать"),
    *("девятнадцать", "двадцать"),
)


def _oclock(m: re.Match[str]) -> str:
    """«пятнадцать нольный» -> «15:00»: the hour in figures, so a time reads as one."""
    words = m.group(1).lower().split()
    if words[0].isdigit():
        return f"{words[0]}:00"
    hour = 1 if words[0] == "один" else _HOURS.index(words[0])
    extra = {"один": 1, "два": 2, "три": 3}.get(words[1], 0) if len(words) > 1 else 0
    return f"{hour + extra}:00"


def asr_times(text: str) -> str:
    """ASR forms of times and of a scale said first: "в 14-00" -> "в 14:00", "к 9-30" -> "к 9:30",
    "в 16 ноль-ноль" -> "в 16:00", "1000 по 30" -> "тысяч по 30". A hyphen with other minutes than
    "00" is a time only after в / к / на / до / после / с ("10-30 тысяч" is a range)."""

    def hyphen(m: re.Match[str]) -> str:
        start = m.start()
        after_prep = bool(re.search(r"\b(?:в|к|на|до|после|с)\s$", text[max(0, start - 7) : start], re.IGNORECASE))
        if m.group(2) != "00" and not after_prep:
            return m.group(0)
        return f"{m.group(1)}:{m.group(2)}"

    text = _WORD_RX.sub(_weekday_slip, text)
    text = _HYPHEN_TIME_RX.sub(hyphen, text)
    text = _GLUED_SEVEN_RX.sub("в семь", text)
    text = _DAY_THEN_HOUR_RX.sub(lambda m: f"{m.group(1)} в {m.group(2)}:00", text)
    text = _SCALE_FIRST_RX.sub("тысяч", text)
    text = _ZERO_SLIP_RX.sub(_oclock, text)
    return _ZERO_MINUTES_RX.sub(lambda m: f"{m.group(1)}:00", text)


# A weekday ASR misheard: «четвек», «пятнецу», «субботy» -> the day (a word the dictionary does not
# know, its first four letters right, at most two letters off a form of the day).
_WEEKDAY_FORMS = (
    *("понедельник", "понедельника", "вторник", "вторника", "среда", "среду", "среды"),
    *("четверг", "четверга", "пятница", "пятницу", "пятницы", "суббота", "субботу", "субботы"),
    *("воскресенье", "воскресенья"),
)
_WORD_RX = re.compile(r"\b[а-яё]{5,}\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _weekday_of(low: str, far: bool) -> str | None:
    if is_known(low):
        return None
    for k in (1, 2) if far and len(low) >= 6 else (1,):
        for form in _WEEKDAY_FORMS:
            if form[:4] == low[:4] and _edits_within(low, form, k):
                return form  # the closest form: «пятнецу» -> «пятницу»
    return None


# Two letters off a day only where a day is expected: after «в / до / к …» or before a time
# («в Четвек.», «Четвек в 11»); elsewhere «вторичка» is a word of its own, not «вторника».
_DAY_BEFORE_RX = re.compile(r"\b(?:в|во|до|к|ко|на|по|после|с|со|от)\s+$", re.IGNORECASE)
_DAY_AFTER_RX = re.compile(r"^,?\s*(?:в\s+|к\s+)?\d")


def _weekday_slip(m: re.Match[str]) -> str:
    text = m.string
    far = bool(_DAY_BEFORE_RX.search(text[max(0, m.start() - 8) : m.start()])) or bool(
        _DAY_AFTER_RX.match(text[m.end() : m.end() + 8])
    )
    day = _weekday_of(m.group(0).lower().replace("ё", "е"), far)
    if day is None:
        return m.group(0)
    return day.capitalize() if m.group(0)[:1].isupper() else day


# «в семь вечера» heard as one word: «всем вечера», «всем часам».
_GLUED_SEVEN_RX = re.compile(
    r"\bвсем(?=\s+(?:вечера|утра|часов|часам)\b)",
    re.IGNORECASE,
)


# «в четверг к пяти вечера» written by the ASR as «в четверг 17»: a day, then a bare hour of the
# afternoon or evening (13-21), not a date («17-го», «17 декабря») nor a count («17 человек»).
_DAY_THEN_HOUR_RX = re.compile(
    r"\b(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|завтра|послезавтра|сегодня)"
    r"\s+(1[3-9]|2[01])\b(?![.,:-]?\d)(?!\s*-?\s*(?:го|е|ого|числ|январ|феврал|март|апрел|ма[яй]|июн|июл|август"
    r"|сентябр|октябр|ноябр|декабр|человек|штук|раз|тысяч|минут|процент|%|лет|год|дн|метр|км|руб|час|мин))",
    re.IGNORECASE,
)


# "тысяч по тридцать" (the scale said first) comes out of the ASR as "1000 по 30": the word again.
_SCALE_FIRST_RX = re.compile(r"(?<![\d.,:-])1000(?=\s+(?:по|где-то|около|примерно|так)\s+\d{1,3}\b(?![.,:]\d))")


# ASR drops the hyphen and adds a filler: "миллионов и шесть семь", "тысяч так семьдесят восемьдесят".
_INVERTED_RANGE_RX = re.compile(
    r"\b(миллионов|тысяч)\s+(?:(?:и|так|где-то|ну)\s+)?([а-яё]+)(?:\s*[-–—]\s*|,?\s+)([а-яё]+)\b", re.IGNORECASE
)


def _inverted_range(m: re.Match[str], forms: dict[str, tuple[str, float]]) -> str:
    """ "миллионов шесть-семь" -> "6000000-7000000": an approximate range with its scale said first."""
    scale = 1_000_000 if m.group(1).lower() == "миллионов" else 1000
    a, b = forms.get(_word(m.group(2))), forms.get(_word(m.group(3)))
    rest = re.match(r"\s*([а-яё]+)", m.string[m.end() :].lower())
    if rest and rest.group(1).replace("ё", "е") in forms:
        return m.group(0)  # "тысяч восемьдесят — сто двадцать": the second number goes on
    if not a or not b or a[0] != "card" or b[0] != "card" or not 0 < a[1] < b[1] < 1000:
        return m.group(0)
    return f"{_fmt(a[1] * scale)}-{_fmt(b[1] * scale)}"


# ASR writes a spoken price "семь двести" as "7-200" / "четыре-двести" / "6, 200": thousands and
# hundreds torn apart. Joined only before money words, and not when it reads as a range of
# hundreds ("5-600 рублей" = 500–600: the first digit just below the hundreds).
_SPLIT_THOUSANDS = re.compile(
    r"(?<![\d.,:-])(\d{1,2})(?:\s?-\s?|,\s)([1-9])00(?=\s*(?:руб|р\.|₽|в месяц|за (?:месяц|урок|занятие|точку)))"
)


def _join_split_thousands(text: str) -> str:
    def join(m: re.Match[str]) -> str:
        first, hundreds = int(m.group(1)), int(m.group(2))
        if 0 < hundreds - first <= 2:
            return m.group(0)
        return str(first * 1000 + hundreds * 100)

    text = _PRICE_SPLIT.sub(lambda m: f"{m.group(1)} {int(m.group(2)) * 1000 + int(m.group(3)) * 100}", text)
    text = _TENS_THEN_UNIT.sub(lambda m: str((int(m.group(1)) * 10 + int(m.group(2))) * 1000), text)
    text = _MILLIONS_THEN_HUNDREDS.sub(lambda m: str(int(m.group(1)) * 1_000_000 + int(m.group(2)) * 1000), text)
    return _SPLIT_THOUSANDS.sub(join, text)


# ASR's «миллион двести» as "миллион, 200" -> "1000000, 200": 1200000 (hundreds of thousands said bare)
_MILLIONS_THEN_HUNDREDS = re.compile(
    r"(?<![\d.,])([1-9]\d?)000000,?\s+([1-9]\d0)(?![\d.,]*\d)"
    r"(?!\s*(?:тыс|млн|миллион|метр|м\b|км|кв|руб|%|процент|человек|лет|год|минут|час|штук|раз|сот))"
)


# ASR's price "стоит четыре-двести" -> "стоит 4-200" is 4200, not a range from 4 to 200
_PRICE_SPLIT = re.compile(r"\b(стои\w*|цена|стоимост\w*|обойд\w*|выйдет)\s+(\d{1,2})-([1-9])00\b")
# ASR's "от тридцати двух тысяч" as "от 30 двух тысяч" -> "30 2000": 32000
_TENS_THEN_UNIT = re.compile(r"(?<![\d.,:])\b([2-9])0 ([1-9])000\b")


def _next_word(toks: list[str], i: int) -> str:
    k = i + 1
    while k < len(toks) and toks[k].isspace():
        k += 1
    return _word(toks[k]) if k < len(toks) else ""


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=False)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


@lru_cache(maxsize=10_000)
def _fuzzy_cardinal(word: str) -> str | None:
    """An ASR slip for a number word ("семьи" for "семи", "всеми" for "семи"): one edit away."""
    hits = {f: v for f, (kind, v) in _forms().items() if kind == "card" and len(f) >= 3 and _within_one_edit(word, f)}
    if not hits or len(set(hits.values())) != 1:
        return None  # nothing close, or ambiguous between different numbers
    return min(hits)


_HUNDREDS = frozenset(range(200, 1000, 100))


@lru_cache(maxsize=10_000)
def _fuzzy_hundreds(word: str) -> str | None:
    """A word no dictionary knows, one edit from a form of 200…900 ("семисоп" for «семьсот»)."""
    if len(word) < 6 or is_known(word):
        return None
    hits = {
        f: v for f, (kind, v) in _forms().items() if kind == "card" and v in _HUNDREDS and _within_one_edit(word, f)
    }
    return min(hits) if hits and len(set(hits.values())) == 1 else None


def _repair_before_scales(toks: list[str], forms: dict[str, tuple[str, float]]) -> None:
    """A non-number word right before "миллионов"/"тысяч" is most likely a misheard number; so is
    an unknown word one letter off a hundred ("максимум семисоп")."""
    for i, tok in enumerate(toks):
        w = _word(tok)
        if len(w) < 4 or not w.isalpha() or w in forms or w in _SCALE_ABBR:
            continue
        nxt = _next_word(toks, i)
        fixed = _fuzzy_cardinal(w) if forms.get(nxt, ("", 0))[0] == "scale" else _fuzzy_hundreds(w)
        if fixed is not None:
            toks[i] = fixed


def _word(tok: str) -> str:
    return tok.lower().replace("ё", "е")


_STOP, _NEXT = "stop", "next"
_AMOUNT_PREPOSITIONS = frozenset({"до", "от", "около", "из", "после", "с", "к", "за", "на"})


class _NumberParser:
    """One number starting at toks[i]: spelled-out words, digit groups, scales, "с половиной"."""

    def __init__(self, toks: list[str], i: int, forms: dict[str, tuple[str, float]]) -> None:
        self.toks, self.i, self.forms, self.n = toks, i, forms, len(toks)
        self.total = self.group = 0.0
        self.last_order = 99
        self.j = self.consumed_end = i  # consumed_end: after the last token of the number
        self.any_part = False
        self.scales_used: set[int] = set()
        self.result: tuple[int, float] | None = None  # an early answer (inverted order)

    def skip_space(self, k: int) -> int:
        while k < self.n and self.toks[k].isspace():
            k += 1
        return k

    def _take(self, end: int, nxt: int) -> str:
        self.consumed_end, self.j = end, nxt
        return _NEXT

    def step(self) -> str:
        tok = self.toks[self.j]
        w = _word(tok)
        if tok[0].isdigit():
            if self.any_part:
                return _STOP
            self.group, self.any_part, self.last_order = float(tok.replace(",", ".")), True, -1
            return self._take(self.j + 1, self.skip_space(self.j + 1))
        if w in ("пол", "полу") and not self.any_part:
            k = self.skip_space(self.j + 1)
            if k < self.n and self.forms.get(_word(self.toks[k]), ("", 0))[0] == "scale":
                self.group, self.any_part, self.last_order = 0.5, True, -1
                return self._take(self.j + 1, k)
            return _STOP
        half_scale = w[4:] if w.startswith("полу") else w[3:]  # "полмиллиона", "до полумиллиона"
        if (
            w.startswith("пол")
            and half_scale
            and self.forms.get(half_scale, ("", 0))[0] == "scale"
            and not self.any_part
        ):
            self.total += 0.5 * self.forms[half_scale][1]
            self.any_part = True
            self._take(self.j + 1, self.skip_space(self.j + 1))
            return _STOP
        if w == "с" and self.any_part and self.group:
            k = self.skip_space(self.j + 1)  # "восемь с половиной"
            if k < self.n and _word(self.toks[k]) in ("половиной", "половинкой"):
                self.group += 0.5
                self.last_order = -1
                return self._take(k + 1, self.skip_space(k + 1))
            return _STOP
        return self._word_step(w)

    def _word_step(self, w: str) -> str:
        abbr = _SCALE_ABBR.get(w)
        kind_val = self.forms.get(w)
        if kind_val is None and w == "сорока" and self._forty_here():
            kind_val = ("card", 40.0)
        if kind_val is None and abbr is not None and self.any_part and self.group:
            kind_val = ("scale", abbr)
        if kind_val is None:
            return _STOP
        kind, val = kind_val
        if kind == "scale":
            return self._scale(w, abbr, val)
        order = _order(int(val)) if val >= 1 else 0
        if self.last_order <= order or self.last_order == 1:
            return _STOP
        self.group += val
        self.any_part = True
        self.last_order = order
        self.consumed_end = self.j + 1
        if kind == "ord":
            return _STOP
        self.j = self.skip_space(self.j + 1)
        return _NEXT

    def _scale(self, w: str, abbr: float | None, val: float) -> str:
        if abbr is not None and not self.any_part:
            return _STOP
        if not self.any_part and self._inverted(w, val):
            return _STOP
        if not self.any_part and w not in _BARE_SCALES:
            return _STOP  # "миллионов" with its number lost (ASR): not an amount
        if self.any_part and not self.group:
            return _STOP
        self.total += (self.group if self.group else 1.0) * val
        self.scales_used.add(int(val))
        self.group, self.any_part, self.last_order = 0.0, True, 99
        self._take(self.j + 1, self.skip_space(self.j + 1))
        if self.j < self.n and self.toks[self.j] == ".":  # "млн." / "тыс."
            self._take(self.j + 1, self.skip_space(self.j + 1))
        return _NEXT

    def _forty_here(self) -> bool:
        """ "сорока" is the number 40 inside a number ("ста сорока"), after a preposition of
        amount ("до сорока") or before a scale or another number word ("сорока тысяч")."""
        if self.any_part:
            return True
        k = self.i - 1
        while k >= 0 and self.toks[k].isspace():
            k -= 1
        if k >= 0 and _word(self.toks[k]) in _AMOUNT_PREPOSITIONS:
            return True
        nxt = self.skip_space(self.j + 1)
        return nxt < self.n and (_word(self.toks[nxt]) in self.forms or self.toks[nxt][:1].isdigit())

    def _inverted(self, w: str, val: float) -> bool:
        """Colloquial inverted order: "миллионов семь" = about seven million."""
        k = self.skip_space(self.j + 1)
        nxt = self.forms.get(_word(self.toks[k])) if k < self.n else None
        plural_gen = w.endswith("ов") or w == "тысяч"
        if plural_gen and nxt is not None and nxt[0] == "card" and 1 <= nxt[1] < 1000:
            k2 = self.skip_space(k + 1)
            nxt2 = self.forms.get(_word(self.toks[k2])) if k2 < self.n else None
            if k2 < self.n and self.toks[k2] in "-–—":
                return False  # "миллионов шесть-семь": a range, read with its scale by the caller
            if nxt2 is None or nxt2[0] != "scale":
                self.result = (k + 1 - self.i, nxt[1] * val)
                return True
        return False

    def parse(self) -> tuple[int, float]:
        while self.j < self.n and self.step() == _NEXT:
            pass
        if self.result is not None:
            return self.result
        if not self.any_part:
            return 0, 0.0
        # only digits with nothing converted: leave as is
        if self.consumed_end == self.i + 1 and self.toks[self.i][0].isdigit():
            return 0, 0.0
        group = self.group
        if group and 1_000_000 in self.scales_used and 1000 not in self.scales_used and group < 1000 and self.total:
            group *= 1000  # colloquial "пять миллионов восемьсот" = 5 800 000
        return self.consumed_end - self.i, self.total + group


def _parse_number(toks: list[str], i: int, forms: dict[str, tuple[str, float]]) -> tuple[int, float]:
    """Parse one number starting at toks[i]; return (tokens consumed, value) or (0, 0)."""
    return _NumberParser(toks, i, forms).parse()
