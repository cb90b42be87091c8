"""The «no objection» condition: did the client object, doubt or complain, and where.

A stage «Работа с возражениями» is not applicable when the client raised none, whether or not the
criterion says so. What is no objection: a request to call later («сейчас неудобно, перезвоните
завтра»), a goodbye, «но её сейчас нет», the client's answer about how things are today when the
manager asked about it («модем старый, запись на флешку»), a budget named in answer to the budget
question. What is one: doubts and fears («страх остаться без связи»), a price called too high
(«многовато», «бешеные деньги»), a contract elsewhere, a complaint («это как вообще?»), a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from rop.analysis.embedded import calltype
from rop.analysis.embedded.calltype import rules, says
from rop.analysis.embedded.checklist import _handled, _verdict, about_arrangements
from rop.analysis.embedded.lang import is_known, lemmas, tags
from rop.analysis.embedded.lexicon import OBJECTION_LEMMAS, OBJECTION_PATTERNS
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import StageSpec, StageVerdict

Example = tuple[str, tuple[str, ...]]  # an objection the criterion names: phrase, content lemmas

NONE_RAISED = "Клиент не высказал возражений или сомнений: отработку возражений оценить нельзя."
_BASE_PATTERNS = tuple(p for p in OBJECTION_PATTERNS if not p.pattern.startswith("^\\W*(?:но"))


def _same_stem(word: str, lemma: str) -> bool:
    """«дороговато» for «дорого», not «дорога»: a short word must be whole."""
    m = min(len(word), len(lemma))
    k = 0
    while k < m and word[k] == lemma[k]:
        k += 1
    return lemma == word or (m >= 5 and k >= (m if m <= 6 else max(5, round(0.75 * m))))


_DENIAL = frozenset({"не", "нельзя", "разве", "нет"})


def _stem_in(word: str, u: Unit, negated: bool = False) -> bool:
    """The word said in the unit (a form or a derivative); ``negated``: in a unit that denies or
    doubts («не ставят», «разве зимой ставят?»)."""
    if negated and not any(t.low in _DENIAL for t in u.tokens):
        return False
    return any(_same_stem(word, t.lemma) for t in u.tokens)


def _negated(phrase: str) -> frozenset[str]:
    """«зимой окна не ставят»: the lemmas the example says with «не» before them."""
    words = re.findall(r"\w+", phrase)
    return frozenset(w for a, b in pairwise(words) if a == "не" for w in lemmas(b))


# content words of a listed objection to hear: both of two («надо согласовать» is not «бюджет
# согласован»), one of three («долго ждать сдачи»: «ещё два года ждать»), two of more
_NEEDED = {1: 1, 2: 2, 3: 1}


def _named(u: Unit, examples: Sequence[Example]) -> bool:
    """One of the objections the criterion lists: its phrase, or its content words (``_NEEDED``);
    a word the example says with «не» must be said with it («окна ставили» is not «зимой окна не
    ставят»). An example that begins with «не» («не сейчас») counts only whole."""
    for phrase, words in examples:
        if phrase and re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", u.norm):  # not «мне сейчас»
            return True
        if not words or re.match(r"нет?\s", phrase):
            continue  # «не сейчас», «нет времени»: no objection wherever «сейчас», «время» is said
        neg = _negated(phrase)
        content = sum(_stem_in(w, u, w in neg) for w in words)
        every = [w for w in lemmas(phrase) if len(w) > 1 and w != "не" and w not in rules()["example_hedges"]]
        if len(every) > len(words):  # «надо согласовать», «уже есть подрядчик»: not without «надо», «уже»
            hits = sum(_stem_in(w, u, True) if w in neg else w in u.lemma_set or _stem_in(w, u) for w in every)
            if content and hits >= min(2, len(every)):  # «нам не надо»: not «у нас в это не лезет»
                return True
        elif content >= _NEEDED.get(len(words), 2) and all(_stem_in(w, u, True) for w in neg & set(words)):
            return True
    return False


_BUSY_WITH_RX = re.compile(r"\bнекогда\s+(?!говорить|разговаривать|общаться)\w+ть\b")  # «некогда ездить»


_PAST_RX = re.compile(r"(?:л|ла|ли|ло)$")


def _narrated(u: Unit) -> frozenset[str]:
    """«Я вот подумал — жена хочет поближе к лесу»: a doubt word in the past tense tells what the
    client thought, it doubts nothing now («подумаю», «надо подумать» do)."""
    said = {t.lemma for t in u.tokens if t.lemma in _THOUGHT and not _PAST_RX.search(t.low)}
    return _THOUGHT - said


_THOUGHT = frozenset({"подумать"})


def _raw(u: Unit, examples: Sequence[Example]) -> bool:
    r = rules()
    words = (u.lemma_set - _narrated(u)) | {f for f in u.fuzzy if not _resembles_known(f, u)}
    return bool(
        words & (OBJECTION_LEMMAS | r["objection_lemmas_set"])
        or _refuses(u)
        or _BUSY_WITH_RX.search(u.norm)
        or any(p.search(u.norm) for p in _BASE_PATTERNS)
        or any(p.search(u.norm) for p in r["objection_patterns_rx"])
        or _named(u, examples)
    )


def _refuses(u: Unit) -> bool:
    """«Не интересно», «нам агентства не нужны»: the client turns the offer down."""
    r = rules()
    return says(u, r["hard_refusals"]) or any(p.search(u.norm) for p in r["refusal_patterns_rx"])


def _resembles_known(fuzzy: str, u: Unit) -> bool:
    """«рисование» read as «рискованно»: the fuzzy match of an ASR-garbled word, where the word
    itself is a dictionary word of the same beginning, is no match."""
    return any(t.lemma[:3] == fuzzy[:3] and t.lemma != fuzzy and is_known(t.text) for t in u.tokens)


def _situation_answer(u: Unit, prep: Prepared) -> bool:
    """The client describes how things are now because the manager asked («что у вас сейчас?»):
    information, not an objection to what the manager offers."""
    asked = [x for x in prep.prev_turn_units(u) if x.speaker == "manager" and x.question]
    if not asked:
        return False
    if says(u, rules()["doubt_markers"]):
        return False  # «это дороговато», «надо подумать»: a doubt, whatever was asked
    q = " ".join(x.norm for x in asked)
    about_now = any(w in q for w in rules()["situation_question"])
    budget = bool(set(rules()["budget_question"]) & set().union(*(x.lemma_set for x in asked)))
    return about_now or budget


def _described(u: Unit, prep: Prepared, examples: Sequence[Example]) -> bool:
    """«Старые, запотевают», «на веранде ещё одно маленькое»: the client describes what he has in
    answer to the manager's question; a describing word alone («старый», «маленький») is no
    objection there."""
    r = rules()
    asked = [x for x in prep.prev_turn_units(u) if x.speaker == "manager" and x.question]
    if not (asked or _opening_request(u, prep)) or any(says(x, r["opinion_questions"]) for x in asked):
        return False  # «Как вам квартира?» — «Кухня маленькая»: the offer judged, an objection
    if _named(u, examples) or says(u, r["doubt_markers"]):
        return False
    strong = u.lemma_set & (OBJECTION_LEMMAS | r["objection_lemmas_set"]) - r["describing_lemmas_set"]
    text = _without_wishes(u.norm)
    patterns = [p for p in (*_BASE_PATTERNS, *r["objection_patterns_rx"]) if p.search(text)]
    return not strong and not patterns and not _refuses(u)


def _without_wishes(text: str) -> str:
    """«Строиться я не хочу», «сами стройку не потянем организовать», «ждать не хочу»: what the
    client will not do himself is a need he states, no objection to the offer."""
    for rx in rules()["wish_patterns_rx"]:
        text = rx.sub(" ", text)
    return text


def _opening_request(u: Unit, prep: Prepared) -> bool:
    """The client's first turn of a call he makes: he says what he looks for, before any offer."""
    first = prep.units_of("client")[:1]
    return bool(first) and u.turn == first[0].turn and calltype.inbound(prep) is not None


def _comparative(word: str) -> bool:
    return any("COMP" in t for _, t, _ in tags(word))


def _asks_for_another(u: Unit) -> bool:
    """«А поменьше есть?», «Побольше нет?»: the client asks whether another option exists; a
    comparative of a doubt word in such a question objects to nothing."""
    if not (u.question or u.text.rstrip().endswith("?")) or not u.lemma_set & {"есть", "быть", "нет"}:
        return False
    doubt = OBJECTION_LEMMAS | rules()["objection_lemmas_set"]
    hits = [t for t in u.tokens if t.lemma in doubt]
    return bool(hits) and all(_comparative(t.text) for t in hits) and not _refuses(u)


def _not_objection(u: Unit, prep: Prepared, examples: Sequence[Example] = ()) -> bool:
    r = rules()
    if any(p.search(u.norm) for p in r["not_objection_patterns_rx"]) or _asks_for_another(u):
        return True
    turn = [x for x in prep.turn_units(u.turn)]
    busy = any(says(x, r["busy_phrases"]) for x in turn) or _still_busy(u, prep)
    named = _named(u, examples)  # «на совещании, пришлите на почту»: the criterion lists it
    hard = says(u, [p for p in r["hard_refusals"] if p not in _NOT_NOW])
    if busy and not named and not hard and not _BUSY_WITH_RX.search(u.norm):
        return True  # «сейчас неудобно, перезвоните»: a request to call later
    return _situation_answer(u, prep) and not _refuses(u)


_NOT_NOW = frozenset({"нет-нет", "нет, спасибо"})  # in a turn that puts the talk off: no to talking now


def _still_busy(u: Unit, prep: Prepared) -> bool:
    """«Всё, не могу, тут камера» in the last turn of a client who said he was driving: he still
    cannot talk, he does not object to the offer; a word of doubt (dear, far) is still one."""
    client = prep.units_of("client")
    if not client or u.turn_of_speaker != client[-1].turn_of_speaker:
        return False  # «в субботу не могу» before it answers the manager's offer
    if u.lemma_set & (OBJECTION_LEMMAS | rules()["objection_lemmas_set"]):
        return False
    return any(says(x, rules()["busy_phrases"]) for x in client if x.index < u.index)


def objection_units(prep: Prepared, examples: Sequence[Example] = ()) -> list[Unit]:
    """The client's sentences that object, doubt or complain."""
    return [
        u for u in prep.units_of("client")
        if (_raw(u, examples) and not _not_objection(u, prep, examples) and not _described(u, prep, examples))
        or _doubt_implied(u, prep)
    ]


def _doubt_asked(units: list[Unit]) -> bool:
    """«А что именно смущает?», «Ну, как хотите.»: the manager's words take the client's last words
    for a doubt (he asks what it is, or gives in to it)."""
    return any(p.search(u.norm) for u in units for p in rules()["doubt_asked_patterns_rx"])


def _doubt_implied(u: Unit, prep: Prepared) -> bool:
    """The client's last sentence of a turn that the manager's next turn treats as a doubt."""
    turn = [x for x in prep.turn_units(u.turn) if x.speaker == "client"]
    if not turn or turn[-1].index != u.index or any(p.search(u.norm) for p in rules()["not_objection_patterns_rx"]):
        return False
    return _doubt_asked([x for x in prep.next_turn_units(u) if x.speaker == "manager"])


_ALTERNATIVE_RX = re.compile(r"\b(?:можно|можем|могу|давайте|предлагаю|тогда|зато|а если)\b")
_BRUSH_OFF_RX = re.compile(
    r"\bу всех так(?:ие|ая|ой)?\b|\bчто (?:я|мы) (?:тут |здесь )?(?:могу|можем) (?:сделать|поделать)\b"
    r"|\bне я (?:назначаю|решаю|устанавливаю)\b|\bкак (?:хотите|знаете)\b|\bтакие (?:цены|ставки|условия)\b|\bдумайте\b"
    r"|\b(?:цены|ставки|условия) (?:\w+ )?такие\b|\bвс[её] будет (?:хорошо|нормально)\b|\bсами (?:смотрите|решайте)\b"
)
_CONCEDED_RX = re.compile(
    r"\b(?:если|раз) (?:так|есть|уже есть|не (?:надо|нужно|интересно))\b[^?!]{0,20}\b(?:тогда|то)\b[^?!]{0,20}\bладно\b"
    r"|\bтогда,? ладно\b|\bкак (?:хотите|знаете)\b|^\W*(?:ну,? )?ладно,? (?:понял|поняла|извините)\b"
)
_ACKNOWLEDGED = 2  # "Понимаю.", "Да, понял.": a turn that only asks back may say this much before


def _answered(obj: Unit, prep: Prepared, *, follow: bool = True) -> tuple[bool, Unit | None]:
    """The manager's next turn works with the objection: arguments (checklist._handled), or an
    alternative put concretely («Можно на три месяца, пробно», «Можно на семь лет растянуть,
    тогда около пятидесяти двух»); «у всех так», «как хотите» are no answer. A manager who first
    asks back («А что именно смущает?», «Там с отделкой?») answers in his turn after the reply."""
    units = [u for u in prep.next_turn_units(obj) if u.speaker == "manager"]
    if units and _CONCEDED_RX.search(" ".join(u.norm for u in units)):
        return False, units[0]  # «А, ну если есть, тогда ладно»: the manager gives in, whatever follows
    ok, best = _handled(obj, prep)
    if ok:
        return ok, best
    units = [u for u in prep.next_turn_units(obj) if u.speaker == "manager"]
    text = " ".join(u.norm for u in units)
    words = sum(len(u.tokens) for u in units)
    if units and words >= 6 and _ALTERNATIVE_RX.search(text) and not _BRUSH_OFF_RX.search(text):
        return True, next((u for u in units if _ALTERNATIVE_RX.search(u.norm)), units[0])
    if follow and _asks_back(units, text):
        reply = [u for u in prep.next_turn_units(units[-1]) if u.speaker == "client"]
        if reply:
            return _answered(reply[-1], prep, follow=False)
    return False, best


def _asks_back(units: list[Unit], text: str) -> bool:
    """ "Понимаю. А там с отделкой?": the manager's turn only asks the client back about the doubt
    (not "Цены такие. Что-то ещё?", not "А почта какая?")."""
    if not units or not units[-1].question or _BRUSH_OFF_RX.search(text) or about_arrangements(units[-1]):
        return False
    if _doubt_asked(units):  # "Да, в двадцать восьмом. А что именно смущает?": it asks back whatever precedes
        return True
    return all(u.question or len(u.tokens) <= _ACKNOWLEDGED for u in units)


def objection_stage(stage: StageSpec, prep: Prepared, examples: Sequence[Example] = ()) -> StageVerdict:
    """Not applicable without objections; completed when the manager answered at least half of
    them in substance; failed otherwise."""
    episodes: dict[int, Unit] = {}
    for u in objection_units(prep, examples):
        episodes.setdefault(u.utt, u)
    if not episodes:
        return StageVerdict(stage.stage_id, "not_applicable", 75, NONE_RAISED)
    results = [(obj, *_answered(obj, prep)) for obj in episodes.values()]
    handled = [r for r in results if r[1]]
    share = len(handled) / len(results)
    said = "; ".join(f"«{r[0].text}»" for r in results[:3])
    done = share >= 0.5
    how = (f"Менеджер ответил по существу на {len(handled)} из {len(results)}." if done
           else "Менеджер не отработал их (нет аргументов, альтернатив или уточнений).")
    return _verdict(stage, "completed" if done else "failed", round((55 if done else 10) + 40 * share),
                    f"Возражения клиента: {said}. {how}", quote=handled[0][2] if done else results[0][0])
