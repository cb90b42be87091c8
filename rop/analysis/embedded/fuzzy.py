"""Tolerance to ASR misspellings: map an unrecognised word to a vocabulary lemma it resembles.

ASR of telephone audio writes "потеку" for "ипотеку", "расщитываете" for "рассчитываете",
"вечерогенство" for "вечер, агентство". Words of the concept vocabulary that such a token
resembles closely enough count as evidence too (tokens of five letters or more only).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from rop.analysis.embedded.lang import is_known, lemma

MIN_LEN = 5
MIN_WHOLE = 8  # a long word's stem may keep letters its vocabulary stem drops
RATIO_UNKNOWN = 0.76  # a word the dictionary does not know: most likely an ASR slip
RATIO_KNOWN = 0.86  # a real word that happens to resemble a vocabulary word: be strict


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _stem(w: str) -> str:
    return w[:-2] if len(w) > 7 else w[:-1]


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, str], dict[str, set[str]]]:
    from rop.analysis.embedded.lexicon import CONCEPTS, OBJECTION_LEMMAS, SALES_LEMMAS

    words: set[str] = set(SALES_LEMMAS) | set(OBJECTION_LEMMAS)
    for c in CONCEPTS:
        words |= set(c.lemmas) | {t for t in c.triggers if " " not in t}
    stems = {w: _stem(w) for w in words if len(w) >= MIN_LEN and w.isalpha()}
    index: dict[str, set[str]] = {}
    for w in stems:
        for bg in _bigrams(w):
            index.setdefault(bg, set()).add(w)
    return stems, index


def vocabulary() -> frozenset[str]:
    return frozenset(_vocab()[0])


@lru_cache(maxsize=50_000)
def fuzzy_lemma(token: str) -> str | None:
    """The vocabulary lemma `token` (lower case) most likely stands for, or None."""
    if len(token) < MIN_LEN or not token.isalpha():
        return None
    stems, index = _vocab()
    if lemma(token) in stems:
        return None
    known = is_known(token)
    need = RATIO_KNOWN if known else RATIO_UNKNOWN
    pieces = [(_stem(token), True)]
    if not known and len(token) >= 9:
        # merged words: compare the tail with whole words too ("вечерогенство" -> "огенство")
        pieces += [(token[-k:], False) for k in range(6, min(len(token) - 2, 11))]
    best, best_r = None, need
    for piece, as_stem in pieces:
        cands: dict[str, int] = {}
        for bg in _bigrams(piece):
            for w in index.get(bg, ()):
                cands[w] = cands.get(w, 0) + 1
        for w, shared in cands.items():
            st = stems[w] if as_stem else w
            if shared < 2 or abs(len(st) - len(piece)) > 3:
                continue
            r = SequenceMatcher(None, piece, st).ratio()
            if as_stem and len(w) >= MIN_WHOLE:  # «моткопиталом»: its stem against the whole «маткапитал»
                r = max(r, SequenceMatcher(None, piece, w).ratio())
            if r > best_r or (r == best_r and best is not None and len(w) > len(best)):
                best, best_r = w, r
    return best


# The organisation's own names (quoted in its checklist: «Умники», «НетЛайн») as ASR writes them:
# without quotes, in lower case, split («у маники», «нет, Лэн»), declined, or in Latin («NETLIN»).
NAME_MIN_LETTERS = 5  # shorter names only count when said exactly
NAME_RATIO = 0.75
NAME_RATIO_WORD = 0.8
NAME_RATIO_SOUND = 0.88  # one word compared by its sound («афталка» ~ «афталика»)
_LATIN = {
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "дж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "y": "й",
    "z": "з",
}


def name_letters(text: str) -> str:
    """Lower-case Cyrillic letters only (Latin transliterated, ё = е): «NetLine-2» -> «нетлине»."""
    out = []
    for ch in text.lower().replace("ё", "е"):
        if "а" <= ch <= "я":
            out.append(ch)
        elif ch in _LATIN:
            out.append(_LATIN[ch])
    return "".join(out)


# How a name sounds, not how the ASR spelt it: voiced consonants as voiceless, unstressed «о» as
# «а», «е»/«я»/«э»/«ы» as «и», soft and hard signs dropped («Афтольга» ~ «АвтоЛига», «морад» ~ «Марат»).
_SOUND = str.maketrans(
    {
        "б": "п",
        "в": "ф",
        "г": "к",
        "д": "т",
        "ж": "ш",
        "з": "с",
        "о": "а",
        "е": "и",
        "я": "и",
        "э": "и",
        "ы": "и",
        "ь": None,
        "ъ": None,
        "й": "и",
    }
)


def sound(letters: str) -> str:
    """``letters`` (name_letters) as they sound, ASR spelling slips folded together."""
    return letters.translate(_SOUND)


def _short_form(said: str, target: str) -> bool:
    """A short name (four letters) declined («умки», «умков» of «Умка») or glued by ASR onto the
    dictionary word before it («центрумка»): one word only."""
    if len(target) != NAME_MIN_LETTERS - 1:
        return False
    stem = target[:-1] if target[-1] in "аеиоуыяю" else target
    if said.startswith(stem) and 0 <= len(said) - len(stem) <= 2 and len(said) > len(stem):
        return True
    rest = said[: -len(target)]
    return said.endswith(target) and len(rest) >= 4 and is_known(rest)


def _close(said: str, target: str, one_word: bool) -> bool:
    if said == target or (one_word and _short_form(said, target)):
        return True
    if len(target) >= NAME_MIN_LETTERS and one_word and len(said) >= NAME_MIN_LETTERS:
        heard, meant = sound(said), sound(target)
        if heard == meant or SequenceMatcher(None, heard, meant).ratio() >= NAME_RATIO_SOUND:
            return True
    if len(target) < NAME_MIN_LETTERS or abs(len(said) - len(target)) > 3:
        return False
    if one_word and said[:4] == target[:4] and abs(len(said) - len(target)) <= 2:
        return True  # one word, its ending garbled or declined: «нетлым», «умниках»
    # a word of its own must be closer than words run together («нет, Лэн»: the split costs letters)
    return SequenceMatcher(None, said, target).ratio() >= (NAME_RATIO_WORD if one_word else NAME_RATIO)


# A long name's consonants, as ASR keeps them when it loses the vowels of a word it never heard
# («сэнсадом», «СМСДМ», «с инсадом» for «СолнцеДом»): vowels dropped, «ц» as «с», «м» and «н» alike.
_SKELETON = str.maketrans({"ц": "с", "щ": "ш", "ч": "ш", "м": "н", "а": "", "и": "", "у": "", "ю": ""})
SKELETON_MIN = 5  # consonants of the name: shorter skeletons match too many words
SKELETON_RATIO = 0.85


def skeleton(letters: str) -> str:
    return re.sub(r"(.)\1+", r"\1", sound(letters).translate(_SKELETON))


def _skeleton_close(joined: str, target: str, words: list[str]) -> bool:
    """Words no dictionary knows (a short preposition aside) whose consonants are the name's."""
    meant = skeleton(target)
    if len(meant) < SKELETON_MIN or not all(len(w) <= 2 or not is_known(w) for w in words):
        return False
    heard = skeleton(joined)
    return abs(len(heard) - len(meant)) <= 2 and SequenceMatcher(None, heard, meant).ratio() >= SKELETON_RATIO


def name_span(name: str, words: list[str]) -> tuple[int, int] | None:
    """(first, last + 1) of the one to three consecutive ``words`` that sound like ``name`` (a quoted
    proper name), or None."""
    target = name_letters(name)
    if len(target) < 3:
        return None
    letters = [name_letters(w) for w in words]
    for i in range(len(letters)):
        if letters[i] and _short_form(letters[i], target):
            return i, i + 1
        joined = ""
        for k in range(i, min(i + 3, len(letters))):
            joined += letters[k]
            if not letters[i] or len(joined) > len(target) + 3:
                break
            if _close(joined, target, k == i) or _skeleton_close(joined, target, words[i : k + 1]):
                return i, k + 1
    return None


def name_spoken(name: str, words: list[str]) -> bool:
    """Whether one to three consecutive ``words`` sound like ``name``."""
    return name_span(name, words) is not None


# A first name as ASR writes it: glued to a sound of the next word («Кириллту»), or its first
# vowel heard as another («Якатерина», «Олександр»). Only for words no dictionary knows.
_NAME_VOWELS = {"я": "е", "е": "я", "а": "о", "о": "а", "э": "е"}
_NAME_MIN = 4


def _name_itself(word: str) -> bool:
    """A first name in its own form («Кирилл»), not a case of another («Мини» of «Минь»)."""
    from rop.analysis.embedded.lang import is_name, tags

    low = word.lower().replace("ё", "е")
    return is_name(word) and any(lem == low and "Name" in tag for lem, tag, _ in tags(word))


_SOFT_BEFORE = "яеюи"
_VOWELS = "аеиоуыэюяь"
_FINAL_PAIRS = {"д": "т", "т": "д", "б": "п", "п": "б", "з": "с", "с": "з", "в": "ф", "ф": "в", "г": "к", "к": "г"}


_VOWEL_SLIPS = {"а": "ое", "о": "а", "е": "иа", "и": "е", "я": "е"}


def _sounds_like_name(word: str) -> str | None:
    """«даря» -> «Дарья» (the soft sign lost), «морад» -> «Марат» (an «о» for «а», the last
    consonant voiced): one such slip that turns an unknown word into a first name."""

    low = word.lower().replace("ё", "е")
    cands = [
        low[:i] + "ь" + low[i:] for i in range(2, len(low)) if low[i] in _SOFT_BEFORE and low[i - 1] not in "аеиоуыэюяь"
    ]
    last = _FINAL_PAIRS.get(low[-1])
    stems = [low, low[:-1] + last] if last else [low]
    for st in stems:
        cands += [st] if st != low else []
        cands += [st[:i] + "а" + st[i + 1 :] for i, ch in enumerate(st) if ch == "о"]
    # one unstressed vowel heard as its neighbour: «игарь» (Игорь), «олися» (Олеся), «лориса» (Лариса)
    cands += [low[:i] + alt + low[i + 1 :] for i, ch in enumerate(low) if i for alt in _VOWEL_SLIPS.get(ch, "")]
    for c in cands:
        if _name_itself(c.capitalize()):
            return c.capitalize() if word[0].isupper() else c
    return None


@lru_cache(maxsize=20_000)
def asr_name(word: str) -> str | None:
    """The first name an unknown ASR word stands for, in the word's case, or None."""
    from rop.analysis.embedded.lang import is_name

    if len(word) < _NAME_MIN + 1 or not word.isalpha() or is_known(word):
        return None
    alike = _sounds_like_name(word)
    if alike is not None:
        return alike
    for k in (1, 2):
        head = word[:-k]
        # a doubled last letter lost with the glued sound: «Кирилду» -> «Кирилл», not «Кирил»
        for cand in (head + head[-1], head):
            if len(cand) >= _NAME_MIN and _name_itself(cand):
                return cand
    first = word[0].lower()
    if first in _NAME_VOWELS:
        swapped = _NAME_VOWELS[first] + word[1:]
        if is_name(swapped):
            return swapped.capitalize() if word[0].isupper() else swapped
    return None
