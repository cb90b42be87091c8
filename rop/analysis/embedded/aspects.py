"""Split a stage's criterion into aspects that can each be checked in the transcript.

"МРК выяснил количество комнат, район и сроки сдачи" -> комнаты / район / сроки;
"МРК поздоровался, представился и назвал агентство" -> приветствие / представление / компания.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rop.analysis.embedded.lang import lemmas, pos, tags, tokenize
from rop.analysis.embedded.lexicon import (
    ASK_VERBS,
    BY_KEY,
    CONCEPTS,
    GENERIC_LEMMAS,
    SYNONYMS,
    TELL_VERBS,
    Concept,
    load_json,
)
from rop.analysis.types import StageSpec

_PHRASE_TRIGGERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("имя", "клиент"), "client_name"),
    (("обращаться", "по", "имя"), "client_name"),
    (("спросить", "имя"), "client_name"),
    (("узнать", "имя"), "client_name"),
    (("выяснить", "имя"), "client_name"),
    (("уточнить", "имя"), "client_name"),
    (("назвать", "имя"), "introduce"),
    (("представить", "себя"), "introduce"),
    (("назвать", "себя"), "introduce"),
    (("как", "звать"), "client_name"),
    (("как", "обращаться"), "client_name"),
    (("свой", "имя"), "introduce"),
    (("следующий", "шаг"), "meeting"),
    (("цель", "звонок"), "purpose"),
    (("способ", "оплата"), "payment"),
    (("форма", "оплата"), "payment"),
    (("финансовый", "возможность"), "budget"),
    (("финансовый", "ситуация"), "budget"),
    (("подвести", "итог"), "summary"),
    (("что", "далекий"), "summary"),  # "проговаривает, что дальше": the next step restated ("дальше" lemmatises so)
    (("срок", "сдача"), "timeline"),
    (("срок", "работа"), "duration"),  # how long the work takes: the seller tells it
    (("срок", "выполнение"), "duration"),
    (("срок", "изготовление"), "duration"),
    (("срок", "ремонт"), "duration"),
    (("срок", "монтаж"), "duration"),
    (("срок", "производство"), "duration"),
    (("принимать", "решение"), "decision_maker"),
    (("лицо", "принимать"), "decision_maker"),
    (("кто", "решать"), "decision_maker"),
    (("кто", "принимать"), "decision_maker"),
)
# two words a few words apart: "откуда пациент узнал о клинике" asks for the source
_GAPPED_TRIGGERS: tuple[tuple[str, frozenset[str], str, int], ...] = (
    ("откуда", frozenset({"узнать", "услышать", "найти", "прийти"}), "source", 3),
    ("как", frozenset({"узнать", "услышать", "найти"}), "source", 3),
    # "как клиент будет платить": the way of paying, not how much
    ("как", frozenset({"платить", "оплачивать", "оплатить", "рассчитываться", "рассчитаться"}), "payment", 3),
    ("чем", frozenset({"платить", "оплачивать", "оплатить", "рассчитываться", "рассчитаться"}), "payment", 3),
)
_GAP = 3
# addressing the client by name ("хотя бы раз обратился к нему по имени"): the client's name, not
# the manager's own; the words between may name whom ("к клиенту", "к нему")
_ADDRESS_VERBS = frozenset({"обратиться", "обращаться", "обращение", "называть", "звать"})
_BY_NAME = ("по", "имя")
_VERB_SYNONYMS: dict[str, frozenset[str]] = {
    "поблагодарить": frozenset({"спасибо", "благодарить", "поблагодарить", "благодарность"}),
    "извиниться": frozenset({"извинить", "извиняться", "простить", "извинение"}),
    "пригласить": frozenset({"пригласить", "приглашать", "приходить", "приехать", "ждать"}),
    # "предложение помощи": "чем могу помочь", "чем могу быть полезен"
    "помочь": frozenset({"помочь", "помощь", "полезный"}),
    "помощь": frozenset({"помочь", "помощь", "полезный"}),
}
# polite acts said in their own fixed words ("спасибо", "чем могу помочь"): the word itself shows the
# act, whatever it is for ("поблагодарил за обращение": "Спасибо за звонок"); a sentence close in
# meaning without it is some other courtesy, never the act
SET_PHRASE_ACTS = (_VERB_SYNONYMS["поблагодарить"], _VERB_SYNONYMS["помочь"])


def set_phrase_act(words: frozenset[str], said: frozenset[str]) -> bool | None:
    """None: the aspect is no such act; else whether one of its words is said."""
    family = next((f for f in SET_PHRASE_ACTS if words & f), None)
    return None if family is None else bool(said & family)
_NOT_THE_NAME_BEFORE = frozenset(
    {
        "в",
        "во",
        "о",
        "об",
        "про",
        *load_json("criterion.json")["manager_words"],
        *load_json("criterion.json")["client_words"],
    }
)
WHAT = "что"  # the marker word of a what-element: a manager's what-question shows it
NOW = "сейчас"  # the marker word of a what-is-now element: a manager's question about now shows it
_CURRENT = frozenset({"текущий", "нынешний", "действующий", "существующий"})
_WH_WORDS = frozenset({"откуда", "как", "какой", "где", "когда", "сколько", "кто", "почему", "зачем"})
_CONDITIONAL_OBJECTION = frozenset({"возражение", "сомнение", "возражать", "сомневаться", "опасение"})
_SPLIT_RE = re.compile(r",|;|\s+и\s+|\s+а также\s+|\s+также\s+", re.UNICODE | re.IGNORECASE)


@dataclass
class Aspect:
    label: str  # Russian words for comments
    concept: Concept | None = None
    ask: bool = False
    words: frozenset[str] = frozenset()  # free lemmas (when no concept), hint lemmas
    phrases: tuple[tuple[str, ...], ...] = ()
    text: str = ""  # the aspect's words as written in the criterion
    must: frozenset[str] = frozenset()  # lemmas a sentence must have ("кто убирает": "кто")

    @property
    def key(self) -> str:
        return self.concept.key if self.concept else "free:" + self.label


@dataclass
class StagePlan:
    aspects: list[Aspect] = field(default_factory=list)
    conditional_objection: bool = False
    condition_text: str = ""  # "если ..." clause, when present


# "ситуация, когда цель не прозвучала": a clause about the case, not the question when
_WHEN_CLAUSE_RX = re.compile(r"\b(ситуаци\w*|случа\w*|момент\w*|тогда|то),?\s+когда\b", re.IGNORECASE)
# "представляется, когда снимает трубку": a clause of time after what the speaker does
_DOING_WHEN_RX = re.compile(r"\b([а-яё]+),?\s+когда\s+([а-яё]+)([^,;.:()—–]*)", re.IGNORECASE)


def _when_doing(m: re.Match[str]) -> str:
    """The clause goes when a verb of doing (not of finding out or telling: "выяснил, когда
    нужен монтаж" asks it) precedes "когда" and a verb follows: it says when, not what."""
    before, after = lemmas(m.group(1)), lemmas(m.group(2))
    if not before or not after or not _finite(m.group(1)) or not _finite(m.group(2)):
        return m.group(0)
    if before[0] in ASK_VERBS or before[0] in TELL_VERBS or before[0] in _TELLING_IMPERFECTIVE:
        return m.group(0)
    return m.group(1) + " "


def _finite(word: str) -> bool:
    return any(t.startswith("VERB") for _, t, _ in tags(word)[:1])


# "обращается к клиенту по имени не менее 2 раз": the client's name element has to be used in address
# that many times (marks among its words, never said in a call)
ADDRESS_MARK = "по_имени"
_TIMES_MARK = "раз"


def address_marks(times: int) -> tuple[str, ...]:
    return (ADDRESS_MARK, f"{_TIMES_MARK}{times}")


def address_times(words: frozenset[str]) -> int:
    """How many times the manager has to call the client by name (0: no such requirement)."""
    if ADDRESS_MARK not in words:
        return 0
    counts = [w[len(_TIMES_MARK) :] for w in words if w.startswith(_TIMES_MARK)]
    return max((int(n) for n in counts if n.isdigit()), default=1)


_OFFERED_NOT_A_THING = frozenset({"помощь", "помочь", "содействие", "поддержка"})
_NOT_A_FLAT_ROOM = frozenset({"детский", "игровой", "переговорный", "массажный", "гостевой", "комната", "мать"})


_NAME_WORDS = ("имя", "звать", "зовут")
OTHERS_NAME = frozenset(_NAME_WORDS)  # the words of a third person's name: asked, never the client's own
_DECISION = frozenset({"решение", "решать", "решить"})
_CLIENT_SIDE = frozenset(
    {*load_json("criterion.json")["client_words"], "родитель", "гость", "посетитель", "заявитель", "владелец"}
)
_MANAGER_SIDE = frozenset(load_json("criterion.json")["manager_words"])


def decision_topic(lem: list[str], i: int) -> bool:
    """ "принимает ли решение по подрядчику и бюджету": what the decision is about is its topic,
    not an element to find out (the word after "по" a few words after "решение")."""
    before = lem[max(0, i - 6) : i]
    return bool(set(before) & _DECISION) and "по" in before[before.index(next(w for w in before if w in _DECISION)) :]


def _person(word: str) -> bool:
    return any("NOUN" in t and "anim" in t and "inan" not in t for _, t, s in tags(word) if s >= 0.2)


def others_name(lem: list[str]) -> str | None:
    """ "имя ребёнка", "имя родителя": the name of a person who is neither the manager (his own name
    is the introduction) nor the client (the client's name): "" for the client's, None when not so."""
    for i, w in enumerate(lem[:-1]):
        if w != "имя":
            continue
        nxt = lem[i + 1]
        if nxt in _MANAGER_SIDE or nxt in _OWN_NAME or not _person(nxt):
            return None
        return "" if nxt in _CLIENT_SIDE else nxt
    return None


def _concepts_in(lem: list[str], mode_ask: bool | None) -> list[Concept]:
    found: list[Concept] = []
    used = [False] * len(lem)
    if others_name(lem) == "":  # "имя родителя": the client's name
        found.append(BY_KEY["client_name"])
        used = [w == "имя" or u for w, u in zip(lem, used, strict=True)]
    for phrase, key in _PHRASE_TRIGGERS:
        n = len(phrase)
        for i in range(len(lem) - n + 1):
            if tuple(lem[i : i + n]) == phrase:
                c = BY_KEY[key]
                if c not in found:
                    found.append(c)
                for k in range(i, i + n):
                    used[k] = True
    _addressed_by_name(lem, found, used)
    if lem == [_ONESELF] and mode_ask is not True:  # "назвал агентство и себя": his own name
        found.append(BY_KEY["introduce"])
    if mode_ask and BY_KEY["duration"] in found:  # "выяснил сроки работ": by when the client needs it
        found = [BY_KEY["timeline"] if c.key == "duration" else c for c in found]
    if mode_ask and BY_KEY["purpose"] in found:  # "выяснил цель звонка": why the client calls
        found = [BY_KEY["needs"] if c.key == "purpose" else c for c in found]
    _gapped(lem, found, used)
    for i, w in enumerate(lem):
        if used[i]:
            continue
        for c in CONCEPTS:
            if w in c.triggers:
                if i and lem[i - 1] in _COUNTED_ELEMENTS:
                    continue  # "нужны оба обязательных параметра": the elements counted, not one of them
                if w == "стоить" and lem[i - 1 : i] == ["что"] and lem[i + 1 : i + 2] == ["за"]:
                    continue  # "что стоит за возражением": what is behind it, no price
                if found and decision_topic(lem, i):
                    continue  # "решение по бюджету": the decision's topic
                if c.key == "company" and i and lem[i - 1] in _NOT_THE_NAME_BEFORE:
                    continue  # "кто в компании решает", "администратор клиники": not its name
                if c.key == "rooms" and w == "комната" and i and lem[i - 1] in _NOT_A_FLAT_ROOM:
                    continue  # "детская комната" of a club is an advantage, not the flat's room count
                nxt = lem[i + 1] if i + 1 < len(lem) else ""
                if c.key == "contact" and w == "контактный" and nxt and nxt not in c.lemmas | _CONTACT_NOUNS \
                        and pos(nxt) == "NOUN":
                    continue  # "контактные линзы": the adjective names a kind of that noun, no contact details
                if c.key == "object" and w == "вариант" and any(nxt in o.triggers for o in CONCEPTS):
                    continue  # "варианты даты": how many, the next word says of what
                if c.key == "object" and nxt in _OFFERED_NOT_A_THING:
                    continue  # "предложение помощи": the manager offers help, no product
                if c.key == "timeline" and w == "когда" and (mode_ask is False or _when_glossed(lem, mode_ask)):
                    c = BY_KEY["date"]  # "проговорил, что дальше и когда": the day told, not a deadline asked
                if c.key == "district" and mode_ask is False and w in {"расположение", "местоположение"}:
                    c = BY_KEY["district"]
                if c not in found:
                    found.append(c)
                used[i] = True
                break
    if len(found) > 1:
        found = [c for c in found if c.key != "needs"]
    if any(c.key == "send_docs" for c in found):  # "отправить КП с ценами": what is sent, not more elements
        found = [c for c in found if c.key not in _SENT]
    return found


def _when_glossed(lem: list[str], mode_ask: bool | None) -> bool:
    """ "когда — конкретная дата или день недели": the day the step is set for, glossed as such."""
    return mode_ask is None and bool({"дата", "день", "число"} & set(lem))


_CONTACT_NOUNS = frozenset({"данные", "информация", "лицо", "адрес", "сведение"})
_COUNTED_ELEMENTS = frozenset({"оба", "обе", "обязательный", "необязательный", "остальной"})
_SENT = frozenset({"contact", "object", "layout", "price", "meeting", "advantage"})


_WH_HEADS = frozenset({"кто", "сколько", "где", "когда", "откуда", "куда"})
_HOW_ADVERBS = frozenset({"часто", "давно", "долго", "много", "быстро", "срочно", "регулярно"})


def wh_head(lem: list[str]) -> frozenset[str]:
    """ "кто убирает сейчас", "как часто нужна уборка", "сколько сотрудников": the question word a
    sentence must have to ask this (the rest are the checklist's topic words, said everywhere)."""
    for i, w in enumerate(lem[:3]):
        if w in _WH_HEADS:
            return frozenset({w})
        if w == "как" and i + 1 < len(lem) and lem[i + 1] in _HOW_ADVERBS:
            return frozenset({lem[i + 1]})
    return frozenset()


def _addressed_by_name(lem: list[str], found: list[Concept], used: list[bool]) -> None:
    for i, w in enumerate(lem):
        if w not in _ADDRESS_VERBS:
            continue
        for j in range(i + 1, min(len(lem) - 1, i + 1 + _GAP + 1)):
            if tuple(lem[j : j + 2]) == _BY_NAME:
                if BY_KEY["client_name"] not in found:
                    found.append(BY_KEY["client_name"])
                for k in range(j, j + 2):
                    used[k] = True
                if j + 2 < len(lem) and lem[j + 2].startswith("имя"):
                    used[j + 2] = True  # "(имени-отчеству)"
                break


_ONESELF = "себя"
_OWN_NAME = frozenset(
    {"представиться", "представление", "представляться", "свой", "мой", "назвать", "себя"}
    | {"менеджер", "мрк", "оператор", "сотрудник", "администратор", "консультант", "специалист"}  # «имя менеджера»
)


def bare_name_is_clients(keys: list[str], anchors: list[str]) -> list[bool]:
    """ "выяснить имя клиента и обратиться по имени после того, как имя стало известно": next to
    the client's name a bare "имя" is the same name, not the manager introducing himself.
    Which elements to keep (False: an "introduce" read from a bare "имя" beside "client_name")."""
    if "client_name" not in keys:
        return [True] * len(keys)
    return [k != "introduce" or bool(set(lemmas(a)) & _OWN_NAME) for k, a in zip(keys, anchors, strict=True)]


_TRIGGERS = frozenset(w for c in CONCEPTS for w in c.triggers)


class _Keyworded(Protocol):
    keywords: tuple[str, ...]
    concepts: tuple[str, ...]
    anchor: str


def restates_free(concepts: tuple[str, ...], anchor: str, earlier: Sequence[_Keyworded]) -> bool:
    """ "Выяснить цель приобретения. Нарушение — цель не прозвучала": a later sentence's concept read
    from a word that is already an earlier free element's own word is that element again."""
    words = {w for e in earlier if not e.concepts for w in (*e.keywords, *lemmas(e.anchor))}
    return bool(concepts) and bool(set(lemmas(anchor)) & words & _TRIGGERS)


def _gapped(lem: list[str], found: list[Concept], used: list[bool]) -> None:
    for first, then, key, gap in _GAPPED_TRIGGERS:
        for i, w in enumerate(lem):
            near = [k for k in range(i + 1, min(len(lem), i + 1 + gap)) if lem[k] in then]
            if w == first and near:
                if BY_KEY[key] not in found:
                    found.append(BY_KEY[key])
                for k in (i, *near):
                    used[k] = True


def plan_stage(stage: StageSpec) -> StagePlan:
    text = stage.criterion.strip() or stage.name.strip()
    plan = StagePlan()
    all_lem = lemmas(text + " " + stage.name)
    if any(w in _CONDITIONAL_OBJECTION for w in all_lem):
        plan.conditional_objection = True
    m = re.search(r"\bесли\b([^.;:]*)", text, re.IGNORECASE)
    if m:
        plan.condition_text = m.group(1).strip(" ,")
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    # parenthesised words belong to the aspect before them
    text = re.sub(r"\(([^)]*)\)", lambda mm: " " + mm.group(1).replace(",", " ").replace(" и ", " ") + " ", text)
    head, tail = text, ""
    if ":" in text:
        head, tail = text.split(":", 1)
    head_lem = set(lemmas(head))
    aspects = _aspects_from(tail, head_mode(head_lem)) if tail.strip() else []
    if not aspects:
        aspects = _aspects_from(head, None)
    if not aspects:
        aspects = _aspects_from(stage.name, None)
    _attach_hints(aspects, stage.hints)
    plan.aspects = aspects
    return plan


_QUESTION_NOUNS = frozenset({"вопрос"})
_ANSWERING = frozenset({"ответить", "отвечать", "ответ"})


def head_mode(head_lem: set[str]) -> bool | None:
    """The list after "Минимум два вопроса из:", "Не менее двух уточняющих вопросов о …:" is asked,
    as after "выяснил:"; after "назвал:" it is told (None: each item's own way)."""
    if head_lem & ASK_VERBS or (head_lem & _QUESTION_NOUNS and not head_lem & _ANSWERING):
        return True
    return False if head_lem & (TELL_VERBS | _TELLING_IMPERFECTIVE) else None


# "проговаривает итог:", "называет:": the ongoing forms of the telling verbs head a told list too
_TELLING_IMPERFECTIVE = frozenset(
    {"проговаривать", "подводить", "называть", "озвучивать", "сообщать", "обозначать", "фиксировать", "повторять"}
)


def _aspects_from(text: str, mode: bool | None) -> list[Aspect]:
    aspects: list[Aspect] = []
    seen: set[str] = set()
    text = _WHEN_CLAUSE_RX.sub(r"\1 ", text)
    text = _DOING_WHEN_RX.sub(_when_doing, text)
    topic = False  # the part before ends in "решение по …": this part's first word is its topic too
    for part in _own_parts(_SPLIT_RE.split(text)):
        lem = [w for w in lemmas(part)]
        verbs = _mode_verbs(lem, mode)
        if any(w in ASK_VERBS for w in verbs):
            mode = True
        elif verbs:
            mode = False
        concepts = _concepts_in(lem, mode)
        if topic and lem and any(lem[0] in c.triggers for c in concepts):
            concepts = [c for c in concepts if lem[0] not in c.triggers]
            if not concepts and len(lem) <= 2:
                continue  # "(решение) по подрядчику и бюджету": the second topic, no element
        topic = bool(lem) and decision_topic(lem, len(lem))
        other = others_name(lem)
        if other and "free:имя " + other not in seen:  # "имя ребёнка": found out by asking how he is called
            seen.add("free:имя " + other)
            aspects.append(Aspect("имя " + other, None, mode is not False, frozenset(_NAME_WORDS), text=part))
            continue
        if mode and len(concepts) + len(aspects) > 1:
            # "в какие сроки нужна квартира": the object is the topic, not an aspect to find out
            concepts = [c for c in concepts if c.key != "object"]
        for c in concepts:
            if c.key in seen:
                continue
            seen.add(c.key)
            ask = c.ask if mode is None else (mode and c.key not in {"date", "time", "object"})
            if c.key == "district" and not ask:
                c = BY_KEY["location"]  # telling where the object is, not asking where to look
            aspects.append(Aspect(label=c.label, concept=c, ask=ask, text=part))
        if concepts:
            continue
        wh = next((i for i, w in enumerate(lem) if w in _WH_WORDS), len(lem))
        content = [
            w
            for i, w in enumerate(lem)
            if w not in GENERIC_LEMMAS
            and (i > wh or (w not in ASK_VERBS and w not in TELL_VERBS))  # "откуда узнал": what is asked
            and len(w) > 2
            and not w.isdigit()
            and not (mode is False and w in _WH_WORDS)  # "назвал, кто преподаёт": "кто" is grammar
        ]
        words: set[str] = set(content)
        for w in content:
            words |= SYNONYMS.get(w, frozenset())
        for v in lem:  # "поблагодарил за обращение": "спасибо" shows it
            words |= _VERB_SYNONYMS.get(v, frozenset()) if words else frozenset()
        if not words:
            # a bare verb is an aspect only when it is an action of its own ("поблагодарил"),
            # not a verb of finding out / telling that governs the next part ("спрашивает, как ...")
            for v in verbs:
                if v in _VERB_SYNONYMS:
                    words |= _VERB_SYNONYMS[v]
                elif v not in ASK_VERBS and v not in TELL_VERBS:
                    words.add(v)
            if not words:
                continue
        label = " ".join(t.text for t in tokenize(part) if t.lemma in words or t.lemma in verbs) or part
        key = "free:" + label
        if key in seen:
            continue
        seen.add(key)
        must = wh_head(lem) if mode is not False else frozenset()  # "назвал, кто преподаёт": told, not asked
        if mode is not False and lem[:1] and lem[0] in {WHAT, "какой"}:
            words.add(WHAT)  # "что за груз", "что беспокоит": a what-question in any words shows it too
        if mode is not False and set(lem) & _CURRENT:
            words.add(NOW)  # "текущий провайдер": "Интернет у вас сейчас чей?" asks it
        ask = bool(mode) if mode is not None else bool(must)
        aspects.append(Aspect(label.lower(), None, ask, frozenset(words | must), text=part, must=must))
    return aspects


_RELATIVE = frozenset({"который", "которые", "которая", "которое", "которого", "которой", "которым", "которую"})


_BACK_REFERENCE = frozenset({"то", "тот", "другой", "оба", "обе", "это", "всё", "весь", "и", "—"})


def _own_parts(parts: list[str]) -> list[str]:
    """ "размер аванса, который готов внести клиент": a relative clause tells about the element
    before it, it is no element of its own; nor is "и то и другое"."""
    out: list[str] = []
    for part in (p.strip() for p in parts if p and p.strip()):
        first = part.split(None, 1)[0].lower().strip("«»\"'(")
        if out and first in _RELATIVE:
            continue
        if set(lemmas(part)) <= _BACK_REFERENCE:
            continue  # "и то и другое": both of the elements before, none of its own
        out.append(part)
    return out


def _mode_verbs(lem: list[str], mode: bool | None = True) -> list[str]:
    """The verbs that say whether a part is found out or told: after "выяснил:", "что нужно сделать"
    asks what is to be done ("сделать" after the question word is what is asked, not the manager's
    doing); with no mode known yet, any verb of the part says it ("повторяет, на когда записан")."""
    wh = next((i for i, w in enumerate(lem) if w in _WH_WORDS or w == WHAT), len(lem)) if mode is not None else len(lem)
    return [w for i, w in enumerate(lem) if (w in ASK_VERBS or w in TELL_VERBS) and (i < wh or w in ASK_VERBS)]


def _attach_hints(aspects: list[Aspect], hints: tuple[str, ...]) -> None:
    for hint in hints:
        lem = lemmas(hint)
        if not lem:
            continue
        concepts = _concepts_in(lem, None)
        target: Aspect | None = None
        for a in aspects:
            if a.concept is not None and a.concept in concepts:
                target = a
                break
        if target is None:
            best = 0
            for a in aspects:
                overlap = len(set(lem) & (a.words | (a.concept.lemmas if a.concept else frozenset())))
                if overlap > best:
                    best, target = overlap, a
        if target is None and not aspects:
            content = frozenset(w for w in lem if w not in GENERIC_LEMMAS)
            if concepts:
                aspects.append(Aspect(label=concepts[0].label, concept=concepts[0], ask=concepts[0].ask, text=hint))
            elif content:
                aspects.append(Aspect(label=hint.lower(), words=content, phrases=(tuple(lem),), text=hint))
            continue
        if target is not None:
            target.phrases = (*target.phrases, tuple(lem))
