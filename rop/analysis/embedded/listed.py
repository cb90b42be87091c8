"""A string field whose description names its closed set of values («На каком складе (Обводный,
Коломяги, Купчино)», «Салон: Покровка, ТРЦ Небо или Автозавод»): it behaves like an enum. The value
is the listed name the call says for the client's choice, in any inflection («на Обводном», «в
Небе»), and an ASR-garbled spelling close enough to one name («коломеги», «автозводе») counts as it.
A sentence that lists several of the names offers a choice and decides nothing; of the others the
last one said wins (the decision comes after the alternatives: «Купчино далеко» — «на Обводном»).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rop.analysis.embedded.fuzzy import sound
from rop.analysis.embedded.lang import is_known, lemmas
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec

# words in a field's description that make it a place the client chooses among the company's own
_PLACE_HEADS = frozenset(
    {"склад", "салон", "филиал", "офис", "отделение", "клиника", "магазин", "точка", "площадка", "студия"}
    | {"шоурум", "центр", "зал", "клуб", "школа", "пункт", "район", "адрес", "локация", "где", "куда"}
)
# generic words inside a listed name: «ТРЦ Небо» is told apart by «Небо», not by «ТРЦ»
_GENERIC = frozenset(
    {"трц", "тц", "тк", "бц", "жк", "ул", "улица", "проспект", "пр", "пл", "площадь", "шоссе", "метро", "м"}
    | {"салон", "филиал", "склад", "офис", "отделение", "район", "центр", "магазин"}
)
_PERSON = frozenset({"имя", "фио", "фамилия", "звать", "зовут", "отчество"})
_EXAMPLES_RX = re.compile(r"например|напр\.|к примеру|\bтипа\b")
# «В каком сервисе клиент будет обслуживаться (…)»: which one of ours, whatever the noun
_WHICH_RX = re.compile(r"\b(?:в|на|из|у)\s+(?:каком|какой|какую|котором|которой)\b|\bкакой\b|\bкакая\b|\bкакое\b")


def _choice_of_ours(description: str) -> bool:
    return bool(_WHICH_RX.search(description.lower()))


_SEGMENT_RX = re.compile(r"\(([^()]*)\)|:\s*((?:\([^()]*\)|[^.;—–()])*)")
_BRACKET_RX = re.compile(r"\s*\(([^()]*)\)")
_SPLIT_RX = re.compile(r"\s*(?:,|/|\bили\b|\bи\b|\bлибо\b)\s*")
_ITEM_RX = re.compile(r"^[«\"]?([A-ZА-ЯЁ][\w-]*(?:\s+[\w-]+){0,2})[»\"]?$")
_WORD_RX = re.compile(r"[a-zа-яё]+")
_SOUND_RATIO = 0.7  # how alike an unknown word and a listed name must sound (fuzzy.sound)


def _items(segment: str) -> list[tuple[str, list[str]]]:
    """The names a segment lists, each with its bracketed aliases («Кировский (ул. Космонавтов)»)."""
    aliases: list[list[str]] = []

    def keep(m: re.Match[str]) -> str:
        aliases.append(_WORD_RX.findall(m.group(1).lower()))
        return f" #{len(aliases) - 1}"

    plain = _BRACKET_RX.sub(keep, segment)
    out: list[tuple[str, list[str]]] = []
    for part in (p.strip() for p in _SPLIT_RX.split(plain.strip()) if p.strip()):
        refs = [int(r) for r in re.findall(r"#(\d+)", part)]
        m = _ITEM_RX.match(re.sub(r"\s*#\d+", "", part).strip())
        if m is None:
            return []
        extra = [w for r in refs for w in aliases[r] if w not in _GENERIC and len(w) > 3]
        out.append((m.group(1), extra))
    return out


def names(spec: FieldSpec) -> list[tuple[str, list[str]]]:
    """The closed set of names a place field's description lists (two or more), with the words
    that tell each apart; none where the description lists no capitalised names."""
    if spec.type not in {"string", "text"}:
        return []
    words = set(lemmas(spec.key.replace("_", " ") + " " + spec.description))
    if words & _PERSON or (not words & _PLACE_HEADS and not _choice_of_ours(spec.description)):
        return []
    for m in _SEGMENT_RX.finditer(spec.description):
        if _EXAMPLES_RX.search(spec.description[max(0, m.start() - 12) : m.start() + 1]) or "…" in m.group(0):
            continue  # «например: Анна, Олег», «Toyota, Kia…»: examples of an open set
        items = _items(m.group(1) if m.group(1) is not None else m.group(2))
        if len(items) >= 2:
            return items
    return []


def _keys(name: str, aliases: list[str]) -> list[str]:
    """The words that tell a listed name apart, its bracketed aliases and, for a name of several
    words, all its letters run together (as ASR glues «ТРЦ Небо» into one word)."""
    whole = _WORD_RX.findall(name.lower())
    words = [w for w in whole if w not in _GENERIC] or whole
    return words + aliases + (["".join(whole)] if len(whole) > 1 else [])


def _common(a: str, b: str) -> int:
    """How many first letters two words share."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _close(token: str, key: str) -> bool:
    """The token is the key word inflected («Покровке», «Коломягах») or an ASR-garbled spelling of
    it: a word no dictionary knows that sounds like it («коломеги», «автозводе», «турцернеба» for
    «ТРЦ Небо» run together), or a dictionary word one letter off its stem («отводном»)."""
    if _common(token, key) >= max(3, len(key) - 2) and len(token) <= len(key) + 3:
        return True
    if len(key) < 5 or len(token) < len(key) - 1:
        return False  # a shorter word is another word cut short («коляск»), not the name garbled
    if is_known(token):
        stem = len(key) - 2
        if stem < 5 or len(token) < stem:
            return False
        return sum(a != b for a, b in zip(token[:stem], key[:stem], strict=True)) == 1
    heard, meant = sound(token), sound(key)
    if heard[:1] != meant[:1]:
        return False  # ASR keeps a name's first sound
    return SequenceMatcher(None, heard[: len(meant) + 2], meant).ratio() >= _SOUND_RATIO


def _named(u: Unit, listed: list[tuple[str, list[str]]]) -> set[str]:
    tokens = _WORD_RX.findall(u.text.lower())
    said: set[str] = set()
    for name, aliases in listed:
        if any(_close(t, k) for k in _keys(name, aliases) for t in tokens):
            said.add(name)
    return said


def choice(spec: FieldSpec, prep: Prepared) -> tuple[str, Unit] | None:
    """The listed name the call settles on: the last one said outside a sentence listing several."""
    listed = names(spec)
    best: tuple[str, Unit] | None = None
    for u in prep.units:
        said = _named(u, listed)
        if len(said) == 1:
            best = (next(iter(said)), u)
    return best
