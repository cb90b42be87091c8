"""The transcript prepared once per call: sentences with lemmas and number-normalised text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from rop.analysis.embedded.fuzzy import asr_name, fuzzy_lemma, name_span
from rop.analysis.embedded.lang import (
    Token,
    is_known,
    is_name,
    is_patronymic,
    is_question,
    lemma,
    sentences,
    tags,
    tokenize,
)
from rop.analysis.embedded.numbers import asr_times, normalize_numbers
from rop.analysis.types import ChecklistSpec, TableSpec, Utterance
from rop.core.vocabulary import terms_from_texts

# What a unit that says one of the organisation's own names counts as besides the name's words:
# the company concept («название компании») and the opening of a business call.
NAME_MARK = "компания"


@dataclass
class Unit:
    """One sentence of one utterance: the unit that is matched and quoted."""

    index: int  # position among all units
    utt: int  # index of the utterance
    turn_of_speaker: int  # n-th utterance of this speaker (0-based)
    speaker: str
    text: str  # verbatim: text[start:end] of the utterance
    offset: int
    start_time: float
    norm: str  # lower-cased, numbers as digits
    tokens: list[Token] = field(default_factory=list)
    lemma_list: list[str] = field(default_factory=list)
    lemma_set: frozenset[str] = frozenset()
    fuzzy: frozenset[str] = frozenset()  # vocabulary lemmas that ASR-garbled words resemble
    question: bool = False
    turn: int = 0  # consecutive utterances of one speaker form one turn (ASR splits turns)
    # token indices where the organisation's name is said (any spelling); -1 / len(tokens): said right
    # before / after this sentence in the same opening turn (the ASR split «Семён. Компания «…»»)
    org_name: frozenset[int] = frozenset()
    # the last words of the same speaker's previous segment when the ASR cut a sentence there
    # («… всего» | «доброго.»): phrases are read across the cut
    lead: tuple[str, ...] = ()
    lead_norm: str = ""  # the same words as they are written (norm), for patterns

    @property
    def pattern_text(self) -> str:
        """``norm`` with the cut-off words before it («итак,» | «двушка, ипотека, …»)."""
        return f"{self.lead_norm} {self.norm}" if self.lead_norm else self.norm

    @property
    def phrase_lemmas(self) -> list[str]:
        """Lemmas to find phrases in: the cut-off words before this sentence, then its own."""
        return [*self.lead, *self.lemma_list]


@dataclass
class Prepared:
    utterances: list[Utterance]
    units: list[Unit]
    speaker_turns: dict[str, int]  # utterances per speaker
    roles_known: bool
    turn_speakers: list[str] = field(default_factory=list)

    def turn_units(self, turn: int) -> list[Unit]:
        return [u for u in self.units if u.turn == turn]

    def next_turn_units(self, u: Unit) -> list[Unit]:
        """The other side's reply: units of the following turn."""
        return self.turn_units(u.turn + 1) if u.turn + 1 < len(self.turn_speakers) else []

    def prev_turn_units(self, u: Unit) -> list[Unit]:
        return self.turn_units(u.turn - 1) if u.turn > 0 else []

    def units_of(self, speaker: str) -> list[Unit]:
        if speaker == "any" or not self.roles_known:
            return self.units
        return [u for u in self.units if u.speaker == speaker]

    def utterance_units(self, utt: int) -> list[Unit]:
        return [u for u in self.units if u.utt == utt]


def configured_names(config: ChecklistSpec | TableSpec) -> tuple[str, ...]:
    """The quoted proper names of a checklist or table («название школы «Умники»» -> Умники)."""
    texts: list[str] = [config.name, config.prompt]
    if isinstance(config, ChecklistSpec):
        texts += [t for s in config.stages for t in (s.name, s.criterion, *s.hints)]
    else:
        texts += [f.description for f in config.fields]
    return tuple(terms_from_texts(texts))


def _names_said(tokens: list[Token], names: Iterable[str]) -> tuple[set[str], frozenset[int]]:
    """The lemmas of each configured name said in ``tokens`` in any ASR spelling (plus NAME_MARK)
    and the indices of the tokens that say it."""
    words = [t.text for t in tokens]
    lemmas: set[str] = set()
    where: set[int] = set()
    for name in names:
        span = name_span(name, words)
        if span is not None:
            lemmas |= {lemma(w.lower()) for w in name.replace("-", " ").split()} | {NAME_MARK}
            where |= set(range(*span))
    return lemmas, frozenset(where)


_PROPER_MIN = 4  # letters of an unquoted organisation name («Гранд-Полис», «Хакурона»)
_AFTER_GREETING = frozenset({"день", "утро", "вечер", "здравствуйте", "алло", "привет"})


def _proper_word(t: Token) -> bool:
    """A word written as a proper name that no dictionary knows («Грандполис»), or hyphenated
    capitalised parts («Гранд-Полис»): how ASR writes an organisation's name it heard without quotes."""
    parts = t.text.split("-")
    if not all(p[:1].isupper() and p[1:].islower() for p in parts) or len(t.text) < _PROPER_MIN:
        return False
    if len(parts) > 1:
        return all(p.isalpha() for p in parts)
    if not t.text.isalpha() or is_known(t.text):
        return False
    return not (is_name(t.text) or is_patronymic(t.text))


# Kinds of organisation a manager opens with before its name, besides the company concept's own words.
_KINDS_EXTRA = frozenset({"стоматология", "косметология", "ветклиника", "автошкола", "лаборатория", "служба", "группа"})
_KIND_RATIO = 0.8


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    from rop.analysis.embedded.lexicon import BY_KEY

    return frozenset(w for w in BY_KEY["company"].lemmas if len(w) >= 4) | _KINDS_EXTRA


@lru_cache(maxsize=8192)
def _is_kind(low: str, lem: str) -> bool:
    """«компания», «стоматология» and their ASR forms: cut short («клини») or misspelt («стаматология»)."""
    kinds = _kinds()
    if lem in kinds:
        return True
    if len(low) < 5 or not low.isalpha():
        return False
    return any(
        (k.startswith(low) and len(k) - len(low) <= 2)
        or (len(low) >= 6 and SequenceMatcher(None, low, k).ratio() >= _KIND_RATIO)
        for k in kinds
    )


def _after_kind(tokens: list[Token], i: int) -> set[int]:
    """«компания трансвектор», «стоматология, жемчук»: the one or two words after a kind of
    organisation that no dictionary knows are its name, written by the ASR in lower case."""
    out: set[int] = set()
    for k in range(i + 1, min(i + 3, len(tokens))):
        t = tokens[k]
        if len(t.low) < 3 or not t.low.isalpha() or is_known(t.low):
            break
        out.add(k)
    return out


_OPENING_MIN = 5


def _opening_word(t: Token) -> bool:
    """The first word of the call, unknown to the dictionary and not a garbled word of the vocabulary
    or a name («Типлэдом, сервисная служба»): the organisation the manager answers for."""
    low = t.low
    if len(low) < _OPENING_MIN or not low.isalpha() or is_known(low):
        return False
    return fuzzy_lemma(low) is None and asr_name(t.text) is None and not _is_kind(low, t.lemma)


def _unquoted_names(tokens: list[Token], first: bool = False) -> frozenset[int]:
    """Indices of the words of an opening sentence that name the organisation without quotes: an
    unknown proper word not opening the sentence and not right after a greeting (that would be the
    person addressed: «Добрый день, Гульнара»), unknown words right after a kind of organisation, and
    (``first``: the call's first sentence) an unknown word it opens with."""
    out: set[int] = set()
    for i, t in enumerate(tokens):
        named = _proper_word(t) and tokens[i - 1].low not in _AFTER_GREETING if i else first and _opening_word(t)
        if named:
            out.add(i)
            # the ASR wrote the name in two unknown words («Автоцом трёвтольга, Марат»)
            out |= {k for k in _after_kind(tokens, i) if k == i + 1 and asr_name(tokens[k].text) is None}
        if _is_kind(t.low, t.lemma):
            out |= _after_kind(tokens, i)
    return frozenset(out)


_NOT_A_NAME_TAGS = ("VERB", "INFN", "NPRO", "PRCL", "CONJ", "PREP", "INTJ", "ADVB", "PRED")
_PERSON_TAGS = ("Name", "Patr", "Surn")


def _org_word(w: Token) -> bool:
    """A word that may be part of an organisation's name: no verb, pronoun or particle, and no person
    named in the nominative («Мария»; «Саната» parses as a name only in the genitive)."""
    tag = tags(w.text)[0][1]
    if not w.text.isalpha() or len(w.text) < 3 or any(t in tag for t in _NOT_A_NAME_TAGS):
        return False
    return not (any(t in tag for t in _PERSON_TAGS) and "nomn" in tag)


_GREETING_LEMMAS = frozenset({"добрый", "день", "утро", "вечер", "здравствуйте", "алло", "привет", "слушать"})


def _clauses(tokens: list[Token], text: str) -> list[list[int]]:
    """Token indices grouped by the commas and stops between them."""
    out: list[list[int]] = []
    for i, t in enumerate(tokens):
        if not out or any(c in text[tokens[i - 1].end : t.start] for c in ",.!?;:—–"):
            out.append([])
        out[-1].append(i)
    return out


def _clause_kind(words: list[Token]) -> str:
    """G: a greeting («добрый день», «слушаю»); N: the manager's own name («меня зовут Олег», «это
    Олег», «Олег»); C: one to three nouns/adjectives, possibly a name ASR wrote in lower case; else "."."""
    if any(w.lemma in _GREETING_LEMMAS for w in words):
        return "G"
    first = words[1] if words[0].low == "это" and len(words) > 1 else words[0]
    if words[0].low == "меня" or (len(words) <= 2 and (is_name(first.text) or asr_name(first.text))):
        return "N"
    if 1 <= len(words) <= 3 and all(_org_word(w) for w in words):
        return "C"
    return "."


def _opening_clause(tokens: list[Token], text: str) -> frozenset[int]:
    """«Добрый день, северный берег, меня зовут Сергей», «Саната, тур, Полина, слушаю», «Меня зовут
    Роман, новый квартал.»: ASR writes the organisation's name in lower case and without quotes;
    clauses of nouns/adjectives between the greeting (or the sentence start) and the manager's own
    name, or right after that name at the sentence end or before a greeting, are that name."""
    if any(q in text for q in '«»"'):
        return frozenset()  # a quoted name is read as such; this is for ASR text, which has no quotes
    groups = _clauses(tokens, text)
    kinds = "".join(_clause_kind([tokens[j] for j in g]) for g in groups)
    for k, kind in enumerate(kinds):
        if kind != "C" or (k and kinds[k - 1] == "C"):
            continue
        run = k
        while run < len(kinds) and kinds[run] == "C":
            run += 1
        before = kinds[k - 1] if k else "G"
        after = kinds[run] if run < len(kinds) else "G"
        words = [tokens[j] for g in groups[k:run] for j in g]
        if all(_is_kind(w.low, w.lemma) for w in words):
            continue  # «Ветклиника, Дарья, добрый день»: a kind of organisation, not its name
        if (before == "G" and after == "N") or (before == "N" and after == "G" and run - k == 1):
            return frozenset(j for g in groups[k:run] for j in g)
    return frozenset()


_SPLIT_HEAD = 3  # letters of a word the ASR cut off a longer one («и потеку», «сам занятая»)
_SPLIT_MIN = 6
_SPLIT_FUZZY = 8  # pieces that only resemble a word must make a long one («и портепка»), not «без неё»


def split_words(tokens: list[Token]) -> set[str]:
    """Vocabulary lemmas of words the ASR wrote in pieces («и по тека» -> «ипотека», «пере оформить»):
    two or three neighbouring words, the first of three letters or fewer, read as one word that
    begins with the same letter."""
    from rop.analysis.embedded.fuzzy import vocabulary

    vocab = vocabulary()
    out: set[str] = set()
    lows = [t.low if t.low.isalpha() else "" for t in tokens]
    for i in range(len(lows) - 1):
        for k in (2, 3):
            parts = lows[i : i + k]
            if len(parts) < k or not all(parts) or len(parts[0]) > _SPLIT_HEAD:
                continue
            joined = "".join(parts)
            if len(joined) < _SPLIT_MIN:
                continue
            lem = lemma(joined)
            garbled = len(joined) >= _SPLIT_FUZZY and not is_known(parts[-1])  # «и портепка», not «по липовому»
            found = lem if lem in vocab else fuzzy_lemma(joined) if garbled else None
            if found and found[0] == joined[0] and found not in {lemma(p) for p in parts}:
                out.add(found)
    return out


def _named(t: Token) -> Token:
    """A first name the ASR garbled («Кириллту», «якатерина») as the name it stands for."""
    name = asr_name(t.text)
    if name is None:
        return t
    return Token(name, t.start, t.end, lemma(name), name.lower().replace("ё", "е"))


def prepare(transcript: list[Utterance], names: tuple[str, ...] = ()) -> Prepared:
    """``names``: the organisation's own names (configured_names): said in any ASR spelling
    («у Меники» for «Умники») they count as the name and as a company mention."""
    units: list[Unit] = []
    counts: dict[str, int] = {}
    turn_speakers: list[str] = []
    for ui, utt in enumerate(transcript):
        if not turn_speakers or turn_speakers[-1] != utt.speaker:
            turn_speakers.append(utt.speaker)
        text = utt.text or ""
        n_turn = counts.get(utt.speaker, 0)
        counts[utt.speaker] = n_turn + 1
        length = max(len(text), 1)
        dur = max(utt.end - utt.start, 0.0)
        for s, e in sentences(text):
            piece = text[s:e]
            cased = normalize_numbers(asr_times(piece))
            norm = cased.lower().replace("ё", "е")
            toks = tokenize(cased)
            fuzzy = {f for f in (fuzzy_lemma(t.low) for t in toks) if f}
            # ASR glues words with hyphens ("район-принципиально"): the parts count too
            parts = [p for t in toks if "-" in t.text for p in t.text.split("-") if len(p) > 2]
            fuzzy |= {lemma(p) for p in parts} | {f for f in (fuzzy_lemma(p.lower()) for p in parts) if f}
            fuzzy |= split_words(toks)
            said, org_name = _names_said(toks, names)
            toks = [t if i in org_name else _named(t) for i, t in enumerate(toks)]
            lem = [t.lemma for t in toks]
            if utt.speaker == "manager" and len(turn_speakers) <= 2 and turn_speakers.count("manager") == 1:
                # the manager's opening words: an organisation name ASR wrote without its quotes
                first = not any(x.speaker == "manager" for x in units)
                bare = (
                    _unquoted_names(toks, first=first) | (_opening_clause(toks, piece) if first else frozenset())
                ) - org_name
                said |= {NAME_MARK} if bare else set()
                org_name |= bare
            fuzzy |= said
            units.append(
                Unit(
                    index=len(units),
                    utt=ui,
                    turn_of_speaker=n_turn,
                    speaker=utt.speaker,
                    text=piece,
                    offset=s,
                    start_time=round(utt.start + dur * s / length, 2),
                    norm=norm,
                    tokens=toks,
                    lemma_list=lem,
                    lemma_set=frozenset(lem),
                    fuzzy=frozenset(fuzzy),
                    question=is_question(piece),
                    turn=len(turn_speakers) - 1,
                    org_name=org_name,
                )
            )
    _join_opening(units)
    _bridge_cuts(units, transcript)
    _asr_questions(units)
    roles = {u.speaker for u in transcript}
    roles_known = bool(roles & {"manager", "client"})
    return Prepared(list(transcript), units, counts, roles_known, turn_speakers)


_LEAD = 2  # words carried over a cut: enough for «всего | доброго», «спасибо за | звонок»
_SENTENCE_END = (".", "!", "?", "…")


_CUT_GAP = 4.0  # seconds between the two segments of one cut sentence (the other side may speak between)


def _bridge_cuts(units: list[Unit], transcript: list[Utterance]) -> None:
    """A segment that ends mid-sentence (no final stop) and goes on in the same speaker's next
    segment soon after (the other side's words may come between: stereo channels interleave): that
    segment's first sentence gets the last words before the cut, and a question mark at its end
    makes the words before the cut a question too."""
    last: dict[str, Unit] = {}
    for b in units:
        a = last.get(b.speaker)
        last[b.speaker] = b
        if a is None or b.offset or b.utt == a.utt:
            continue
        before, after = transcript[a.utt], transcript[b.utt]
        if (before.text or "").rstrip().endswith(_SENTENCE_END) or after.start - before.end > _CUT_GAP:
            continue
        b.lead = tuple(a.lemma_list[-_LEAD:])
        b.lead_norm = " ".join(a.norm.split()[-_LEAD:])
        if b.text.rstrip().endswith("?"):
            a.question = True  # «Вы рассматриваете ипотеку» | «или наличные?»: one question


def _opens_with_name(u: Unit) -> bool:
    """The sentence begins with the organisation's name, or a kind of organisation and its name."""
    return 0 in u.org_name or (1 in u.org_name and bool(u.tokens) and _is_kind(u.tokens[0].low, u.tokens[0].lemma))


def _join_opening(units: list[Unit]) -> None:
    """The manager's opening turn cut into sentences by the ASR («Добрый день, Семён.» «Компания
    НетЛайн.»): the organisation's name said at the edge of the next or previous sentence counts as
    said next to this one's edge."""
    for a, b in pairwise(units):
        if a.turn != b.turn or a.speaker != "manager" or a.turn > 1:
            continue
        if _opens_with_name(b):
            a.org_name = a.org_name | {len(a.tokens)}
        if a.tokens and len(a.tokens) - 1 in a.org_name and not b.text.rstrip().endswith("?"):
            b.org_name = b.org_name | {-1}  # not «… компания Ромашка. Евгения?»: the client addressed


# A question the ASR wrote with a full stop («Вы оставляли заявку на сайте.», «Дети есть.»): the
# sentence that ends a turn, addressed to the listener or asking whether something is/was, and the
# other side answers it with «да» / «нет»; or it holds a word only questions hold («ли», «-нибудь»).
_YES_NO = frozenset({"да", "нет", "ага", "угу", "конечно", "неа", "не"})
_ADDRESSED = frozenset({"вы", "ваш", "ты", "твой"})
_BE_LAST = frozenset({"есть", "быть", "нету"})
_SPEAKER_SIDE = frozenset({"я", "мы", "наш", "давать", "давайте"})
_ASKING_WORDS = frozenset({"ли"})
# a turn's last words that ask for the other side's consent: «завтра в семь удобно.», «в среду подходит.»
_CONSENT_LAST = frozenset({"удобно", "удобный", "подходить", "устраивать", "устроить", "верно", "правильно"})


def _answer_opens(units: list[Unit]) -> bool:
    """The other side's turn opens with «да» / «нет» (a filler «ну» before it allowed)."""
    lems = [w for u in units[:1] for w in u.lemma_list[:2]]
    lems = lems[1:] if lems[:1] == ["ну"] else lems
    return bool(lems) and lems[0] in _YES_NO


def _asks(u: Unit) -> bool:
    """A sentence without «?» that reads as a question in a turn's last place."""
    lem = u.lemma_list
    if len(lem) < 2 or any(ch.isdigit() for ch in u.norm):
        return False
    if set(lem) & _SPEAKER_SIDE:
        return False
    return bool(set(lem) & _ADDRESSED) or lem[-1] in _BE_LAST


def _asks_consent(u: Unit) -> bool:
    return len(u.lemma_list) >= 3 and u.lemma_list[-1] in _CONSENT_LAST and not {"я", "мы"} & u.lemma_set


_SHORT_ASK = 7  # words of a terse question: «Кредиты, просрочки были.», «Дети есть.»
_NOT_ASKING_START = frozenset({"да", "нет", "вот", "это", "так", "там", "тут", "у"})


def _noun_list(u: Unit) -> bool:
    """«Кредиты, просрочки,»: a turn of two to four bare nouns the ASR left without its «?»."""
    from rop.analysis.embedded.lang import tags

    words = [t for t in u.tokens if t.low.isalpha()]
    if not 2 <= len(words) <= 4 or u.text.rstrip().endswith((".", "!")):
        return False
    return all(any(tag.startswith("NOUN") and "nomn" in tag for _, tag, _ in tags(t.low)) for t in words)


def _asks_whether(u: Unit, prev: list[Unit]) -> bool:
    """A short sentence ending with «есть» / «были» about something the other side has not just named:
    «Отказы, просрочки были.» (the ASR's full stop for «?»), not «Скидки есть.» answering «А скидки есть?»."""
    lem = u.lemma_list
    if not 2 <= len(lem) <= _SHORT_ASK or lem[-1] not in _BE_LAST or lem[0] in _NOT_ASKING_START:
        return False
    if set(lem) & _SPEAKER_SIDE or any(ch.isdigit() for ch in u.norm):
        return False
    said_before = {w for x in prev for w in x.lemma_list if len(w) > 3}
    return not (set(lem[:-1]) - _BE_LAST) & said_before


_CLAUSE_FILLERS = frozenset({"а", "и", "ну", "вот", "так"})
_ASKING_LAST = frozenset({"какой", "сколько", "где", "когда", "куда"})


def _cut_wh_question(u: Unit) -> bool:
    """A turn the ASR cut without its stop whose last clause asks («…, а по фасадам, что хочется,»,
    «а в проекте, столешница какая,»): the sentence as a whole opens with other words."""
    from rop.analysis.embedded.lang import INTERROGATIVES, lemmas

    if u.text.rstrip().endswith((".", "!")) or u.lemma_set & _SPEAKER_SIDE:
        return False
    for clause in [c for c in u.text.split(",") if c.strip()][-2:]:
        lem = [w for w in lemmas(clause) if w not in _CLAUSE_FILLERS]
        if lem and (set(lem[:2]) & INTERROGATIVES or lem[-1] in _ASKING_LAST) and len(lem) <= _SHORT_ASK:
            return True
    return False


def _stopped(u: Unit) -> bool:
    return u.text.rstrip().endswith((".", "!", "?"))


def _asr_questions(units: list[Unit]) -> None:
    """Mark the questions the ASR wrote as statements (see above)."""
    for i, u in enumerate(units):
        if u.question or "?" in u.text:
            continue
        asking = set(u.lemma_list) & _ASKING_WORDS or any(t.low.endswith("-нибудь") for t in u.tokens)
        if asking or _asks_whether(u, [x for x in units[:i] if x.turn == u.turn - 1]):
            u.question = True
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt is None or nxt.turn == u.turn:
            continue
        prev = units[i - 1] if i else None
        if prev is not None and prev.turn == u.turn and not _stopped(u) and _cut_wh_question(prev):
            prev.question = True  # «а по фасадам, что хочется,» | «глянец, матовые,»: the options after it
        if _asks_consent(u) or _noun_list(u) or _cut_wh_question(u):
            u.question = True
            continue
        if not _asks(u) or u.turn_of_speaker == 0:
            continue  # the opening's «Вы оставляли заявку на сайте.» recalls why one calls
        u.question = _answer_opens([x for x in units[i + 1 :] if x.turn == nxt.turn])
