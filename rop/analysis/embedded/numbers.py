"""Russian number words -> digits ("восемь с половиной миллионов" -> "8500000").

ASR often writes numbers as words; entity extraction (money, dates) needs digits. The
normaliser keeps every other character of the text as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rop.analysis.embedded.lang import morph

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


def normalize_numbers(text: str) -> str:
    """Replace number expressions written in words with digits.

    "пять миллионов" -> "5000000", "восемь с половиной миллионов" -> "8500000",
    "двадцать пятого числа" -> "25 числа", "8,5 млн" -> "8500000", "полтора миллиона" -> "1500000".
    """
    forms = _forms()
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
    return "".join(out)


def _next_word(toks: list[str], i: int) -> str:
    k = i + 1
    while k < len(toks) and toks[k].isspace():
        k += 1
    return _word(toks[k]) if k < len(toks) else ""


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


@lru_cache(maxsize=10_000)
def _fuzzy_cardinal(word: str) -> str | None:
    """An ASR slip for a number word ("семьи" for "семи", "всеми" for "семи"): one edit away."""
    hits = {
        f: v
        for f, (kind, v) in _forms().items()
        if kind == "card" and len(f) >= 3 and _within_one_edit(word, f)
    }
    if not hits or len(set(hits.values())) != 1:
        return None  # nothing close, or ambiguous between different numbers
    return min(hits)


def _repair_before_scales(toks: list[str], forms: dict[str, tuple[str, float]]) -> None:
    """A non-number word right before "миллионов"/"тысяч" is most likely a misheard number."""
    for i, tok in enumerate(toks):
        w = _word(tok)
        if len(w) < 4 or not w.isalpha() or w in forms or w in _SCALE_ABBR:
            continue
        nxt = _next_word(toks, i)
        if forms.get(nxt, ("", 0))[0] != "scale":
            continue
        fixed = _fuzzy_cardinal(w)
        if fixed is not None:
            toks[i] = fixed


def _word(tok: str) -> str:
    return tok.lower().replace("ё", "е")


def _parse_number(toks: list[str], i: int, forms: dict[str, tuple[str, float]]) -> tuple[int, float]:
    """Parse one number starting at toks[i]; return (tokens consumed, value) or (0, 0)."""
    n = len(toks)
    total = 0.0
    group = 0.0
    last_order = 99
    j = i
    consumed_end = i  # index after the last token that belongs to the number
    any_part = False
    scales_used: set[int] = set()

    def skip_space(k: int) -> int:
        while k < n and toks[k].isspace():
            k += 1
        return k

    while j < n:
        tok = toks[j]
        w = _word(tok)
        if tok[0].isdigit():
            if any_part:
                break
            group = float(tok.replace(",", "."))
            any_part = True
            last_order = -1  # a digit group takes no further words except a scale / "с половиной"
            consumed_end = j + 1
            j = skip_space(j + 1)
            continue
        if w in ("пол", "полу") and not any_part:
            k = skip_space(j + 1)
            if k < n and forms.get(_word(toks[k]), ("", 0))[0] == "scale":
                group = 0.5
                any_part = True
                last_order = -1
                consumed_end = j + 1
                j = k
                continue
            break
        if w.startswith("пол") and w[3:] and forms.get(w[3:], ("", 0))[0] == "scale" and not any_part:
            total += 0.5 * forms[w[3:]][1]
            any_part = True
            consumed_end = j + 1
            j = skip_space(j + 1)
            break
        if w == "с" and any_part and group:
            # "восемь с половиной"
            k = skip_space(j + 1)
            if k < n and _word(toks[k]) in ("половиной", "половинкой"):
                group += 0.5
                last_order = -1
                consumed_end = k + 1
                j = skip_space(k + 1)
                continue
            break
        abbr = _SCALE_ABBR.get(w)
        kind_val = forms.get(w)
        if kind_val is None and abbr is not None and any_part and group:
            kind_val = ("scale", abbr)
        if kind_val is None:
            break
        kind, val = kind_val
        if kind == "scale":
            if abbr is not None and not any_part:
                break
            if not any_part:
                # colloquial inverted order: "миллионов семь" = about seven million
                k = skip_space(j + 1)
                nxt = forms.get(_word(toks[k])) if k < n else None
                plural_gen = w.endswith("ов") or w == "тысяч"
                if plural_gen and nxt is not None and nxt[0] == "card" and 1 <= nxt[1] < 1000:
                    k2 = skip_space(k + 1)
                    nxt2 = forms.get(_word(toks[k2])) if k2 < n else None
                    if nxt2 is None or nxt2[0] != "scale":
                        return k + 1 - i, nxt[1] * val
            if not any_part and w not in _BARE_SCALES:
                break  # "миллионов" with its number lost (ASR): not an amount
            mult = group if group else (1.0 if not any_part else 0.0)
            if any_part and not group:
                break
            total += mult * val
            scales_used.add(int(val))
            group = 0.0
            any_part = True
            last_order = 99
            consumed_end = j + 1
            j = skip_space(j + 1)
            if j < n and toks[j] == ".":  # "млн." / "тыс."
                consumed_end = j + 1
                j = skip_space(j + 1)
            continue
        order = _order(int(val)) if val >= 1 else 0
        if last_order <= order or (last_order == 1):
            break
        group += val
        any_part = True
        last_order = order
        consumed_end = j + 1
        if kind == "ord":
            break
        j = skip_space(j + 1)
    if not any_part:
        return 0, 0.0
    # only digits with nothing converted: leave as is
    if consumed_end == i + 1 and toks[i][0].isdigit():
        return 0, 0.0
    if group and 1_000_000 in scales_used and 1000 not in scales_used and group < 1000 and total:
        group *= 1000  # colloquial "пять миллионов восемьсот" = 5 800 000
    return consumed_end - i, total + group
