"""A stage verdict from its compiled form: each element's coverage, the requirement, the conditions.

Comments speak in the elements: «Выполнено: приветствие, название компании; не найдено:
представление (имя менеджера).»
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from rop.analysis.embedded import abbreviations, calltype, outcome, semantic, wh
from rop.analysis.embedded.amounts import amounts_in
from rop.analysis.embedded.aspects import NOW, OTHERS_NAME, WHAT, Aspect
from rop.analysis.embedded.checklist import (
    COMPLETE_AT,
    FOLLOW_UP,
    NOT_BY_ANSWER,
    Coverage,
    _concept_hit,
    _set_quote,
    cover,
    open_question,
    words_needed,
)
from rop.analysis.embedded.compiler import (
    _CALL_LEMMAS,
    _DO_NOT_CALL_RX,
    _VISIT_LEMMAS,
    KIND_WORDS,
    CompiledStage,
    Condition,
    Element,
    ElementSpeaker,
    applies_always,
    applies_to_service,
    visit_only,
)
from rop.analysis.embedded.lang import INTERROGATIVES, lemmas, tags, tokenize
from rop.analysis.embedded.lexicon import BY_KEY, GENERIC_LEMMAS, TELL_VERBS, distinct_hits
from rop.analysis.embedded.objections import objection_stage, objection_units
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import StageSpec, StageStatus, StageVerdict

NOT_SALES = "Разговор не похож на продажный звонок (нет обсуждения объекта, цены, покупки): этап не оценивается."


@dataclass
class ElementResult:
    element: Element
    coverage: Coverage

    @property
    def score(self) -> float:
        return self.coverage.score


@dataclass
class StageResult:
    """What the rules found, before the verdict: shared by the verdict and by learning."""

    status: StageStatus
    score: float  # requirement-weighted coverage, 0..1
    elements: list[ElementResult]
    note: str = ""  # the reason of a not_applicable / condition verdict


def aspects_of(el: Element) -> list[Aspect]:
    phrases = tuple(tuple(lemmas(p)) for p in (*el.phrases, *el.examples) if p.strip())
    words = frozenset(el.keywords)
    must = frozenset(el.must)
    if not el.concepts:
        return [Aspect(el.label, None, el.ask, words, phrases, el.anchor or el.label, must)]
    return [Aspect(el.label, BY_KEY[k], el.ask, words, phrases, el.anchor) for k in el.concepts if k in BY_KEY]


def _offers_enough(el: Element, prep: Prepared) -> bool:
    """ "Мин. 2 варианта дата/время": that many days or times offered in one turn of the speaker."""
    turns: dict[int, str] = {}
    for u in prep.units_of(el.speaker):
        turns[u.turn] = turns.get(u.turn, "") + " " + u.norm
    if el.concepts == ("price",):  # the variants may be named over two turns
        return len({a for u in prep.units_of(el.speaker) for a in amounts_in(u.norm)}) >= el.times
    return any(outcome.options_in(text) >= el.times for text in turns.values())


def cover_element(el: Element, prep: Prepared, own: set[str]) -> Coverage:
    if el.times > 1 and not _offers_enough(el, prep):
        return Coverage(Aspect(el.label), 0.0, [], f"меньше {el.times} вариантов")
    if el.absent:
        found = cover_element(replace(el, absent=False), prep, own)
        violated = found.score >= 1 and found.note != "по смыслу"
        return Coverage(found.aspect, 0.0 if violated else 1.0, found.units if violated else [])
    best: Coverage | None = None
    for a in aspects_of(el):
        either = a.concept is not None and a.concept.any_speaker and el.speaker != "client"
        pool = prep.units if either else prep.units_of(el.speaker)
        c = cover(a, pool, prep, own)
        if best is None or c.score > best.score:
            best = c
    if best is not None and best.score < 1 and not el.concepts and el.keywords and set(el.keywords) != OTHERS_NAME:
        stem = _stem_cover(el, Coverage(best.aspect), prep.units_of(el.speaker))
        best = stem if stem.score > best.score else best
    if best is not None and best.score < 1 and el.examples and el.speaker == "manager":
        units = prep.units_of(el.speaker)
        best = _example_cover(el, best, [u for u in units if u.question] if el.ask else units)
    if best is not None and best.score < 1 and el.phrases:
        best = _phrase_cover(el, best, prep.units_of(el.speaker))
    if best is not None and best.score < 0.5 and el.ask and el.concepts and el.speaker == "manager":
        best = _volunteered(el, best, prep, own)
    return best if best is not None else Coverage(Aspect(el.label))


def _volunteered(el: Element, cov: Coverage, prep: Prepared, own: set[str]) -> Coverage:
    """The client said it before being asked ("квартиру хочу, однокомнатную"): the manager knows it
    without the question; half of the element."""
    said = cover_element(replace(el, speaker="client", ask=False), prep, own)
    if said.score >= 1 and said.units:
        return Coverage(cov.aspect, 0.5, said.units[:1], "клиент сказал сам")
    return cov


PHRASE_SIM = 0.85  # e5 cosine of a sentence to an example phrase (the band is narrow: ~0.78-0.9)
PHRASE_SPREAD = 0.04  # ... and above the call's typical sentence by this much


def _phrase_cover(el: Element, cov: Coverage, units: list[Unit]) -> Coverage:
    """A sentence close in meaning to one of the element's example phrases (the head of sales'
    corrections): "на линии Ирина" for the example "на линии Алексей"."""
    texts = [u.text for u in units if len(u.tokens) >= 2]
    if len(texts) < 3:
        return cov
    for phrase in el.phrases:
        sims = semantic.similarities(phrase, texts)
        best = int(np.argmax(sims))
        if sims[best] >= PHRASE_SIM and sims[best] - float(np.median(sims)) >= PHRASE_SPREAD:
            unit = next(u for u in units if u.text == texts[best])
            cov.score, cov.units, cov.note = 1.0, [unit], ""
            return cov
    return cov


_ROOT = 5  # letters of a shared root: "страхование" / "застрахован", "отслеживание" / "отследить"
_PREFIXES = ("за", "по", "до", "от", "при", "пере", "на", "вы", "у", "с", "раз", "рас", "про", "о", "об")


@lru_cache(maxsize=65536)
def same_root(a: str, b: str) -> bool:
    """One word family across a verbal prefix: the same first five letters (half the shorter word
    at least), either word taken with or without one prefix ("застраховать" ~ "страхование")."""
    if a == b:
        return True
    if min(len(a), len(b)) < _ROOT or not (a.isalpha() and b.isalpha()):
        return False
    return any(_shared_start(x, y) for x in _bare(a) for y in _bare(b))


def _bare(word: str) -> list[str]:
    return [word] + [word[len(p) :] for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= _ROOT]


def _shared_start(a: str, b: str) -> bool:
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k >= max(_ROOT, 0.5 * min(len(a), len(b)))


def _example_words(example: str, asked: bool) -> list[str]:
    """The words of an example of two or more ("страхование груза"): one word alone is too loose,
    except in the manager's question about the element ("Температурный режим нужен?")."""
    words = [w for w in lemmas(example) if len(w) > 3 and w not in GENERIC_LEMMAS]
    return words if len(words) >= 2 or (asked and len(words) == 1 and len(words[0]) >= 6) else []


def _example_cover(el: Element, cov: Coverage, units: list[Unit]) -> Coverage:
    """The criterion's own examples said in other forms of their words: «страхование груза» as "груз
    застрахован", «отслеживание онлайн» as "можно отследить онлайн" (every word of one example in
    one sentence)."""
    for example in el.examples:
        items = _listed_items(example)
        if items:  # «(сроки сдачи инфраструктура отделка планировки)»: any item shows it
            for u in units:
                if any(_same_stem(t.lemma, w) for t in u.tokens for w in items):
                    return Coverage(cov.aspect, 1.0, [u], "")
            continue
        words = _example_words(example, el.ask)
        if not words:
            continue
        alike = same_root if len(words) >= 2 else _same_stem  # one word: its own stem, no prefixes
        for u in units:
            if all(any(alike(t.lemma, w) for t in u.tokens) for w in words):
                return Coverage(cov.aspect, 1.0, [u], "")
    return cov


_LIST_MIN = 4  # nouns in a row, no commas: a list the customer typed without separators


def _listed_items(example: str) -> list[str]:
    """ "сроки сдачи инфраструктура отделка планировки": four or more nouns with nothing between
    them are a list; its long nouns are the items (a phrase "страхование груза от повреждений" is not)."""
    toks = tokenize(example)
    if len(toks) < _LIST_MIN or not all(any(tg.startswith("NOUN") for _, tg, _ in tags(t.text)[:2]) for t in toks):
        return []
    return [t.lemma for t in toks if len(t.lemma) >= 6 and t.lemma not in GENERIC_LEMMAS]


def _same_stem(a: str, b: str) -> bool:
    """ "парковка" / "парковочный", "комплектация" / "комплектующий": a shared stem of 5+ letters
    covering most of the shorter word."""
    n = min(len(a), len(b))
    if n < 5:
        return False
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= max(5, round(0.75 * n))


def _stem_cover(el: Element, cov: Coverage, units: list[Unit]) -> Coverage:
    """A free element's words in another form of the same stem (the customer's wording)."""
    words = tuple(w for w in el.keywords if w not in {WHAT, NOW})  # markers: checked by their question
    hits = []
    for u in units:
        said = {w for w in words if any(_same_stem(t.lemma, w) for t in u.tokens)}
        if distinct_hits(words, said) >= words_needed(words, el.anchor, said) and set(el.must) <= u.lemma_set:
            hits.append(u)
    if not hits:
        return cov
    asked = [u for u in hits if u.question]
    cov.score = 1.0 if (asked or not el.ask) else 0.5
    cov.units = asked or hits
    return cov


def _any_speaker(el: Element) -> bool:
    return bool(el.concepts) and all(BY_KEY[k].any_speaker for k in el.concepts if k in BY_KEY)


_WILL_SEND_RX = re.compile(
    r"\b(?:пришлю|отправлю|скину|вышлю|направлю|перешлю|сброшу|пришлем|пришлём|отправим|скинем|вышлем|направим)\b"
)


def _not_the_sending_day(results: list[ElementResult]) -> None:
    """ "Сегодня до шести пришлю КП, а в четверг наберу": the day something is sent (or, for a visit,
    the day of a call) is not the day of the step the stage asks for, unless the stage asks for it."""
    concepts = {k for r in results for k in r.element.concepts}
    if "meeting" not in concepts or "send_docs" in concepts:
        return
    visit = any(visit_only(r.element) for r in results)
    sending = Aspect(BY_KEY["send_docs"].label, BY_KEY["send_docs"])
    meeting = Aspect(BY_KEY["meeting"].label, BY_KEY["meeting"])

    def sends(u: Unit) -> bool:  # «пришлю», «отправим»: the manager's own sending, not «пришлите мне»
        return _concept_hit(sending, u) >= 1 and bool(_WILL_SEND_RX.search(u.norm))

    def other_step(u: Unit) -> bool:
        if visit:
            return not u.lemma_set & _VISIT_LEMMAS and bool(u.lemma_set & _CALL_LEMMAS or sends(u))
        return _concept_hit(meeting, u) < 1 and sends(u)

    for r in results:
        if not r.element.concepts or not set(r.element.concepts) <= {"date", "time"} or not r.coverage.units:
            continue
        day = visit and r.element.concepts == ("date",)  # «приезжайте, когда удобно»: no day of a visit
        r.coverage.units = [u for u in r.coverage.units if not other_step(u) and (not day or outcome.date_of(u.norm))]
        if not r.coverage.units:
            r.coverage.score = 0.0


def _near_anchors(results: list[ElementResult]) -> None:
    """Details either side may say (date, time) count only next to the stage's other evidence."""
    anchors = {u.turn for r in results if r.score and not _any_speaker(r.element) for u in r.coverage.units}
    days = [r for r in results if r.element.concepts == ("date",)]
    if not anchors and len(days) < len(results):  # "дата, время и место": the rest next to the day
        anchors = {u.turn for r in days for u in r.coverage.units}
        results = [r for r in results if r not in days]
    if not anchors:
        return
    details = [r for r in results if _any_speaker(r.element)]
    said = {id(r): (r.coverage.score, list(r.coverage.units)) for r in details}
    for r in details:
        _keep_near(r, said[id(r)][1], anchors)
    # "завтра могу в три часа" two turns after "можно хоть завтра": a detail next to a kept detail
    chained = anchors | {u.turn for r in details for u in r.coverage.units}
    for r in details:
        score, units = said[id(r)]
        if not r.coverage.units and units:
            _keep_near(r, units, chained)
            r.coverage.score = score if r.coverage.units else 0.0


def _keep_near(r: ElementResult, units: list[Unit], anchors: set[int]) -> None:
    near = [u for u in units if any(abs(u.turn - a) <= 2 for a in anchors)]
    if not near:
        r.coverage.score, r.coverage.units = 0.0, []
    else:
        r.coverage.units = near


# "все", "оба", "бюджет И способ", "(обязательно)" by the items, "без даты не засчитывается"
_EVERY_RX = re.compile(
    r"\b(?:все|оба|обе|кажд\w+)\b|\sИ\s|\((?:[^()]*\s)?(?<!не\s)обязательн\w*\)|"
    r"\b[Бб]ез\s+\w+\s+не\s+(?:засчит|счита)\w*",
    re.UNICODE,
)


def _every_one(compiled: CompiledStage) -> bool:
    """The criterion insists on every element ("Все три элемента", "оба пункта", "бюджет И способ")."""
    insists = bool(_EVERY_RX.search(compiled.criterion))
    return compiled.requirement.mode == "all" and len(compiled.elements) > 1 and insists


def _apply_volunteered(policy: str, results: list[ElementResult], prep: Prepared, own: set[str]) -> None:
    """The criterion says what the client said unprompted is worth: "counts" (as if found out),
    "heard" (so is a fact the client told), "never" (only the manager's own questions count);
    otherwise half an element."""
    for r in results:
        el = r.element
        if el.speaker != "manager" or r.score >= 1:
            continue
        if not el.ask:
            fact = _told_in_reply(el, prep, own) if policy != "never" else None
            if fact is not None:
                r.coverage = Coverage(r.coverage.aspect, 1.0, [fact], "ответ на вопрос менеджера")
            elif policy == "heard":  # "сведения прозвучали — спросил или клиент сказал сам"
                _said_by_client(r, prep, own)
            continue
        if policy == "never":
            r.coverage = Coverage(r.coverage.aspect, 0.0, [], "без вопроса не засчитывается")
            continue
        answer = _elicited(el, prep, own)
        if answer is not None:
            r.coverage = Coverage(r.coverage.aspect, 1.0, [answer], "ответ на вопрос менеджера")
        elif policy in ("counts", "heard"):
            _said_by_client(r, prep, own)


def _said_by_client(r: ElementResult, prep: Prepared, own: set[str]) -> None:
    """The criterion counts what the client said unprompted: the client's words cover the element."""
    said = cover_element(replace(r.element, speaker="client", ask=False), prep, own)
    if said.score >= 1 and said.units:
        r.coverage = Coverage(r.coverage.aspect, 1.0, said.units[:1], "клиент сказал сам")


def _told_in_reply(el: Element, prep: Prepared, own: set[str]) -> Unit | None:
    """ "Тип занятости + доход": a bare noun of the criterion (no verb: neither asked nor told) is
    the client's fact when the client says it in reply to the manager's question ("Вы работаете
    официально?" - "Да, по найму, зарплата девяносто")."""
    if el.concepts or not el.keywords or set(lemmas(el.anchor)) & TELL_VERBS:
        return None
    said = cover_element(replace(el, speaker="client"), prep, own)
    for u in said.units if said.score >= 1 else []:
        asked = prep.prev_turn_units(u)
        if asked and asked[0].speaker == "manager" and any(a.question for a in asked):
            return u
    return None


def _elicited(el: Element, prep: Prepared, own: set[str]) -> Unit | None:
    """ "Что у вас сейчас?" - "Билайн, сотрудников двенадцать, звонки теряются": what the client says
    in answer to the manager's open question is found out, whatever the question's words. Who decides
    and where the client heard of us need their own question. A wh-element's typed answer ("как
    часто?" - "три раза в неделю", "откуда?" - "с завода в Химках") answers any question of his."""
    if set(el.concepts) & NOT_BY_ANSWER:
        return None
    typed = [w for w in el.must if w in wh.ANSWERS]
    if typed:
        units = [u for u in prep.units_of("client") if any(wh.answers(w, u.text, u.tokens, u.norm) for w in typed)]
    else:
        words = tuple(w for w in el.keywords if w not in el.must)
        said = cover_element(replace(el, speaker="client", ask=False, must=(), keywords=words), prep, own)
        units = said.units if said.score >= 1 else []
    for u in units:
        asked = prep.prev_turn_units(u)
        if asked and asked[0].speaker == "manager" and any(open_question(a) or _asks(a, typed) for a in asked):
            return u
    return None


def _asks(u: Unit, typed: list[str]) -> bool:
    """ "Грузитесь откуда?", "Грузитесь с завода?": the question word itself, or a yes/no question
    whose answer may tell more than yes (not a question about something else: "кто убирает?")."""
    if not typed or not u.question:
        return False
    wh = u.lemma_set & (INTERROGATIVES - {"ли"})
    return not wh or any(wh & _WH_FAMILY.get(w, frozenset({w})) for w in typed)


# question words that ask for the same kind of answer: "откуда?" is often answered with where to
_PLACES = frozenset({"откуда", "куда", "где"})
_WH_FAMILY = {"откуда": _PLACES, "куда": _PLACES, "часто": frozenset({"как", "когда"})}


def requirement_score(compiled: CompiledStage, scores: list[float]) -> float:
    if not scores:
        return 0.0
    mode = compiled.requirement.mode
    if mode == "any":
        return max(scores)
    if mode == "at_least":  # "не менее двух из": elements that are there, a half does not count
        need = compiled.requirement.needed(len(scores))
        return min(1.0, sum(1 for s in scores if s >= 1) / need)
    return sum(scores) / len(scores)


_TALK_LEMMAS = frozenset({"разговаривать", "говорить", "разговор", "общаться", "беседа"})


def _refusal(cond: Condition, prep: Prepared) -> bool:
    """ "клиент сразу отказался разговаривать", "отказался ещё до выявления ситуации («не
    интересно»)", "жёстко отказался и попросил больше не звонить": the client's refusal, its
    examples from the criterion, busy («перезвоните позже») only where the criterion speaks of
    talking, and the request never to call again where it asks for it."""
    examples = tuple(q.strip() for q in re.findall(r"«([^»]+)»", cond.text))
    if _DO_NOT_CALL_RX.search(cond.text):
        return calltype.do_not_call(prep) is not None
    busy = bool(set(lemmas(cond.text)) & _TALK_LEMMAS) and not examples
    return calltype.refused(prep, cond.when, examples, busy_counts=busy) is not None


def _all_words(el: Element, cov: Coverage, prep: Prepared) -> Coverage:
    """A condition of several words ("отменить запись") shows only where two of them are said
    together, not wherever one of them is."""
    words = set(el.keywords)
    if el.concepts or len(words) < 2 or el.phrases:
        return cov

    def said(u: Unit) -> int:  # in the same utterance: "Я записана на завтра. Хочу отменить."
        toks = [t for x in prep.utterance_units(u.utt) for t in x.tokens]
        return sum(any(_same_stem(t.lemma, w) for t in toks) for w in words)

    near = [u for u in cov.units if said(u) >= 2]
    if not near:
        return Coverage(cov.aspect)
    return Coverage(cov.aspect, cov.score, near, cov.note)


def kind_held(cond: Condition, prep: Prepared, overruled: frozenset[str] = frozenset()) -> str | None:
    """What kind of call, named by the condition, this one is, in plain Russian («ошиблись номером»,
    «звонит поставщик, а не покупатель»); None when it is none of them (or the kind the call was
    taken for is one the organisation's reviewers overruled)."""
    held = [k for k in cond.call_kinds if k in calltype.OTHER_KINDS and calltype.of_kind(k, prep)]
    if held:  # "до ответственного не дозвонились", "агент", "клиент бросил трубку"
        return KIND_WORDS.get(held[0], cond.text)
    kind = calltype.classify(prep)
    if kind_key(kind) in overruled:
        return None
    if "service" in cond.call_kinds and kind.kind != "service" and calltype.customer(prep) is not None:
        return KIND_WORDS["service"]  # "уже бронировал у нас": «у меня бронь на …», whatever the call is about
    if kind.kind in cond.call_kinds or (cond.topic and kind.kind != "sales"):
        if kind.kind == "service" and not calltype.same_matter(set(lemmas(cond.text)), prep):
            return None  # "перенос — н/п" on a complaint: the condition names another matter
        return kind.why or KIND_WORDS.get(kind.kind, cond.text)  # "звонок не по покупке": what kind of call it is
    return None


def condition_holds(
    cond: Condition, prep: Prepared, own: set[str], overruled: frozenset[str] = frozenset()
) -> bool | None:
    """None when the condition could not be understood (it is then not applied)."""
    if cond.call_kinds and cond.element is not None and cond.outcome == "completed":  # "Повт. обр. — засч., если …"
        return kind_held(cond, prep, overruled) is not None and _element_found(cond, cond.element, prep, own)
    if cond.call_kinds or cond.topic:  # "Перенос, не туда попали — н/п", "звонок не по покупке"
        return (kind_held(cond, prep, overruled) is not None) != cond.only_if  # only_if: n/a on calls of other kinds
    if cond.refusal:
        found = _refusal(cond, prep)
    elif cond.objections:
        found = bool(objection_units(prep, objection_examples(cond.text)))
    elif cond.element is not None:
        found = _element_found(cond, cond.element, prep, own)
    else:
        return None
    return (found != cond.negated) != cond.only_if  # only_if: not applicable when it does NOT hold


def _first_by_other(el: Element, prep: Prepared, own: set[str]) -> int:
    """Where the other side first says it (the index of its unit; past the end when never)."""
    other: ElementSpeaker = "client" if el.speaker == "manager" else "manager"
    said = _detail_units(replace(el, speaker=other, ask=False), prep, own)
    return min((u.index for u in said), default=len(prep.units))


_UNTIL_ASKED_RX = re.compile(r"\bдо\s+какого\s+(?:дня|числа)", re.IGNORECASE)


def _detail_units(el: Element, prep: Prepared, own: set[str]) -> list[Unit]:
    """A day or a clock time is read exactly (not «утром», not «неделю назад»)."""
    exact = {"date": outcome.date_of, "time": outcome.time_of}
    if el.concepts == ("date",) and _UNTIL_ASKED_RX.search(el.anchor):  # "до какого дня держат": «до пятницы»
        exact["date"] = lambda norm: outcome.date_of(norm) or outcome.until_day_of(norm)
    if el.concepts and all(k in exact for k in el.concepts):
        pool = prep.units_of(el.speaker)
        return [u for u in pool if any(exact[k](u.norm) for k in el.concepts)]
    cov = cover_element(el, prep, own)
    return cov.units if cov.score > 0 else []


def _element_found(cond: Condition, el: Element, prep: Prepared, own: set[str]) -> bool:
    roles = _role_family(el) if cond.outcome == "completed" else ()
    if roles:  # any one role that decides, said of himself
        rest = tuple(k for k in el.keywords if k not in roles)  # «решает он» stays: «хозяин решает» is not him
        return any(_found(cond, replace(el, keywords=(*rest, role)), prep, own) for role in roles)
    return _found(cond, el, prep, own)


def _quoted_only(el: Element) -> bool:
    return bool(el.phrases) and not el.keywords and not el.concepts


def _said_word_for_word(el: Element, prep: Prepared) -> list[Unit]:
    """ "«Приезжайте как-нибудь» — не выполнено": the quoted wording itself (every word of it that
    carries meaning, «как-нибудь» included), not anything that resembles it in sense."""
    found = []
    for phrase in el.phrases:
        words = {w for w in lemmas(phrase.replace("-", " ")) if len(w) > 2 or w.isdigit()}
        pool = prep.units_of(el.speaker) if el.speaker in ("manager", "client") else prep.units
        found += [u for u in pool if words and words <= set(lemmas(u.norm.replace("-", " ")))]
    return found


def _found(cond: Condition, el: Element, prep: Prepared, own: set[str]) -> bool:
    if cond.outcome == "failed" and _quoted_only(el):
        return bool(_said_word_for_word(el, prep))
    if cond.also and not all(o.absent for o in cond.also):  # "назвал день и время": each said, as a detail
        units = _detail_units(el, prep, own)
    else:
        cov = cover_element(el, prep, own)
        alternatives = re.search(r"\sили\s", cond.text) is not None  # "владелец или директор": any one
        cov = cov if cond.negated or alternatives or cond.outcome == "relaxed" else _all_words(el, cov, prep)
        units = cov.units if cov.score >= 1 else []
    for other in cond.also:  # "назвал день и время": both in one utterance; other things anywhere
        if other.absent:  # "рассрочка без ипотеки": the other never said, but in denial («никакой ипотеки»)
            units = [] if _affirmed(other, prep) else units
            continue
        with_it = _detail_units(other, prep, own)
        if set(el.concepts) | set(other.concepts) <= {"date", "time"}:
            units = [u for u in units if u.utt in {x.utt for x in with_it}]
        elif not with_it:
            units = []
    if cond.when == "start":  # "пациент сразу назвал ...": in his first turns, or before he was offered it
        first = _first_by_other(el, prep, own)
        units = [u for u in units if u.turn_of_speaker < 2 or u.index < first]
    if cond.negated and not el.concepts:  # "записи не было": an offer is no event, a cancelled one neither
        if _cancelled(el, prep):
            return False
        units = [u for u in units if not (u.speaker == "manager" and _offer(u))]
    if units and cond.unprompted:
        first = _first_by_other(el, prep, own)
        units = [u for u in units if u.index < first]
    if (cond.outcome == "completed" and el.speaker != "manager") or (not cond.negated and _decides(el)):
        units = [u for u in units if _of_himself(u, el, prep)]  # «я директор», not «решает наш директор»
    return bool(units)


_DENYING = frozenset({"не", "нет", "без", "никакой", "ни", "кроме"})


def _affirmed(el: Element, prep: Prepared) -> bool:
    """The element's word said by its speaker other than in denial: «ипотека» in «да, ипотека»,
    not in «без ипотеки», «никакой ипотеки», «не ипотека»."""
    pool = prep.units_of(el.speaker) if el.speaker in ("manager", "client") else prep.units
    for u in pool:
        for k, t in enumerate(u.tokens):
            said = any(_same_stem(t.lemma, w) or t.lemma == w for w in el.keywords)
            if said and not {x.lemma for x in u.tokens[max(0, k - 2) : k]} & _DENYING:
                return True
    return False


def _role_family(el: Element) -> tuple[str, ...]:
    """«сам сказал, что он директор»: any role that decides counts («я владелец», «я хозяйка»)."""
    roles = frozenset(w for w in BY_KEY["decision_maker"].lemmas if any("NOUN" in tg for _, tg, _ in tags(w)[:1]))
    if el.concepts or not set(el.keywords) & roles:
        return ()
    return tuple(sorted(roles))


_FIRST_PERSON = frozenset({"я", "мы", "мне", "меня", "нам", "нас", "мной"})
_OTHERS = frozenset({"наш", "ваш", "его", "её", "ее", "их", "мой", "твой", "свой", "он", "она", "они"})
# «решает директор, не я», «это не ко мне», «я не решаю»
_NOT_ME_RX = re.compile(
    r"\bне\s+(?:я|мне|меня|мной|ко\s+мне|со\s+мной|на\s+мне|за\s+мной)\b|\bя\s+не\s+(?:решаю|отвечаю|директор)"
)


def _decides(el: Element) -> bool:
    """ "Собеседник — ЛПР (директор, собственник)": a condition on who the other side is."""
    return el.speaker == "client" and ("decision_maker" in el.concepts or bool(_role_family(el)))


def _of_himself(u: Unit, el: Element, prep: Prepared) -> bool:
    """«Со мной. … директор, Эдуард», «Я Гусев, директор»: the speaker speaks of himself in that
    utterance, not of another («решения принимает наш директор, не я»)."""
    keys = set(el.keywords).union(*(BY_KEY[k].lemmas for k in el.concepts if k in BY_KEY))
    toks = [t for t in u.tokens if t.lemma in keys]
    third = any("3per" in tg for t in toks for _, tg, _ in tags(t.text)[:1])
    # «я решу до пятницы», «мы подумаем и решим»: a decision to come, not who decides
    later = bool(toks) and all("VERB" in tg and "pres" not in tg for t in toks for _, tg, _ in tags(t.text)[:1])
    utt = [t for x in prep.utterance_units(u.utt) for t in x.tokens]
    words = {t.text.lower() for t in utt}
    before = {utt[k - 1].lemma for k in range(1, len(utt)) if utt[k].lemma in keys and utt[k] in toks}
    text = " ".join(x.norm for x in prep.utterance_units(u.utt)).lower()
    mine = bool(words & _FIRST_PERSON) and not third and not later
    return mine and not before & _OTHERS and not _NOT_ME_RX.search(text)


_OFFER_RX = re.compile(r"\b(?:могу|можем|можно|хотите|давайте|предлагаю|если)\b")
_CANCEL_LEMMAS = frozenset({"отменить", "отмена", "отменять", "передумать", "аннулировать"})


def _offer(u: Unit) -> bool:
    return u.question or bool(_OFFER_RX.search(u.norm))


def _cancelled(el: Element, prep: Prepared) -> bool:
    """ "Хорошо, запись отменила", "Я записана на завтра. Хочу отменить.": the event was undone."""
    for u in prep.units:
        toks = [t for x in prep.utterance_units(u.utt) for t in x.tokens]
        said = any(_same_stem(t.lemma, w) or t.lemma == w for t in toks for w in el.keywords)
        if said and u.lemma_set & _CANCEL_LEMMAS:
            return True
    return False


_DASHED_RX = re.compile(
    r"(?:возража|возражени|сомнева|сомнени|опаса|опасени)\w*\s*[—–]\s*([^—–.()]+?)\s*[—–]", re.IGNORECASE
)


def objection_examples(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """ "клиент возражал (дорого, уже есть подрядчик, не сейчас)": the objections the customer
    expects, each as (phrase, its content lemmas)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    # "Типичные возражения: дорого, долго окупается, снег": a list after a colon, as in brackets
    listed = re.findall(r"(?:возражени|сомнени|опасени)\w*[^:.()]{0,30}:\s*([^.()]+)", text, re.IGNORECASE)
    # "Если клиент сомневается — дорого, далеко, «в интернете дешевле», — администратор …": between dashes
    listed += [m for m in _DASHED_RX.findall(text) if "," in m]
    for inner in [*re.findall(r"\(([^)]*)\)", text), *listed]:
        for item in re.split(r"[,;/]|\s+или\s+", inner):
            item = item.strip(" «»\"'.").lower()
            if not item:
                continue
            hedges = set(calltype.rules()["example_hedges"])  # «а вдруг отсыреет»: the doubt is «отсыреет»
            words = tuple(w for w in lemmas(item) if len(w) > 3 and w not in GENERIC_LEMMAS and w not in hedges)
            out.append((item, words))
    return out


_OBJECTION_WORDS = frozenset({"возражение", "сомнение", "возражать", "сомневаться", "опасение", "отговорка"})


def compiled_objection_examples(compiled: CompiledStage) -> list[tuple[str, tuple[str, ...]]]:
    """The objections the criterion lists, in its conditions or in the sentence that asks to handle
    them («На каждое возражение (дорого; свой транспорт; пришлите на почту) ответил …»)."""
    texts = [c.text for c in compiled.conditions if c.objections]
    criterion = abbreviations.expand_cuts(compiled.criterion)  # «Возр. (дорого / далеко)»
    texts += [s for s in re.split(r"(?<=[.!?])\s+", criterion) if set(lemmas(s)) & _OBJECTION_WORDS]
    out: dict[str, tuple[str, ...]] = {}
    for text in texts:
        out.update(objection_examples(text))
    return list(out.items())


def _serviced(compiled: CompiledStage, prep: Prepared) -> bool:
    """An existing customer's service call, on a stage the criterion applies to such calls."""
    return applies_to_service(compiled.criterion) and calltype.classify(prep).kind == "service"


def _answered_as_quoted(verdict: StageVerdict, compiled: CompiledStage, prep: Prepared) -> StageVerdict:
    """ "«Ну думайте», «такие условия» — не засч.": an objection answered with the quoted words the
    criterion does not count, and nothing else in that turn, is not handled («Понимаю. Но смотрите…»
    is)."""
    if verdict.status != "completed":
        return verdict
    for cond in compiled.failed_if:
        if cond.element is not None and _quoted_only(cond.element):
            quoted = _said_word_for_word(cond.element, prep)
            said = [u for u in quoted if all(x in quoted for x in prep.turn_units(u.turn))]
            if said:
                failed = StageVerdict(verdict.stage_id, "failed", 70, f"Не выполнено: {cond.text}.")
                _set_quote(failed, said[0])
                return failed
    return verdict


def analyse(
    compiled: CompiledStage,
    prep: Prepared,
    own: set[str],
    threshold: float | None,
    overruled: frozenset[str] = frozenset(),
) -> StageResult:
    serviced = _serviced(compiled, prep)
    for cond in compiled.conditions:
        if serviced and (cond.topic or "service" in cond.call_kinds):
            continue  # "Для сервисного звонка этап применим": «нецелевой» names no such call here
        if cond.outcome == "not_applicable" and condition_holds(cond, prep, own, overruled):
            if cond.only_if:  # "Оценивается, только если ипотека": and here it is not
                scope = f"этап оценивается, только если {cond.text}"
                return StageResult("not_applicable", 0.0, [], f"Не применимо: {scope}.")
            why = kind_held(cond, prep, overruled) if cond.call_kinds or cond.topic else None
            return StageResult("not_applicable", 0.0, [], f"Не применимо: {why or cond.text}.")
    results = [ElementResult(el, cover_element(el, prep, own)) for el in compiled.elements]
    _apply_volunteered(compiled.volunteered, results, prep, own)
    _not_the_sending_day(results)
    _near_anchors(results)
    _follow_up_once(results)
    results = _relaxed(compiled, results, prep, own)
    score = requirement_score(compiled, [r.score for r in results])
    t = threshold if threshold is not None else (compiled.threshold or COMPLETE_AT)
    status: StageStatus = "completed" if results and score >= t else "failed"
    if status == "completed" and _every_one(compiled) and any(r.score == 0 and not r.element.absent for r in results):
        status = "failed"  # "все три элемента", "оба", "и ... И ...": none may be missing
    for cond in compiled.conditions:
        if cond.outcome == "failed" and status == "completed" and condition_holds(cond, prep, own):
            return StageResult("failed", score, results, f"Не выполнено: {cond.text}.")
    for cond in compiled.conditions:  # "собеседник сам сказал, что решает он — выполнено без вопроса"
        if cond.outcome == "completed" and status != "completed" and condition_holds(cond, prep, own):
            return StageResult("completed", max(score, t), results, f"Выполнено: {cond.text}.")
    return StageResult(status, score, results)


def _follow_up_once(results: list[ElementResult]) -> None:
    """ "Давно не ест?" asks how long, and is the one follow-up question on what happened: one
    question is not two of the elements ("не менее двух вопросов")."""
    for r in results:
        if r.coverage.note != FOLLOW_UP:
            continue
        taken = {u.index for o in results if o is not r and o.score >= 1 for u in o.coverage.units}
        r.coverage.units = [u for u in r.coverage.units if u.index not in taken]
        if not r.coverage.units:
            r.coverage.score, r.coverage.note = 0.0, ""


def _relaxed(
    compiled: CompiledStage, results: list[ElementResult], prep: Prepared, own: set[str]
) -> list[ElementResult]:
    """ "Если клиент позвонил сам — достаточно имени и компании": on such a call only those."""
    for cond in compiled.conditions:
        if cond.outcome != "relaxed" or not condition_holds(cond, prep, own):
            continue
        if cond.keep:
            kept = [r for r in results if r.element.key in cond.keep]
            results = kept or results
        elif cond.drop:
            results = [r for r in results if r.element.key not in cond.drop] or results
    return results


def comment_of(compiled: CompiledStage, res: StageResult) -> str:
    full = [r.element.label for r in res.elements if r.score >= 1]
    part = [
        r.element.label
        + (" (без прямого вопроса)" if r.element.ask else " (частично)")
        + (f" — {r.coverage.note}" if r.coverage.note else "")
        for r in res.elements
        if 0 < r.score < 1
    ]
    miss = [r.element.label for r in res.elements if r.score == 0 and not r.element.absent]
    broken = [r.element.label.removeprefix("не ") for r in res.elements if r.score == 0 and r.element.absent]
    if not res.elements:
        return "Критерий этапа не удалось разобрать на проверяемые элементы."
    if not full and not part:
        text = f"Не найдено ни одного элемента критерия: {', '.join(miss)}"
    else:
        bits = [f"Выполнено: {', '.join(full)}"] if full else []
        if part:
            bits.append(("ч" if bits else "Ч") + f"астично: {', '.join(part)}")
        if miss:
            bits.append(f"не найдено: {', '.join(miss)}")
        if broken:
            bits.append(f"нарушено: {', '.join(broken)}")
        text = "; ".join(bits)
    if compiled.requirement.mode != "all":
        text += f" ({compiled.requirement.describe(len(res.elements))})"
    return text + "."


def verdict_of(stage: StageSpec, compiled: CompiledStage, res: StageResult) -> StageVerdict:
    if res.note and res.status == "not_applicable":
        return StageVerdict(stage.stage_id, "not_applicable", 75, res.note)
    comment = comment_of(compiled, res)
    if res.note:
        comment = f"{res.note} {comment}"
    pct = round(50 + 45 * res.score) if res.status == "completed" else max(5, round(60 * res.score))
    v = StageVerdict(stage.stage_id, res.status, int(pct), comment)
    quote = pick_quote(res, compiled)
    if quote is not None:
        _set_quote(v, quote)
    return v


def pick_quote(res: StageResult, compiled: CompiledStage) -> Unit | None:
    # a failed stage quotes only what fully shows one of its elements, never weak hints
    covs = [r.coverage for r in res.elements if res.status == "completed" or r.score >= 1]
    counts: dict[int, tuple[float, Unit]] = {}
    for c in covs:
        for u in c.units:
            prev = counts.get(u.index, (0.0, u))[0]
            counts[u.index] = (prev + c.score, u)
    if not counts:
        return None
    cands = sorted(counts.values(), key=lambda x: -x[0])
    best = [u for s, u in cands if s == cands[0][0]]
    if len(best) == 1:
        return best[0]
    sims = semantic.similarities(compiled.criterion or compiled.name, [u.text for u in best])
    return best[int(np.argmax(sims))]


NOT_SALES_KEY = "not_sales"


def kind_key(kind: calltype.CallKind) -> str:
    """The kind of call as learning keeps it: «not_client:соискатель, а не клиент», «service»."""
    return f"{kind.kind}:{kind.why}" if kind.kind == "not_client" else kind.kind


def fixed_reason(verdict: StageVerdict, prep: Prepared) -> str | None:
    """The kind of call that put a stage out of the rules' reach (``kind_key``), or None."""
    if verdict.status != "not_applicable":
        return None
    if verdict.comment == NOT_SALES:
        return NOT_SALES_KEY
    kind = calltype.classify(prep)
    if kind.kind == "sales":
        return None
    fixed = {
        calltype.NOT_CLIENT.format(why=kind.why): "not_client",
        calltype.SERVICE_NA: "service",
        f"Не применимо: {kind.why or KIND_WORDS.get(kind.kind, '')}.": kind.kind,  # a condition naming the kind
    }
    return kind_key(kind) if fixed.get(verdict.comment) == kind.kind else None


def _unasked(stage: StageSpec, compiled: CompiledStage, prep: Prepared, own: set[str]) -> StageVerdict | None:
    """ "Если клиент ничего такого не спрашивал, менеджеру достаточно упомянуть договор или гарантию":
    a call without the client's questions or fears is judged on one of the things named."""
    branch = next((c for c in compiled.conditions if c.outcome == "relaxed" and c.objections and c.also), None)
    if branch is None:
        return None
    labels = " или ".join(el.label for el in branch.also)
    for el in branch.also:
        cov = cover_element(el, prep, own)
        if cov.score >= 1 and cov.units:
            said = f"Клиент не спрашивал об этом; менеджер упомянул: {el.label}."
            v = StageVerdict(stage.stage_id, "completed", 85, said)
            _set_quote(v, cov.units[0])
            return v
    return StageVerdict(stage.stage_id, "failed", 20, f"Клиент не спрашивал об этом, а менеджер не упомянул: {labels}.")


_CALLER_KINDS = frozenset({"service", "vendor", "not_client"})


def _kind_not_applicable(compiled: CompiledStage, prep: Prepared, overruled: frozenset[str]) -> str | None:
    """ "Не применимо, если звонит поставщик или действующий клиент" on a stage judged on the client's
    objections: the kinds of caller its conditions name put it out of reach before any objection is read
    (an existing customer, a supplier, a wrong number; how the talk went, «попросил перезвонить», is for
    the objections themselves to show)."""
    for cond in compiled.not_applicable_if:
        callers = tuple(k for k in cond.call_kinds if k in _CALLER_KINDS)
        if callers and not cond.only_if:
            held = kind_held(replace(cond, call_kinds=callers), prep, overruled)
            if held is not None:
                return held
    return None


def evaluate_compiled(
    stage: StageSpec,
    compiled: CompiledStage,
    prep: Prepared,
    own: set[str],
    sales: bool,
    threshold: float | None = None,
    named: frozenset[str] = frozenset(),
    overruled: frozenset[str] = frozenset(),
) -> tuple[StageVerdict, StageResult | None]:
    """The rules' verdict (and what they found, for learning; None on the fixed paths). ``named``: the
    kinds of call the checklist's own conditions name; a kind named there is left to them.
    ``overruled``: the kinds of call (``kind_key``) the organisation's reviewers judged this stage on
    all the same; they put it out of reach no more."""
    if not sales and NOT_SALES_KEY not in overruled:
        return StageVerdict(stage.stage_id, "not_applicable", 80, NOT_SALES), None
    kind = calltype.classify(prep)
    if kind_key(kind) in overruled:
        kind = calltype.CallKind("sales")
    etiquette = calltype.etiquette_stage({k for el in compiled.elements for k in el.concepts})
    if applies_always(compiled.criterion):
        kind = calltype.CallKind("sales")  # "Применимо всегда": judged whatever the call is
    # "При ошибочном звонке достаточно названия сети и имени": the checklist judges such a call itself
    judged_so = any(c.outcome in ("relaxed", "completed") and "not_client" in c.call_kinds for c in compiled.conditions)
    if kind.kind == "not_client" and not etiquette and not judged_so:
        return StageVerdict(stage.stage_id, "not_applicable", 80, calltype.NOT_CLIENT.format(why=kind.why)), None
    if compiled.objection_handling:
        held = _kind_not_applicable(compiled, prep, overruled)
        if held is not None:
            return StageVerdict(stage.stage_id, "not_applicable", 75, f"Не применимо: {held}."), None
        judged = objection_stage(stage, prep, compiled_objection_examples(compiled))
        if judged.status == "not_applicable":
            return _unasked(stage, compiled, prep, own) or judged, None
        return _answered_as_quoted(judged, compiled, prep), None
    res = analyse(compiled, prep, own, threshold, overruled)
    # a wrong number need not be greeted, unless the checklist says on which stages it is n/a
    if kind.kind == "not_client" and res.status != "completed" and "not_client" not in named and not judged_so:
        return StageVerdict(stage.stage_id, "not_applicable", 80, calltype.NOT_CLIENT.format(why=kind.why)), None
    concepts = {k for el in compiled.elements for k in el.concepts}
    said_by_client = kind.unit is not None and kind.unit.speaker == "client"  # not a manager's follow-up call
    if kind.kind == "service" and said_by_client and res.status == "failed" and calltype.sales_only_stage(concepts) \
            and not applies_to_service(compiled.criterion):
        # an existing customer calls about what he has: a step of the sale he never came for is n/a
        return StageVerdict(stage.stage_id, "not_applicable", 70, calltype.SERVICE_NA), None
    return verdict_of(stage, compiled, res), res
