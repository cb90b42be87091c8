"""Stage verdicts: coverage of each aspect of the criterion in the right speaker's turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from rop.analysis.embedded import semantic, wh
from rop.analysis.embedded.aspects import NOW, OTHERS_NAME, WHAT, Aspect, address_times, set_phrase_act
from rop.analysis.embedded.fuzzy import fuzzy_lemma
from rop.analysis.embedded.lang import (
    INTERROGATIVES,
    Token,
    is_geo,
    is_known,
    is_name,
    is_patronymic,
    is_surname,
    lemma,
    tags,
    tokenize,
)
from rop.analysis.embedded.lexicon import (
    ACKNOWLEDGEMENTS,
    BY_KEY,
    CLARIFYING_OPENINGS,
    NAMED_WORDS,
    SALES_LEMMAS,
    STRONG_SALES_LEMMAS,
    distinct_hits,
    hits_needed,
    word_groups,
)
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import StageSpec, StageStatus, StageVerdict

FREQUENCY_RX = wh.FREQUENCY_RX

COMPLETE_AT = 0.75  # mean aspect coverage (covered = 1, partial = 0.5) needed for "completed"
_START_TURNS = 2
_END_TURNS = 3
_INTRO_MARKERS = frozenset(
    {
        "это",
        "я",
        "зовут",
        "звать",
        "менеджер",
        "специалист",
        "беспокоит",
        "беспокоить",
        "говорит",
        "консультант",
        "агент",
        "риелтор",
        "риэлтор",
        "меня",
        "связи",
        "приветствует",
        "звонит",
        "консультирует",
        "администратор",
        "оператор",
    }
)
_DISMISSIVE = tuple(
    re.compile(r, re.UNICODE)
    for r in (
        r"^\W*(?:хорошо|ладно|ну|понятно|угу|ок|окей|да)?\W*(?:думайте|подумайте)\b",
        r"\bкак (?:хотите|знаете)\b",
        r"\bвс[её] будет (?:хорошо|нормально)\b",
        r"\b(?:вы )?сами (?:смотрите|решайте)\b",
        r"\bничего не найд",
        r"\bтакая цена\b",
        r"\bтакие цены\b",
        r"\bэто не ко мне\b",
        r"\bхозяин так решил\b",
        r"\bзвоните\W*$",
        r"\bваше дело\b",
        r"\bне мои проблемы\b",
        r"\bне я (?:решаю|назначаю|устанавливаю|придумал\w*)\b",
        r"\bу всех (?:так|такие|такая|такой)\b",
        r"\bчто (?:я|мы) (?:тут |здесь )?(?:могу|можем) (?:сделать|поделать)\b",
    )
)


@dataclass
class Coverage:
    aspect: Aspect
    score: float = 0.0  # 0, 0.5, 1
    units: list[Unit] = field(default_factory=list)
    note: str = ""


_AFTER_COMPANY_RX = re.compile(
    r"»\s*[,.–—-]?\s*(?:(?:добрый|доброе|доброго)\s+\w+\s*[,.!–—-]?\s*|здравствуйте\s*[,.!–—-]?\s*)?"
    r"([А-ЯЁ][а-яё]+)\b"  # "«Горизонт», Денис", "«Автомир», добрый день, Алексей"
    r"|\b([А-ЯЁ][а-яё]+),?\s+(?:компания\s+|клиника\s+|агентство\s+)?«"  # "Глеб, «Чистый офис»"
)


def _after_company(u: Unit) -> set[str]:
    """ "«Горизонт Девелопмент», Денис, здравствуйте": the name right after the quoted company name
    in the manager's first words is the manager's own."""
    if u.speaker != "manager" or u.turn_of_speaker > 0:
        return set()
    found = (m.group(1) or m.group(2) for m in _AFTER_COMPANY_RX.finditer(u.text))
    names = {lemma(n) for n in found if is_name(n)}
    # ASR loses the quotes: a name right before or after the organisation's own name («Жанна, Нетлэн»)
    near = {i + d for i in u.org_name for d in (-1, 1)} - u.org_name
    return names | {u.tokens[i].lemma for i in near if 0 <= i < len(u.tokens) and is_name(u.tokens[i].text)}


def manager_names(prep: Prepared) -> set[str]:
    """Names the manager gives as their own ("меня зовут Анна", "это Игорь", "агентство «Дом», Вадим")."""
    names: set[str] = set()
    for u in prep.units_of("manager"):
        toks = u.tokens
        names |= _after_company(u)
        for i, t in enumerate(toks):
            if is_name(t.text) and _intro_at(toks, i):
                names.add(t.lemma)
    if not names:
        names |= _opening_name(prep)
    return names


_GREETINGS = frozenset({"здравствуйте", "здравствовать", "добрый", "привет", "алло", "доброе"})


def _opening_name(prep: Prepared) -> set[str]:
    """ "Алексей, агентство «Дом», здравствуйте": a name that opens the manager's first words, not
    after a greeting (that would be the client addressed), is the manager's own."""
    first = [u for u in prep.units_of("manager") if u.turn_of_speaker == 0][:1]
    if not first or not prep.roles_known or prep.turn_speakers[:1] != ["manager"]:
        return set()
    toks = first[0].tokens
    if toks and is_name(toks[0].text) and len(toks) > 2 and not addressed_first(first[0]):
        return {toks[0].lemma}
    return set()


_GREETING_NEXT = re.compile(r"\s*[,!]?\s*(?:\w*драв|\w*драсьт|добр\w+\W+(?:день|утро|вечер))|\s*\?")


def addressed_first(u: Unit) -> bool:
    """ "Сергей Иванович, здравствуйте! Меня зовут …", "Ольга Петровна? Добрый день": the call opens
    by addressing the client (a patronymic, a greeting or a question right after the name)."""
    toks = u.tokens
    k = 1 if len(toks) > 1 and is_patronymic(toks[1].text) else 0
    return k == 1 or bool(_GREETING_NEXT.match(u.text[toks[k].end :]))


_COMPANY_WORDS = frozenset({"агентство", "компания", "менеджер", "специалист", "из", "отдел"})


def _intro_at(toks: list[Token], i: int) -> bool:
    """Is the name at toks[i] the speaker's own (introduced), not the person addressed?"""
    before = toks[i - 1].low if i else ""
    after = toks[i + 1].lemma if i + 1 < len(toks) else ""
    if before == "связи" and i > 1 and toks[i - 2].low == "до":
        return False  # "До связи, Олег Николаевич": a goodbye to the client, not "на связи Олег"
    if before in _INTRO_MARKERS or after in {
        "агентство",
        "компания",
        "менеджер",
        "специалист",
        "из",
        "звать",
    }:
        return True
    # "агентство «Твой дом», Вадим": the name right after the company
    return any(t.lemma in _COMPANY_BEFORE for t in toks[max(0, i - 4) : i])


_COMPANY_BEFORE = frozenset(
    {
        "агентство",
        "компания",
        "отдел",
        "салон",
        "автосалон",
        "клиника",
        "студия",
        "сервис",
        "магазин",
        "центр",
    }
)


def is_sales_call(prep: Prepared, extra: set[str]) -> bool:
    """Something is being sold: two clear sales words, or one and two weaker ones (ASR loses words)."""
    strong: set[str] = set()
    weak: set[str] = set()
    for u in prep.units:
        strong |= set((u.lemma_set | u.fuzzy) & STRONG_SALES_LEMMAS)
        weak |= set((u.lemma_set | u.fuzzy) & (SALES_LEMMAS | extra))
    weak -= strong
    if any(parse_money(u.norm) for u in prep.units):
        weak.add("<money>")
    if len(prep.utterances) >= 4 and _company_opening(prep):
        strong.add("<company>")  # "Автосалон «Север», Дмитрий": the manager opens for a business
    return len(prep.utterances) >= 2 and (len(strong) >= 2 or (len(strong) == 1 and len(weak) >= 2))


def _company_opening(prep: Prepared) -> bool:
    company = BY_KEY["company"]
    for u in prep.units_of("manager"):
        # "звоню по поводу интернета для вашего магазина" is a business call too
        if u.turn_of_speaker == 0 and _concept_hit(Aspect(company.label, company), u, theirs=True) >= 1:
            return True
    return False


_MONEY_RE = re.compile(r"\b\d{5,}\b")


def parse_money(norm: str) -> bool:
    return bool(_MONEY_RE.search(norm))


def _concept_hit(aspect: Aspect, u: Unit, *, theirs: bool = False) -> float:
    c = aspect.concept
    score = 0.0
    lem = u.lemma_set | u.fuzzy
    if c is None:
        forms = u.lemma_set | set(_WORD_RX.findall(u.norm))  # a guessed lemma («садег») hides the form said
        lem = lem | _garbled_free_words(aspect.words, u) | _short_forms(aspect.words, forms)
    if aspect.must:
        lem = lem | _typed(aspect, u)
    if WHAT in aspect.words:
        lem = (lem - {WHAT}) | ({WHAT} if _what_question(aspect, u) else frozenset())
    if NOW in aspect.words and aspect.concept is None and NOW not in aspect.must:
        lem = (lem - {NOW}) | ({NOW} if _now_question(aspect, u) else frozenset())
    if c is None and u.speaker == "manager" and _CODE_RX.search(aspect.text) and _CODE_RX.search(u.text):
        return 1.0  # "назвал марку, например «X200»": a grade or model named by its code, whatever the item
    if c is None and aspect.words & _QUANTITY and _how_many_question(aspect, u):
        return 1.0  # "объём (тонны, паллеты)": "А лотков сколько за раз?" asks it in the client's units
    if c is not None and c.key == "company" and aspect.words:  # the name the criterion quotes
        return 1.0 if _brand_said(aspect.words, u, lem) else 0.0
    said = lem & aspect.words
    if c is None and set_phrase_act(aspect.words, lem):
        return 1.0  # "поблагодарил за обращение": "Спасибо за звонок" thanks, whatever for
    enough = bool(said) and distinct_hits(aspect.words, said) >= _hits_needed(aspect, said)
    if enough and _must_said(aspect, u, lem) and _has_noun(aspect, said):
        score = 1.0
    for ph in aspect.phrases:
        if _has_phrase(u.phrase_lemmas, ph):
            score = 1.0
    if c is None:
        return score
    if lem & c.lemmas and (theirs or not (c.key == "company" and _only_theirs(u, lem & c.lemmas))):
        return 0.5 if c.key == "meeting" and _bare_wait(u, lem & c.lemmas) else 1.0
    for ph in c.phrases:
        if _has_phrase(u.phrase_lemmas, ph):
            return 1.0
    if c.prefixes and any(t.low.startswith(c.prefixes) or t.lemma.startswith(c.prefixes) for t in u.tokens):
        return 1.0
    if _fused(c.lemmas, u):
        return 1.0
    if any(p.search(u.pattern_text) for p in c.patterns):
        return 1.0
    if c.key in {"district", "location"} and place_mention(u):
        return 1.0
    if u.lemma_set & c.weak:
        score = max(score, 0.5)
    return score


_WORD_RX = re.compile(r"[а-яa-z]+")
_BRAND_STEM = 4  # letters of each part of a hyphenated name the ASR wrote apart («аква терм»)


def _brand_said(words: frozenset[str], u: Unit, lem: frozenset[str] | set[str]) -> bool:
    """The company's own name: its words, fused with the next by the ASR, or its parts written apart."""
    if lem & words or _fused(words, u):
        return True
    said = set(_WORD_RX.findall(u.norm))
    return any(
        all(any(x.startswith(p[:_BRAND_STEM]) for x in said) for p in w.split("-")) for w in words if "-" in w
    )
_FUSED_HEAD = 5  # letters of a vocabulary word the ASR fused with the next one («Центрумка»)
_FUSED_TAIL = 3


def _fused(words: frozenset[str], u: Unit) -> bool:
    """A word no dictionary knows that holds one of ``words`` fused with another: a word after it
    («центрумка» for «центр «Умка»»), or a short word before its stem («отбюджа» for «а бюджет»)."""
    tokens = [t.low for t in u.tokens if len(t.low) >= _FUSED_HEAD + 1 and t.low.isalpha() and _unknown(t.low)]
    return any(_fused_word(t, w) for t in tokens for w in words if len(w) >= _FUSED_HEAD)


@lru_cache(maxsize=65536)
def _unknown(word: str) -> bool:
    return not is_known(word)


@lru_cache(maxsize=65536)
def _fused_word(token: str, word: str) -> bool:
    if token.startswith(word) and len(token) - len(word) >= _FUSED_TAIL:
        return True
    stem = word[:-2] if len(word) > _FUSED_HEAD else word
    return 1 <= token.find(stem) <= 2


_WAIT_OR_SEE = frozenset({"ждать", "посмотреть"})


def _bare_wait(u: Unit, said: frozenset[str]) -> bool:
    """ "Ждём.", "Давайте посмотрим.": waiting or seeing with no day, time or place of a meeting is
    no meeting agreed ("ждём вас в субботу в десять" is)."""
    if not said <= _WAIT_OR_SEE:
        return False
    return not any(_concept_hit(Aspect(BY_KEY[k].label, BY_KEY[k]), u) >= 1 for k in ("date", "time"))


# a grade, series or model code: letters fused with a number ("D500", "М-150", "XR 70")
_CODE_RX = re.compile(r"(?<![\w.,])(?:[A-Za-zА-ЯЁа-яё]{1,3}-?\d{2,4}|[A-ZА-ЯЁ]{2,3}\s\d{2,4})(?![\w,.]\d)(?!\w)")
_DIMINUTIVE = ("ик", "ок", "ек", "чик", "очек", "ечек", "ка", "очка", "ечка", "ушка", "юшка", "онька", "енька")
_ABBREVIATION_MIN = 3


def _short_forms(words: frozenset[str], said: frozenset[str]) -> frozenset[str]:
    """The criterion's words said in a longer form: a diminutive ("сад" - "садик", "дом" - "домик")
    or the full word of an abbreviation the dictionary does not know ("англ" - "английский")."""
    return frozenset(w for w in words if len(w) >= _ABBREVIATION_MIN and w.isalpha() and _said_long(w, said))


def _said_long(word: str, said: frozenset[str]) -> bool:
    abbreviation = len(word) > _ABBREVIATION_MIN and _unknown(word)
    return any(t.startswith(word) and (abbreviation or t[len(word) :] in _DIMINUTIVE) for t in said if t != word)


_FREE_MIN = 6  # a checklist's own word ("провайдер") and an ASR slip for it ("провоедере")
_FREE_RATIO = 0.72


def _garbled_free_words(words: frozenset[str], u: Unit) -> frozenset[str]:
    """The checklist's own long words (not in the concept vocabulary, so not in ``u.fuzzy``) that
    an ASR-garbled token of ``u`` stands for: a word the dictionary does not know, spelt close."""
    long_words = [w for w in words if len(w) >= _FREE_MIN and w.isalpha()]
    if not long_words:
        return frozenset()
    out: set[str] = set()
    for t in u.tokens:
        if len(t.low) >= _FREE_MIN and t.low.isalpha() and t.lemma not in words and not is_known(t.low):
            out |= {w for w in long_words if _spelt_close(t.low, w)}
    return frozenset(out)


@lru_cache(maxsize=65536)
def _spelt_close(token: str, word: str) -> bool:
    return abs(len(token) - len(word)) <= 3 and SequenceMatcher(None, token, word).ratio() >= _FREE_RATIO


def _typed(aspect: Aspect, u: Unit) -> frozenset[str]:
    """The question word of a wh-element whose answer this sentence says ("каждый день" for
    "как часто", "из Москвы" for "откуда"): said as if the word were."""
    return frozenset(w for w in aspect.must & wh.SAID_BY_TYPE if wh.answers(w, u.text, u.tokens, u.norm))


def _must_said(aspect: Aspect, u: Unit, lem: frozenset[str]) -> bool:
    return aspect.must <= lem


@lru_cache(maxsize=8192)
def _noun(word: str) -> bool:
    return any(tg.startswith("NOUN") for _, tg, _ in tags(word)[:1])


_QUANTITY = frozenset({"объем", "количество", "число", "численность", "тираж", "вес", "масса", "возраст"})
_MONEY_WORDS = frozenset({"стоить", "стоимость", "цена", "рубль", "деньга", "платить", "бюджет", "тысяча", "миллион"})


def _how_many_question(aspect: Aspect, u: Unit) -> bool:
    """ "Сколько паллет в неделю?": the manager asks how much, not what it costs nor another aspect."""
    return (
        u.question
        and u.speaker == "manager"
        and "сколько" in u.lemma_set
        and not u.lemma_set & _MONEY_WORDS
        and not _about_other(aspect, u)
    )


_NOT_ASKING_WHAT = frozenset({"потому", "то", "так", "ведь", "раз", "чем", "хоть", "вот"})


def _what_question(aspect: Aspect, u: Unit) -> bool:
    """ "Что везёте?", "Какой зуб беспокоит?": the manager asks what it is (not about the client's
    name, budget, rooms, district, timeline or payment)."""
    if not u.question or u.speaker != "manager":
        return False
    toks = u.tokens
    asks = any(
        t.lemma in (WHAT, "какой") and (i == 0 or toks[i - 1].low not in _NOT_ASKING_WHAT) for i, t in enumerate(toks)
    )
    return asks and not _about_other(aspect, u)


def _now_question(aspect: Aspect, u: Unit) -> bool:
    """ "Что у вас сейчас?", "Интернет у вас сейчас чей?": the manager asks what the client has now."""
    if not u.question or u.speaker != "manager" or NOW not in u.lemma_set:
        return False
    return bool(u.lemma_set & (INTERROGATIVES - {"ли"})) and not _about_other(aspect, u)


_NO_ANSWER_RX = re.compile(r"\bнекогда\b|\bне знаю\b|\bбез понятия\b|\bне в курсе\b|\bзанят[аы]?\b|\bперезвон")


def _unanswered(u: Unit, prep: Prepared) -> bool:
    reply = [x for x in prep.next_turn_units(u) if x.speaker != u.speaker]
    return not reply or any(_NO_ANSWER_RX.search(x.norm) for x in reply)


def _has_noun(aspect: Aspect, said: frozenset[str]) -> bool:
    """ "текущий провайдер": the adjective alone ("в текущем интернете") does not show it."""
    if (
        aspect.concept is not None
        or not any(_noun(w) for w in aspect.words)
        or said & {WHAT, NOW}
        or aspect.words == OTHERS_NAME
    ):
        return True
    return any(_noun(w) for w in said) or bool(aspect.must & said)


def _only_theirs(u: Unit, said: frozenset[str]) -> bool:
    """ "интернет для вашего магазина", "вы директор компании?": the client's business, not the
    caller's company."""
    toks = u.tokens
    hits = [i for i, t in enumerate(toks) if t.lemma in said]
    yours = {"ваш", "вы"} if u.question else {"ваш"}
    reach = 3 if u.question else 2
    # no token says it: an ASR-garbled word or the organisation's own name (transcript.NAME_MARK)
    return bool(hits) and all(any(toks[j].lemma in yours for j in range(max(0, i - reach), i)) for i in hits)


def _hits_needed(aspect: Aspect, said: set[str] | frozenset[str] = frozenset()) -> int:
    """A free element of many words ("кто в компании принимает решение по уборке: директор, завхоз")
    shows where two of them are said, not wherever one is; one of three or more words ("гарантия
    бесплатной замены кандидата") shows by its head, the thing named, not by a word that describes it."""
    if aspect.concept is not None:
        return 1
    return words_needed(aspect.words, aspect.text, said)


def words_needed(words: frozenset[str] | tuple[str, ...], text: str, said: set[str] | frozenset[str]) -> int:
    """How many of a free element's words a sentence must say, ``said`` being those it says."""
    n = hits_needed(words)
    if n == 1 and len(set(word_groups(words).values())) >= 3:
        head = head_noun(text)
        return 1 if not head or head not in words or head in said else 2
    return n


@lru_cache(maxsize=1024)
def head_noun(text: str) -> str:
    """ "гарантия бесплатной замены кандидата": a noun phrase of one thing that opens with it names
    that thing (its lemma); "" for alternatives ("первичный или повторный приём") and other wording."""
    toks = tokenize(text)
    if len(toks) < 3 or any(t.low in {"или", "либо"} for t in toks) or re.search(r"[,;/(]", text):
        return ""
    kinds = [tags(t.text)[0][1] if tags(t.text) else "" for t in toks]
    if not all(k.startswith(("NOUN", "ADJF", "PRTF", "PREP", "NUMR")) for k in kinds):
        return ""  # "опыт тренировок (занимался ли раньше)": a question glossed, not a thing named
    if toks[0].lemma in _NAMING_WORDS:
        return ""  # "название автошколы «Старт»": the name is the thing, not the word «название»
    return toks[0].lemma if kinds[0].startswith("NOUN") and "nomn" in kinds[0] else ""


_NAMING_WORDS = frozenset({"название", "наименование", "имя", "фамилия", "номер"})


@lru_cache(maxsize=4096)
def _lemmatised(ph: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(lemma(w) for w in ph)


def place_mention(u: Unit) -> bool:
    """ "в Хамовниках", "на Звёздной", ASR "в девяткино": a preposition and a place-like name."""
    toks = u.tokens
    for i in range(1, len(toks)):
        if toks[i - 1].low not in {"в", "во", "на"}:
            continue
        t = toks[i]
        if len(t.text) < 4 or not t.text.isalpha() or is_name(t.text) or is_patronymic(t.text):
            continue
        if is_geo(t.text) or not is_known(t.text) or (t.text[0].isupper() and i > 1):
            return True
    return False


def _has_phrase(seq: list[str], ph: tuple[str, ...]) -> bool:
    ph = _lemmatised(ph)
    n = len(ph)
    if n == 0:
        return False
    return any(tuple(seq[i : i + n]) == ph for i in range(len(seq) - n + 1))


def _intro_hit(u: Unit) -> bool:
    toks = u.tokens
    if bool(_after_company(u)) or any(is_name(t.text) and _intro_at(toks, i) for i, t in enumerate(toks)):
        return True
    return u.turn_of_speaker == 0 and any(_opening_intro(toks, i) for i in range(len(toks)))


_SELF_MARKERS = frozenset({"это", "зовут", "я"})
_NAMED_AS = frozenset({"звать", "зовут"})
_NOT_OWN_BEFORE = frozenset({"вы", "ты", "для", "у", "с", "к", "от", "по", "и", "или"})


def _own_name_opening(u: Unit, prep: Prepared) -> bool:
    """The manager's first turn says who speaks though the ASR lost the words around the name:
    «меня [garbled] зовут»; a first name (nominative, not after a greeting or «вы», not followed by a
    patronymic or «?») that is not the name the client gives as their own («…, Мерегиан, Марина,
    чем могу помочь?», «двор Алина, слушаю вас»)."""
    if u.speaker != "manager" or speaker_turn(u, prep)[0] != 0:
        return False
    toks = u.tokens
    if any(t.low == "меня" and any(x.low in _NAMED_AS for x in toks[i + 1 : i + 3]) for i, t in enumerate(toks)):
        return True
    theirs = {t.lemma for c in prep.units_of("client") for j, t in enumerate(c.tokens) if _intro_at(c.tokens, j)}
    for i, t in enumerate(toks):
        if not is_name(t.text) or t.low != t.lemma or t.lemma in theirs or i == 0:
            continue
        if toks[i - 1].low in _CALLING | _NOT_OWN_BEFORE or u.text[t.end :].lstrip().startswith("?"):
            continue
        if i + 1 < len(toks) and is_patronymic(toks[i + 1].text):
            continue
        return True
    return False


def _opening_intro(toks: list[Token], i: int) -> bool:
    """In the speaker's first words: "это Роман" (a name the dictionary also reads as a noun),
    "Ксения, застройщик «СтройПарк»" (a name right before the company)."""
    t = toks[i]
    if not t.text[:1].isupper() or not t.text.isalpha():
        return False
    if i and toks[i - 1].low in _SELF_MARKERS and is_name(t.text, min_score=0.0):
        return True
    nxt = toks[i + 1].lemma if i + 1 < len(toks) else ""
    return is_name(t.text) and (nxt in BY_KEY["company"].lemmas or nxt in _COMPANY_BEFORE)


def _address_hit(u: Unit, own: set[str]) -> bool:
    """The manager calls the client by name (a name that is not the manager's own)."""
    toks = u.tokens
    for i, t in enumerate(toks):
        if t.lemma in own or not is_name(t.text) or t.lemma in _after_company(u):
            continue
        if _intro_at(toks, i) or (u.turn_of_speaker == 0 and _signed_greeting(toks, i)):
            continue
        return True
    return False


_GREETING_AFTER = frozenset({"добрый", "здравствуйте", "здравствовать", "приветствовать", "слушать"})


def _signed_greeting(toks: list[Token], i: int) -> bool:
    """ "…, Станислав, добрый день" in the opening (a company name the ASR garbled before it): the
    speaker's own name before the greeting; a name that opens the turn is the person addressed."""
    if i == 0 or toks[i - 1].low in _CALLING:  # "Алло, Ольга Викторовна? Добрый день": addressed
        return False
    return any(t.lemma in _GREETING_AFTER or t.low in _GREETING_AFTER for t in toks[i + 1 : i + 3])


_CALLING = frozenset({"алло", "ало", "да", "здравствуйте", "день", "утро", "вечер", "привет"})


# who decides / where the client heard of us: the question itself has to be asked
NOT_BY_ANSWER = frozenset({"decision_maker", "source"})
_ASKED_CONCEPTS = ("client_name", "rooms", "district", "timeline", "budget", "payment")


def _about_other(aspect: Aspect, u: Unit) -> bool:
    """The question is recognisably about another aspect ("как вас зовут?" is not about the district).
    A question with a garbled word ("в каком проюне") may still hide this aspect."""
    if any(len(t.text) >= 4 and t.text.isalpha() and not is_known(t.text) and not fuzzy_lemma(t.low) for t in u.tokens):
        return False
    for key in _ASKED_CONCEPTS:
        c = BY_KEY[key]
        if c is aspect.concept:
            continue
        if _concept_hit(Aspect(c.label, c), u) >= 1:
            return True
    return False


def _asked_with(aspect: Aspect, u: Unit, prep: Prepared) -> bool:
    """ "А бюджет и форма оплаты" (the ASR's full stop for «?»): the client's reply answers another
    thing the same sentence names, so the sentence asked about both."""
    if u.speaker != "manager" or len(u.tokens) > _SHORT_ASK or _DIGIT_RX.search(u.norm):
        return False  # "… комплектация «Ультимейт» — 3 190 000": a figure told, not asked
    reply = [p for p in prep.next_turn_units(u) if p.speaker == "client"]
    for key in _ASKED_CONCEPTS:
        c = BY_KEY[key]
        if c is aspect.concept or _concept_hit(Aspect(c.label, c), u) < 1:
            continue
        if any(_concept_hit(Aspect(c.label, c), p) >= 1 for p in reply):
            return True
    return False


def _choice_taken(u: Unit, prep: Prepared) -> bool:
    """ "Вам на полный день или на несколько часов" (the ASR's «?» lost): the client's reply takes up
    a word of one of the options, so the manager offered a choice."""
    if u.speaker != "manager" or "или" not in u.lemma_set:
        return False
    options = _content(u)
    reply = [p for p in prep.next_turn_units(u) if p.speaker == "client"][:2]
    return any(options & _content(p) for p in reply)


_SHORT_ASK = 8  # words: a bare question («А бюджет и форма оплаты?»), not a statement with a plan


_WH = frozenset({"какой", "каков", "сколько", "где", "куда", "когда", "как", "какой-то", "который"})


def _wh_question(u: Unit) -> bool:
    return (u.question or "?" not in u.text) and bool(u.lemma_set & _WH) and len(u.tokens) <= 14


def open_question(u: Unit) -> bool:
    """ "Что у вас сейчас?", "Расскажите, как работает?": a question that lets the client tell."""
    return u.question and (_wh_question(u) or bool(u.lemma_set & {"рассказать", "что"}))


def _unpunctuated(prep: Prepared, u: Unit) -> bool:
    return not any(ch in ".?!" for ch in prep.utterances[u.utt].text)


def _answered(aspect: Aspect, u: Unit, prep: Prepared) -> bool:
    return any(_concept_hit(aspect, p) >= 1 for p in prep.next_turn_units(u))


def _confirms(aspect: Aspect, u: Unit, prep: Prepared) -> bool:
    return any(_concept_hit(aspect, p) >= 1 for p in prep.prev_turn_units(u))


def speaker_turn(u: Unit, prep: Prepared) -> tuple[int, int]:
    """The n-th turn of its speaker this unit is in, and how many turns that speaker has: the ASR
    cuts one turn into many segments, each counted as an utterance of its own."""
    mine = [i for i, s in enumerate(prep.turn_speakers) if s == u.speaker]
    return sum(1 for i in mine if i < u.turn), len(mine)


def _allowed(aspect: Aspect, u: Unit, prep: Prepared) -> bool:
    """A start / end aspect: in the speaker's first / last utterances or turns (whichever is wider:
    the last three ASR segments may be one sentence of the last turn)."""
    c = aspect.concept
    if c is None or not c.position:
        return True
    n, total_turns = speaker_turn(u, prep)
    if c.position == "start":
        return u.turn_of_speaker < _START_TURNS or n < _START_TURNS
    total = prep.speaker_turns.get(u.speaker, 0)
    return u.turn_of_speaker >= total - _END_TURNS or n >= total_turns - _END_TURNS


def _clients_own_name(aspect: Aspect, u: Unit) -> bool:
    """ "Как вас зовут?" asks the client's own name, not the child's or the owner's."""
    return aspect.words == OTHERS_NAME and _concept_hit(Aspect("", BY_KEY["client_name"]), u) >= 1


FOLLOW_UP = "уточняющий вопрос"


def _unit_score(aspect: Aspect, u: Unit, prep: Prepared, own_names: set[str], matter: set[int]) -> float:
    key = aspect.concept.key if aspect.concept else ""
    if not _allowed(aspect, u, prep) or _clients_own_name(aspect, u):
        return 0.0
    s = _concept_hit(aspect, u)
    if not s and _matter_asked(aspect, u, prep):
        s = 1.0  # "Стучит глухо или звонко?" after "стучит что-то спереди": what is wrong, in its words
        matter.add(u.index)
    if not s and key == "price" and aspect.ask and _price_asked(u, prep):
        s = 1.0  # "А стоит сколько?" - "Просят пять с половиной": the price found out
    if not s and aspect.ask and aspect.words & NAMED_WORDS and _named_in_answer(aspect, u, prep):
        s = 1.0  # "Автомобиль какой у вас?" - "Шкода Октавия": the make and model, named
    if not s and aspect.concept is None and aspect.words & _FULL_NAME_WORDS and _full_name(u):
        s = 1.0  # "врач (ФИО или фамилия)": "к Кравцову Михаилу Юрьевичу"
    if key == "introduce" and (_intro_hit(u) or _own_name_opening(u, prep)):
        s = 1.0
    if key == "summary" and s < 1 and (_plan_restated(u) or _restated_when(u) or _own_next_step(u)):
        s = 1.0  # "Сегодня пришлю КП, а в пятницу наберу": the agreement said over, in its own words
    if key == "summary" and s and _bare_assent(u, prep):
        s = 0.0  # "Хорошо, договорились." restates nothing: no recap of what was agreed
    if key == "tailored":
        s = _tailored(u, prep, marked=s >= 1)
    if key == "client_name":
        if s and not u.question:
            s = 0.5
        if u.speaker == "manager" and _address_hit(u, own_names):
            s = 1.0  # the manager calls the client by name (the client naming a car is no address)
    elif (
        not s
        and aspect.ask
        and key not in NOT_BY_ANSWER
        and _wh_question(u)
        and not _about_other(aspect, u)
        and _answered(aspect, u, prep)
    ):
        # an open question whose answer covers the aspect ("В каком [неразборчиво]?" - "В Хамовниках")
        s = 1.0
    elif s and aspect.ask and not u.question:
        # ASR punctuation is unreliable: a question shows by the answer on the same aspect;
        # a statement finds nothing out, unless it confirms what the other side just said
        if _answered(aspect, u, prep) or _asked_with(aspect, u, prep) or _choice_taken(u, prep):
            s = 1.0
        elif u.speaker == "manager" and any(rx.search(u.norm) for rx in CLARIFYING_OPENINGS):
            s = 1.0  # "То есть цель — продавать излишки": what the client said, checked in other words
        elif _confirms(aspect, u, prep):  # said back, "понял": the client's answer checked and taken
            s = 1.0 if u.speaker == "manager" and any(rx.search(u.norm) for rx in ACKNOWLEDGEMENTS) else 0.5
        else:
            s = 0.0
    if s and NOW in aspect.words and u.question and _unanswered(u, prep):
        s = 0.0  # "Какой у вас сейчас провайдер?" - "Без понятия": nothing found out
    return s


def cover(aspect: Aspect, units: list[Unit], prep: Prepared, own_names: set[str]) -> Coverage:
    cov = Coverage(aspect)
    matter: set[int] = set()
    for u in units:
        s = _unit_score(aspect, u, prep, own_names, matter)
        if s > cov.score:
            cov.score, cov.units = s, [u]
        elif s and s == cov.score:
            cov.units.append(u)
    if cov.score < 1:
        # a sentence the ASR cut into segments: read the pieces of one turn together
        for merged, pieces in _windows_of(units, prep):
            if (s := _unit_score(aspect, merged, prep, own_names, set())) > cov.score and _window_adds(
                aspect, merged, pieces
            ):
                cov.score, cov.units = s, pieces[:1]
    if cov.score >= 1 and cov.units and all(x.index in matter for x in cov.units):
        cov.note = FOLLOW_UP  # one follow-up question: not also another element's question
    _address_count(cov, units, prep, own_names)
    if aspect.concept is None and cov.score == 0 and units and set_phrase_act(aspect.words, frozenset()) is None:
        # no vocabulary for this aspect: semantic similarity as (weak) support
        sims = semantic.similarities(aspect.text or aspect.label, [u.text for u in units])
        if len(sims) >= 4:
            best = int(np.argmax(sims))
            spread = float(sims[best] - np.median(sims))
            if sims[best] >= 0.86 and spread >= 0.04:
                cov.score, cov.units, cov.note = 0.5, [units[best]], "по смыслу"
    return cov


_RARE_NAME = 0.05  # "Роман": a name the dictionary mostly reads as a common noun
_NAME_REPLY = 3  # words: «Роман.», «Роман Сергеевич.» — a reply that is the name itself


def _names_told(prep: Prepared) -> set[str]:
    """The names the client gave («Роман.»), also those the dictionary rarely reads as names."""
    return {
        t.lemma
        for u in prep.units_of("client")
        for t in u.tokens
        if (t.text[:1].isupper() or len(u.tokens) <= _NAME_REPLY) and is_name(t.text, _RARE_NAME)
    }


def _address_count(cov: Coverage, units: list[Unit], prep: Prepared, own_names: set[str]) -> None:
    """ "обращается к нему по имени не менее 2 раз": the name known but used in address fewer times
    than the criterion asks is half the element."""
    need = address_times(cov.aspect.words) if cov.aspect.concept and cov.aspect.concept.key == "client_name" else 0
    if not need or cov.score < 1:
        return
    told = _names_told(prep) - own_names
    turns = {
        u.turn
        for u in units
        if u.speaker == "manager" and (_address_hit(u, own_names) or any(t.lemma in told for t in u.tokens))
    }
    if len(turns) < need:
        cov.score = 0.5
        cov.note = f"по имени обратился {len(turns)} раз из {need}"


_WINDOW = 3  # ASR segments of one turn read as one sentence
_STOP_RX = re.compile(r"[.!?…]+\s*$")


_WINDOW_CACHE: dict[tuple[int, tuple[int, ...]], tuple[Prepared, list[tuple[Unit, list[Unit]]]]] = {}


def _window_adds(aspect: Aspect, merged: Unit, pieces: list[Unit]) -> bool:
    """The window says words no piece says alone, or is no question: another piece's question mark
    does not make a statement found out («… уходят за пару дней» | «посмотрите и решите?»)."""
    if not aspect.ask or not merged.question:
        return True
    return _concept_hit(aspect, merged) > max(_concept_hit(aspect, p) for p in pieces)


def _windows_of(units: list[Unit], prep: Prepared) -> list[tuple[Unit, list[Unit]]]:
    """segment_windows, once per call and speaker (every aspect reads the same windows)."""
    key = (id(prep), tuple(u.index for u in units))
    hit = _WINDOW_CACHE.get(key)
    if hit is not None and hit[0] is prep:
        return hit[1]
    if len(_WINDOW_CACHE) > 64:
        _WINDOW_CACHE.clear()
    out = segment_windows(units)
    _WINDOW_CACHE[key] = (prep, out)
    return out


def segment_windows(units: list[Unit]) -> list[tuple[Unit, list[Unit]]]:
    """Consecutive units of one turn said in different ASR segments («Подытожу.» | «Бронь
    продлеваем» | «до пятницы, 15:00»), two or three at a time, each as one merged unit (with its
    pieces, to quote from). Text turns are one utterance each: they get no windows."""
    out: list[tuple[Unit, list[Unit]]] = []
    for i in range(len(units)):
        pieces = [units[i]]
        for b in units[i + 1 : i + _WINDOW]:
            a = pieces[-1]
            if b.turn != a.turn or b.speaker != a.speaker or b.utt == a.utt:
                break
            pieces.append(b)
            out.append((merge_units(pieces), list(pieces)))
    return out


def merge_units(pieces: list[Unit]) -> Unit:
    """One unit of several (the ASR's stops between them dropped); tokens keep their places."""
    # a stop before a lower-case continuation is the ASR's; before a capital it ends a sentence
    cont = [bool(b.text[:1].islower()) for b in pieces[1:]]
    texts = [_STOP_RX.sub("", p.text) if c else p.text for p, c in zip(pieces, cont, strict=False)] + [pieces[-1].text]
    toks: list[Token] = []
    org: set[int] = set()
    shift = 0
    for p, text in zip(pieces, texts, strict=True):
        org |= {i + len(toks) for i in p.org_name if 0 <= i < len(p.tokens)}
        toks += [Token(t.text, t.start + shift, t.end + shift, t.lemma, t.low) for t in p.tokens if t.start < len(text)]
        shift += len(text) + 1
    lem = [t.lemma for t in toks]
    return replace(
        pieces[0],
        text=" ".join(texts),
        norm=" ".join(_STOP_RX.sub("", p.norm) if c else p.norm for p, c in zip(pieces, cont, strict=False))
        + " "
        + pieces[-1].norm,
        tokens=toks,
        lemma_list=lem,
        lemma_set=frozenset(lem),
        fuzzy=frozenset().union(*(p.fuzzy for p in pieces)),
        question=any(p.question for p in pieces),
        org_name=frozenset(org),
    )


def _plan_restated(u: Unit) -> bool:
    """A manager's sentence that names two next actions (something sent, a call or a visit) and when:
    the agreement restated, whatever words it is summed up in."""
    if u.speaker != "manager":
        return False
    hit = {k for k in ("send_docs", "meeting", "date") if _concept_hit(Aspect(BY_KEY[k].label, BY_KEY[k]), u) >= 1}
    return len(hit) == 3


def _own_next_step(u: Unit) -> bool:
    """ "Тогда я наберу вам завтра в десять": the manager, closing, says what he will do and the day
    and hour of it (a promise in his own first person, not an invitation still to be agreed)."""
    if u.speaker != "manager" or u.question or u.lemma_set & _INVITING:
        return False
    if not any(_promise(t.text) for t in u.tokens):
        return False
    return _day_and_hour(u)


# "давайте на показ в четверг, покажу планировку": an invitation still to be agreed, not the recap
_INVITING = frozenset({"давать", "давайте", "предлагать", "приглашать", "удобно", "удобный"})


@lru_cache(maxsize=8192)
def _promise(word: str) -> bool:
    """ "наберу", "пришлю", "созвонимся": a perfective verb in the first person, future."""
    parse = tags(word)[:1]
    return any(t.startswith("VERB,perf") and "1per" in t and "futr" in t for _, t, _ in parse)


_BARE_ASSENT_WORDS = 3  # "Отлично, договорились.", "Договорились, до встречи.": an assent, nothing restated


def _bare_assent(u: Unit, prep: Prepared) -> bool:
    """A turn that only agrees (or agrees and says goodbye) sums nothing up; a short piece of a
    longer turn (the ASR cut a recap into segments) may open the recap, so the whole turn counts."""
    return sum(len(_WORD_RX.findall(x.norm)) for x in prep.turn_units(u.turn)) <= _BARE_ASSENT_WORDS


_RESTATING = frozenset({"записывать", "повторить", "повторять", "подытожить", "итак", "итого", "фиксировать"})


def _day_and_hour(u: Unit) -> bool:
    """The unit names both the day and the hour («в пятницу в семь»)."""
    return all(_concept_hit(Aspect(BY_KEY[k].label, BY_KEY[k]), u) >= 1 for k in ("date", "time"))


def _restated_when(u: Unit) -> bool:
    """ "Записываю пятница, четвёртое, в семь вечера" (the ASR's colon lost): a word of restating
    opens the manager's sentence and the agreed day and time follow it."""
    if u.speaker != "manager" or u.question or not set(u.lemma_list[:3]) & _RESTATING:
        return False
    return _day_and_hour(u)


_NOT_THE_MATTER = ("date", "time", "meeting", "contact", "price", "company", "introduce")
_ARRANGEMENTS = ("date", "time", "meeting", "contact", "send_docs", "client_name")


def about_arrangements(u: Unit) -> bool:
    """ "А почта какая?", "На когда записать?": a question about the arrangements, not the matter."""
    return any(_concept_hit(Aspect(BY_KEY[k].label, BY_KEY[k]), u) >= 1 for k in _ARRANGEMENTS)


_NAMING = frozenset({"звать", "зовут", "имя", "кличка", "фамилия"})
_TOLD = 3  # content words of the client's turn before: he told what is the matter


@lru_cache(maxsize=8192)
def _verb(word: str) -> bool:
    return any(tg.startswith(("INFN", "VERB")) for _, tg, _ in tags(word)[:1])


def _matter_asked(aspect: Aspect, u: Unit, prep: Prepared) -> bool:
    """A what-element about the matter itself ("что беспокоит", "что случилось", "что нужно сделать"):
    the manager's follow-up question on what the client has just told ("Стучит глухо или звонко?"
    after "стучит что-то спереди", "Давно это заметили?") asks it in the call's own words."""
    if not (aspect.ask and aspect.concept is None and WHAT in aspect.words and u.speaker == "manager"):
        return False
    if not u.question or not any(_verb(w) for w in aspect.words - {WHAT}):
        return False
    told = [p for p in prep.prev_turn_units(u) if p.speaker == "client"]
    reply = [p for p in prep.next_turn_units(u) if p.speaker == "client"]
    if not reply or len(set().union(set(), *(_content(p) for p in told))) < _TOLD:
        return False
    if _about_other(aspect, u) or u.lemma_set & _NAMING:
        return False  # "Как кролика зовут?": a name, not what is the matter
    return not any(_concept_hit(Aspect(BY_KEY[k].label, BY_KEY[k]), u) >= 1 for k in _NOT_THE_MATTER)


_PRICE_ASK = frozenset({"стоить", "стоимость", "цена", "почем", "почём"})
_DIGIT_RX = re.compile(r"\d")


def _price_asked(u: Unit, prep: Prepared) -> bool:
    """ "уточняет стоимость": the manager asks what the thing costs and the client answers with a figure."""
    if u.speaker != "manager" or not u.question or not u.lemma_set & _PRICE_ASK:
        return False
    return any(p.speaker == "client" and _DIGIT_RX.search(p.norm) for p in prep.next_turn_units(u))


def _cap(t: Token) -> bool:
    return len(t.text) >= 3 and t.text.isalpha() and t.text[:1].isupper()


def _thing_named(toks: list[Token]) -> bool:
    """A name of a thing in the answer, not a person's nor a place's: two capitalised words
    ("Шкода Октавия", "Лада Веста"), one with a number ("Мазда 6"), or one inside the sentence."""
    for i, t in enumerate(toks):
        if not _cap(t) or is_patronymic(t.text):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        second = nxt is not None and _cap(nxt) and not (is_patronymic(nxt.text) or is_surname(nxt.text))
        if nxt is not None and (nxt.text.isdigit() or second):
            return True
        if i > 0 and not _person(t.text) and not (is_geo(t.text) and is_known(t.text)):
            return True
    return False


def _person(word: str) -> bool:
    return is_name(word) or is_patronymic(word) or is_surname(word)


def _named_in_answer(aspect: Aspect, u: Unit, prep: Prepared) -> bool:
    """ "марка и модель", "порода": the manager's question the client answers with a proper name."""
    if u.speaker != "manager" or not u.question or aspect.concept is not None or _about_other(aspect, u):
        return False
    reply = [p for p in prep.next_turn_units(u) if p.speaker == "client"]
    return any(_thing_named(p.tokens) for p in reply)


_FULL_NAME_WORDS = frozenset({"фио", "фамилия"})
_PLAIN = frozenset(
    {
        "сейчас", "тоже", "очень", "можно", "нужно", "тогда", "если", "когда", "только", "всего", "просто",
        "давать", "хотеть", "мочь", "знать", "сказать", "говорить", "понять", "хорошо", "ладно", "спасибо",
        "здравствуйте", "здравствовать", "добрый", "вообще", "нормально", "который", "какой", "такой", "этот",
        "весь", "свой", "самый", "наш", "ваш", "быть", "есть", "нет", "ещё", "уже", "вот", "там", "тут",
    }
)  # fmt: skip


def _content(u: Unit) -> set[str]:
    return {
        t.lemma
        for t in u.tokens
        if (t.lemma.isdigit() or (len(t.lemma) >= 4 and t.lemma.isalpha()))
        and t.lemma not in _PLAIN
        and not (t.text[:1].isupper() and (is_name(t.text) or is_patronymic(t.text)))
    }


def _tailored(u: Unit, prep: Prepared, *, marked: bool) -> float:
    """The manager's offer takes up what the client said ("для тяжёлых файлов — канал ..." after
    "файлы тяжёлые"): two of the client's earlier words in the manager's turn, or one with "для вас",
    "тогда вам", "под ваш ..."."""
    if u.speaker != "manager" or u.question or len(u.tokens) < 4:
        return 0.0
    said: set[str] = set()
    for c in prep.units_of("client"):
        if c.index < u.index:
            said |= _content(c) | {t.low for t in c.tokens if len(t.low) >= _ROOT_LETTERS and not is_known(t.low)}
    own = _taken_up(_content(u), said)
    turn = _taken_up(set().union(*(_content(x) for x in prep.turn_units(u.turn) if x.speaker == "manager")), said)
    if own and (len(turn) >= 2 or marked):
        return 1.0
    return 0.0


_ROOT_LETTERS = 6  # "ресепшина" / "люстресепшим": ASR garbles a word's ends, rarely its root


def _taken_up(words: set[str], said: set[str]) -> set[str]:
    """The client's words among ``words``: the same lemma, or (ASR) a shared run of six letters
    ("ресепшина" after "люстресепшим")."""
    out = words & said
    long_said = [w for w in said if len(w) >= _ROOT_LETTERS and w.isalpha()]
    for w in words - out:
        if len(w) >= _ROOT_LETTERS and w.isalpha() and any(_share_root(w, s) for s in long_said):
            out.add(w)
    return out


@lru_cache(maxsize=65536)
def _share_root(a: str, b: str) -> bool:
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= _ROOT_LETTERS


def _full_name(u: Unit) -> bool:
    return any(
        i and t.text[:1].isupper() and (is_surname(t.text) or is_patronymic(t.text)) for i, t in enumerate(u.tokens)
    )


def _set_quote(v: StageVerdict, u: Unit) -> None:
    v.quote = u.text
    v.quote_start = u.start_time
    v.quote_speaker = u.speaker  # type: ignore[assignment]


def _verdict(
    stage: StageSpec, status: StageStatus, percentage: int, comment: str, *, quote: Unit | None
) -> StageVerdict:
    """A stage's verdict, quoting ``quote`` when there is one."""
    v = StageVerdict(stage.stage_id, status, percentage, comment)
    if quote is not None:
        _set_quote(v, quote)
    return v


def _handled(obj: Unit, prep: Prepared) -> tuple[bool, Unit | None]:
    """Does the manager's next turn work with the objection?"""
    handling = BY_KEY["objection_handling"]
    units = [u for u in prep.next_turn_units(obj) if u.speaker == "manager"]
    if not units:
        return False, None
    text = " ".join(u.norm for u in units)
    words = sum(len(u.tokens) for u in units)
    if any(p.search(text) for p in _DISMISSIVE) and words < 14:
        return False, units[0] if units else None
    if all(any(p.search(u.norm) for p in _DISMISSIVE) for u in units):
        return False, units[0]  # «Цены у всех такие, что я могу сделать. Это не я назначаю.»: brush-offs only
    hits = 0
    best: Unit | None = None
    best_hits = -1
    for u in units:
        h = len(u.lemma_set & handling.lemmas) + sum(1 for ph in handling.phrases if _has_phrase(u.lemma_list, ph))
        hits += h
        if h > best_hits:
            best, best_hits = u, h
    # arguments, alternatives, empathy; or simply a substantial answer that is not a brush-off
    ok = (hits >= 1 and words >= 10) or hits >= 3 or words >= 15
    return ok, best
