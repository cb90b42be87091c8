"""Cut words of a terse criterion read as the words they cut.

A busy head of sales types «Предст. комп./себя, имя кл.», «н/п — повт. обр.», «Возр.: уточн. причину»,
«р-н». A cut word is the beginning of a word followed by a dot («предст.»), or its first and last
letters joined by a hyphen («р-н», «кл-т»). It is read as the criterion word it begins: first the
general vocabulary of checklists (criterion.json, «abbreviation_words», most usual reading first),
then, for a cut of four letters or more that is no word of its own, the words that select a concept
(lexicon.json triggers) when they all name one concept.

The dot of a cut word ends no sentence unless a capital letter, the end of the text or a
not-applicable note («н/п — …») follows it.
"""

from __future__ import annotations

import re
from functools import cache

from rop.analysis.embedded.lang import morph
from rop.analysis.embedded.lexicon import CONCEPTS, load_json

_MIN_TRIGGER_CUT = 4
_SHORT_CUT = 2
_CUT_RX = re.compile(r"(?<![\w.\-])([А-ЯЁа-яё]{2,8})\.(?!\w)")
_HYPHEN_RX = re.compile(r"(?<![\w\-])([А-ЯЁа-яё]{1,3})-([а-яё]{1,3})(?![\w\-])")
# what follows a dot that ends a sentence: a capital, the end, a not-applicable note («н/п — …»)
# (an acronym «обяз. ПВ», «мин. 2 ЖК» is no capital that starts a sentence)
_SENTENCE_END_RX = re.compile(r"\s*(?:$|[A-ZА-ЯЁ](?![A-ZА-ЯЁ]{1,4}\b)|[«\"]|[нН]\s*/\s*[пПаАaA](?!\w))")
# marks of a dictionary word that is itself a cut, slang or a name («обр», «комп», «инвест»)
_NOT_EVERYDAY = frozenset({"Abbr", "Slng", "Orgn", "Name", "Surn", "Patr", "Geox", "Infr", "Erro", "Dist"})


@cache
def _words() -> tuple[str, ...]:
    return tuple(load_json("criterion.json")["abbreviation_words"])


@cache
def _trigger_words() -> tuple[tuple[str, str], ...]:
    """(trigger word, concept key) for each one-word trigger of a concept."""
    return tuple((t, c.key) for c in CONCEPTS for t in sorted(c.triggers) if " " not in t)


def _word_of_its_own(cut: str) -> bool:
    """ "сам", "срок", "оба": an everyday word, no cut ("предст", "обр", "комп", "родит" are read)."""
    parses = morph().parse(cut)
    if not parses or not morph().word_is_known(cut):
        return False
    if len(cut) <= _SHORT_CUT:  # "пр", "ул", "ср": a known two-letter cut may be anything
        return True
    tag = parses[0].tag
    return tag.POS != "VERB" and not (_NOT_EVERYDAY & set(tag.grammemes))


def complete(cut: str) -> str | None:
    """The word a cut word («предст», «кл», «повт») begins, None when nothing is read."""
    low = cut.lower()
    if _word_of_its_own(low):
        return None
    found = next((w for w in _words() if w.startswith(low) and w != low), None)
    if found is not None or len(low) < _MIN_TRIGGER_CUT:
        return found
    hits = [(t, k) for t, k in _trigger_words() if t.startswith(low)]
    if not hits or len({k for _, k in hits}) > 1:
        return None
    return min((t for t, _ in hits), key=len)


def _joined(first: str, last: str) -> str | None:
    """ "р-н" → "район": the vocabulary word with these first and last letters."""
    a, z = first.lower(), last.lower()
    return next((w for w in _words() if w.startswith(a) and w.endswith(z) and len(w) > len(a) + len(z)), None)


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


_PREV_WORD_RX = re.compile(r"(\w+)\s*$")


def _after_noun(word: str, before: str) -> str:
    """ "имя кл." → "имя клиента", "форма опл." → "форма оплаты": a noun read after a noun is its
    genitive."""
    m = _PREV_WORD_RX.search(before)
    if m is None:
        return word
    prev, full = morph().parse(m.group(1).lower()), morph().parse(word)
    if not prev or not full or prev[0].tag.POS != "NOUN" or full[0].tag.POS != "NOUN":
        return word
    number = "plur" if "plur" in full[0].tag else "sing"
    form = full[0].inflect({"gent", number})
    return form.word if form is not None else word


# «Предст. комп./себя»: the parts of an introduction joined by a slash are all said
_INTRODUCTION_RX = re.compile(r"(представ\w*\s+)((?:\w+\s*/\s*)*себя(?:\s*/\s*\w+)*)", re.IGNORECASE)


def _introduction(text: str) -> str:
    return _INTRODUCTION_RX.sub(lambda m: m.group(1) + re.sub(r"\s*/\s*", " и ", m.group(2)), text)


def expand_cuts(text: str) -> str:
    """The criterion with its cut words spelled out («Предст. комп./себя» → «Представиться компания/себя»)."""

    def dotted(m: re.Match[str]) -> str:
        full = complete(m.group(1))
        if full is None:
            return m.group(0)
        keep_dot = bool(_SENTENCE_END_RX.match(text, m.end()))
        return _cased(_after_noun(full, text[: m.start()]), m.group(1)) + ("." if keep_dot else "")

    def hyphen(m: re.Match[str]) -> str:
        full = _joined(m.group(1), m.group(2))
        return m.group(0) if full is None else _cased(full, m.group(1))

    return _introduction(_HYPHEN_RX.sub(hyphen, _CUT_RX.sub(dotted, text)))
