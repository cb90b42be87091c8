"""A stage's criterion compiled into explicit elements, a requirement and conditions.

"Менеджер поздоровался, назвал своё имя и компанию. Если клиент сам позвонил повторно —
не применимо" compiles into three elements that must happen (приветствие; представление
(имя менеджера); название компании), whose words each concerns (manager / client), how many
are required (all / any / at least N) and the conditions written in the text that make the stage
not applicable or failed. Meta-language (выполнено только если, failed, хотя бы, МРК) never
becomes an element. The result is plain data (to_dict / from_dict) so it can be stored with a
checklist version, shown to the head of sales and corrected (apply_corrections).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from rop.analysis.embedded import abbreviations, na_notes, sections
from rop.analysis.embedded.aspects import (
    Aspect,
    _aspects_from,
    _concepts_in,
    address_marks,
    bare_name_is_clients,
    head_mode,
    restates_free,
)
from rop.analysis.embedded.lang import is_known, lemmas, pos, tags, tokenize
from rop.analysis.embedded.lexicon import (
    ASK_VERBS,
    BY_KEY,
    CONCEPTS,
    GENERIC_LEMMAS,
    OBJECTION_PATTERNS,
    SYNONYMS,
    TELL_VERBS,
    load_json,
)

ElementSpeaker = Literal["manager", "client", "any"]
RequirementMode = Literal["all", "any", "at_least"]
Outcome = Literal["not_applicable", "failed", "completed", "relaxed"]
FORMAT = 1  # of CompiledStage.to_dict()
_OBJECTION_LEMMAS = frozenset({"возражение", "сомнение", "возражать", "сомневаться", "опасение"})


@dataclass
class Element:
    """One thing that must happen in the call."""

    key: str  # stable id: a concept key ("greeting") or "free:<label>"
    label: str  # plain Russian, used in verdict comments
    speaker: ElementSpeaker = "manager"
    concepts: tuple[str, ...] = ()  # lexicon concepts, any of which shows the element
    ask: bool = False  # the speaker has to ask (find out), not merely mention
    keywords: tuple[str, ...] = ()  # lemmas that show the element (free elements)
    phrases: tuple[str, ...] = ()  # example phrases (hints, the head of sales' corrections)
    anchor: str = ""  # the element's words as written: text for semantic similarity
    absent: bool = False  # must NOT happen ("не перебивает клиента"): found means violated
    must: tuple[str, ...] = ()  # lemmas a sentence must have to show it ("кто убирает": "кто")
    examples: tuple[str, ...] = ()  # the criterion's own examples, matched word for word
    times: int = 1  # "мин. 2 варианта времени": distinct days or times offered in one turn


@dataclass(frozen=True)
class Requirement:
    mode: RequirementMode = "all"
    n: int = 0  # for at_least

    def needed(self, total: int) -> int:
        if self.mode == "any":
            return 1
        if self.mode == "at_least":
            return max(1, min(self.n, total))
        return total

    def describe(self, total: int) -> str:
        if self.mode == "any":
            return "достаточно одного элемента"
        if self.mode == "at_least":
            return f"нужно не менее {self.needed(total)} из {total}"
        return "нужны все элементы"


@dataclass
class Condition:
    """ "если возражений не было — не применимо": outcome when the condition holds."""

    outcome: Outcome
    text: str  # as written
    negated: bool = False  # the condition is that something did NOT happen
    objections: bool = False  # about the client's objections (found by the objection detector)
    element: Element | None = None  # what to look for; None when it could not be understood
    unprompted: bool = False  # "клиент сам назвал": before the other side brought it up
    only_if: bool = False  # "Если клиент спросил про ипотеку, ...": not applicable unless it holds
    topic: bool = False  # "звонок не по покупке": holds when the call is not about the checklist's subject
    refusal: bool = False  # "клиент (сразу / окончательно) отказался": the client's refusal
    when: str = ""  # "start" ("сразу"), "end" ("окончательно"): where in the call it happens
    also: tuple[Element, ...] = ()  # "назвал день и время": said together with the element
    # "Перенос, не туда попали — н/п": holds when the call is of one of these kinds (calltype.Kind)
    call_kinds: tuple[str, ...] = ()
    # outcome "relaxed" ("Если клиент позвонил сам — цель не нужна, достаточно имени и компании"):
    # when it holds, only the elements in ``keep`` are required, or all but those in ``drop``
    keep: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    # "Н/п, когда этап 3 не оценивается": holds when that stage (its number as written) is not applicable
    stage_ref: str = ""
    # "Не применимо в тех же случаях, что и этап 2": stage_ref's own n/a conditions hold here too
    same_cases: bool = False

    @property
    def understood(self) -> bool:
        return self.objections or self.topic or self.refusal or bool(self.call_kinds) or self.element is not None


_TIMES = ", не менее {} вариантов в одной реплике"
KIND_WORDS = {  # the kinds of call a condition names, as the head of sales reads them
    "not_client": "ошиблись номером или звонит не клиент",
    "service": "звонок действующего клиента не о покупке",
    "gatekeeper": "до нужного человека не дозвонились, секретарь не соединил",
    "agent": "звонит агент или посредник",
    "hung_up": "клиент прервал разговор",
    "inbound": "клиент позвонил сам",
    "repeat": "клиент обращается повторно или уже был у вас",
    "callback": "клиент попросил перезвонить, разговор не состоялся",
    "remote": "клиент из другого города, покупает дистанционно",
    "vendor": "звонит поставщик или подрядчик, а не покупатель",
}


@dataclass
class CompiledStage:
    name: str
    criterion: str
    elements: list[Element] = field(default_factory=list)
    requirement: Requirement = field(default_factory=Requirement)
    conditions: list[Condition] = field(default_factory=list)
    objection_handling: bool = False  # applicable only when the client objects
    threshold: float | None = None  # calibrated coverage needed for "completed" (None: default)
    # what the other side says unprompted: "counts" (as if asked), "heard" (any element the other side
    # says is done: "выполнен, если сведения прозвучали — спросил или клиент сказал сам"), "never", ""
    volunteered: str = ""

    @property
    def not_applicable_if(self) -> list[Condition]:
        return [c for c in self.conditions if c.outcome == "not_applicable"]

    @property
    def failed_if(self) -> list[Condition]:
        return [c for c in self.conditions if c.outcome == "failed"]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (with a format version) to store with a checklist version."""
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CompiledStage:
        return cls(
            name=str(d.get("name", "")),
            criterion=str(d.get("criterion", "")),
            elements=[_element_from(e) for e in d.get("elements", [])],
            requirement=Requirement(**d.get("requirement", {})),
            conditions=[_condition_from(c) for c in d.get("conditions", [])],
            objection_handling=bool(d.get("objection_handling", False)),
            threshold=d.get("threshold"),
            volunteered=str(d.get("volunteered", "")),
        )

    def explain(self) -> str:
        """The compiled stage in plain Russian, for the head of sales to check."""
        who = {"manager": "менеджер", "client": "клиент", "any": "любой участник"}
        lines = [f"{e.label} ({who[e.speaker]}{_TIMES.format(e.times) if e.times > 1 else ''})" for e in self.elements]
        text = "; ".join(lines) + f". {self.requirement.describe(len(self.elements)).capitalize()}."
        for c in self.conditions:
            out = {"not_applicable": "не применимо", "failed": "не выполнено"}.get(c.outcome, "выполнено")
            if c.outcome == "relaxed":
                labels = {e.key: e.label for e in self.elements}
                named = ", ".join(labels.get(k, k) for k in c.keep or c.drop)
                out = ("достаточно: " if c.keep else "не нужно: ") + named
            if c.only_if:
                text += f" Оценивается, только если {c.text}; иначе — не применимо."
                continue
            if c.same_cases:
                text += f" Не применимо {c.text}."
                continue
            if c.outcome == "relaxed" and c.objections and c.also:
                named = " или ".join(e.label for e in c.also)
                text += f" Если {c.text} — достаточно упомянуть: {named}."
                continue
            lead = "" if re.match(r"(?:в случае|при|когда)\b", c.text, re.IGNORECASE) else "Если "
            first = c.text[:1].lower() if lead and not c.text[:2].isupper() else c.text[:1].upper()
            cond = first + c.text[1:]
            kinds = ", ".join(KIND_WORDS[k] for k in c.call_kinds if k in KIND_WORDS)
            text += f" {lead}{cond} — {out}" + (f" (распознаётся как: {kinds})" if kinds else "") + "."
        return text


def _element_from(d: dict[str, Any]) -> Element:
    return Element(
        key=str(d["key"]),
        label=str(d["label"]),
        speaker=d.get("speaker", "manager"),
        concepts=tuple(d.get("concepts", ())),
        ask=bool(d.get("ask", False)),
        keywords=tuple(d.get("keywords", ())),
        phrases=tuple(d.get("phrases", ())),
        anchor=str(d.get("anchor", "")),
        absent=bool(d.get("absent", False)),
        must=tuple(d.get("must", ())),
        examples=tuple(d.get("examples", ())),
        times=int(d.get("times", 1)),
    )


def _condition_from(d: dict[str, Any]) -> Condition:
    el = d.get("element")
    return Condition(
        outcome=d["outcome"],
        text=str(d.get("text", "")),
        negated=bool(d.get("negated", False)),
        objections=bool(d.get("objections", False)),
        element=_element_from(el) if el else None,
        unprompted=bool(d.get("unprompted", False)),
        only_if=bool(d.get("only_if", False)),
        topic=bool(d.get("topic", False)),
        refusal=bool(d.get("refusal", False)),
        when=str(d.get("when", "")),
        also=tuple(_element_from(e) for e in d.get("also", ())),
        call_kinds=tuple(d.get("call_kinds", ())),
        keep=tuple(d.get("keep", ())),
        drop=tuple(d.get("drop", ())),
        stage_ref=str(d.get("stage_ref", "")),
        same_cases=bool(d.get("same_cases", False)),
    )


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    d = dict(load_json("criterion.json"))
    d["meta_lemma_set"] = frozenset(d["meta_lemmas"])
    d["meta_rx"] = [re.compile(p, re.IGNORECASE) for p in d["meta_patterns"]]
    d["any_rx"] = [re.compile(p, re.IGNORECASE) for p in d["any_patterns"]]
    d["at_least_rx"] = [re.compile(p, re.IGNORECASE) for p in d["at_least_patterns"]]
    out = f"(?P<out>{d['na_outcome']}|{d['failed_outcome']})"
    d["failed_rx"] = re.compile(d["failed_outcome"], re.IGNORECASE)
    d["out_rx"] = re.compile(out, re.IGNORECASE)
    d["cond_rx"] = [
        # "если возражений не было — не применимо", "если ..., то этап не выполнен"
        re.compile(
            r"(?:\bа\s+)?\bесли\s+(?P<cond>[^.;!?]+?)\s*(?:[—–]|\s-\s|,|:|\bто\b)\s*(?:то\s+)?"
            r"(?:этап\s+|ставим\s+|ставится\s+|оценка\s+)?" + out,
            re.IGNORECASE,
        ),
        # "не применимо, если возражений не было", "Н/п — если клиент сразу отказался"
        re.compile(
            out
            + r"\s*(?:[,:]|\s[—–-])?\s*(?:только\s+|лишь\s+)?(?:если|когда|в случае,? если|в случае|для|при|к|ко)\s+"
            r"(?P<cond>[^.;!?]+)",
            re.IGNORECASE,
        ),
        # "при отсутствии возражений — не применимо", "нет возражений — N/A"
        re.compile(
            r"(?P<cond>(?:при\s+)?[^.;!?—–]+?)\s*(?:[—–]|\s-\s|:)\s*(?:тогда\s+|то\s+)?(?:этап\s+|ставим\s+|оценка\s+)?"
            + out,
            re.IGNORECASE,
        ),
        # "При звонке только для отмены записи этап не оценивается", "В экстренном случае пункт не
        # оценивается": the condition is a circumstance, with no dash between it and the outcome
        re.compile(
            r"(?P<cond>\b(?:при|в\s+случае|для)\s+[^.;!?—–]+?)\s*,?\s*(?:этап|пункт|критерий)\s+" + out,
            re.IGNORECASE,
        ),
        # "(По отменённому заказу и при сорвавшемся звонке не оцениваем.)": a note in brackets that is
        # only circumstances and the outcome, with no «этап» and no dash
        re.compile(
            r"^\s*\(?\s*(?P<cond>(?:по|при|в\s+случае|для)\s+[^.;!?—–()]+?)\s*,?\s*" + out + r"\s*[.!]?\s*\)?\s*$",
            re.IGNORECASE,
        ),
    ]
    return d


def _expand(text: str) -> str:
    abbr: dict[str, str] = _rules()["abbreviations"]

    def sub(m: re.Match[str]) -> str:
        w = m.group(0)
        return abbr.get(w.lower(), w)

    for short, full in _rules()["abbreviations_dotted"].items():  # "мин. 2 варианта"
        text = re.sub(r"(?<!\w)" + re.escape(short) + r"(?=[\s/),;]|$)", full, text, flags=re.IGNORECASE)
    text = abbreviations.expand_cuts(text)  # "Предст. комп./себя, имя кл.", "повт. обр.", "р-н"
    # "доп. услугу", "ош. номер", "серт./жалоба": the dot of a shortened word ends no sentence
    text = _SHORTENED_RX.sub(lambda m: m.group(1) if _shortened(m.group(1)) else m.group(0), text)
    return re.sub(r"\b[А-ЯЁA-Z]{2,4}\b", sub, text)


# a not-applicable note («сам. н/п — повт. обр.») starts its own sentence
_SHORTENED_RX = re.compile(r"(?<!\w)([а-яё]{2,5})\.(?=[ \t]*[а-яё/)]|/)(?![ \t]*н\s*/\s*[пa](?!\w))")


def _shortened(word: str) -> bool:
    """ "доп", "серт", "след": a cut word ends in a consonant and is short or no word at all; "имени.",
    "назвал." end a sentence."""
    return word[-1] not in "аеёиоуыэюяйь" and (len(word) <= 4 or not is_known(word))


def _na_list(sentence: str) -> list[str]:
    """ "Не применяется: сервисный звонок; клиент уже был на пробной." -> "Если сервисный звонок — не
    применимо.", "Если клиент уже был на пробной — не применимо." (each item its own sentence, its
    commas its own), whatever words say «не применимо» («н/а:», «Не оцениваем:»)."""
    m = re.match(rf"^\s*{na_notes.outcome()}(?:,\s*если)?\s*:\s*(?P<items>.+?)\.?$", sentence, re.I)
    if m is None:
        note = re.match(r"^Если\s+(?P<item>.+?)\s+—\s+не\s+применимо\.?$", sentence)  # «н/п — как в этапе 2»
        return [_na_item(note.group("item")) if note and _NA_ITEM_REF_RX.match(note.group("item")) else sentence]
    # «сервисный звонок (заморозка, перенос; покупка карты — не сервисный)»: what follows «;» in the
    # brackets is an exception to the item, no case of its own
    parts = [re.sub(r"\(([^();]*);[^()]*\)", r"(\1)", p) for p in _top_level_split(m.group("items"), ";")]
    items = [re.sub(r"^\(?[а-яa-z0-9]\)\s*", "", i.strip()) for i in parts if i.strip()]
    return [_na_item(i) for i in items]


# an item of a not-applicable list that names another stage's cases: «как в этапе 2», «как для п. 2»,
# «в тех же случаях, что этап 2», «звонки, где н/п этап 2», «когда этап 2 не оценивается»
_NA_ITEM_REF_RX = re.compile(
    r"^(?:(?:так\s+же,?\s+)?как(?:\s+и)?\s+(?:в|для|на|у)\s+"
    r"|(?:в\s+тех\s+же\s+случаях|там\s+же|тогда\s+же)\s*,?\s*(?:что|как|где)(?:\s+и)?(?:\s+для)?\s+"
    r"|(?:[а-яё]+\s*,?\s+)?(?:где|когда)\s+(?:н/п|н/а|не\s+примен\w*|не\s+оценива\w*)\s+)"
    r"(?:этап\w*|пункт\w*|шаг\w*|п\.)\s*(?:№\s*)?(?P<num>\d{1,2})\s*\.?$",
    re.IGNORECASE,
)


def _na_item(item: str) -> str:
    ref = _NA_ITEM_REF_RX.match(item)
    if ref:
        return f"Не применимо в тех же случаях, что и этап {ref.group('num')}."
    return f"Если {item} — не применимо."


_BULLET_RX = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+")


def _sentences(text: str) -> list[str]:
    """Sentences; the items of a bulleted or numbered list stay one enumeration with their lead."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _BULLET_RX.match(line) and lines:
            item = _BULLET_RX.sub("", line).strip().rstrip(";.,")
            lead = lines[-1].rstrip()
            lines[-1] = lead + (" " if lead.endswith(":") else ", ") + item
        else:
            lines.append(_BULLET_RX.sub("", line).strip())
    parts = [p for line in lines for p in re.split(r"(?<=[.!?])\s+", line)]
    return [n for p in parts if p.strip() for n in _na_list(_answer_key(p.strip()))]


# a questionnaire's answer key: «Да — прозвучали имя и компания.», «Только имя — Нет.»
_YES_KEY_RX = re.compile(r"^\s*да\s*(?:[—–:]|\s-\s)\s*(?P<rest>\S.*)$", re.IGNORECASE)
_NO_KEY_RX = re.compile(
    r"^(?P<cond>.+?)\s*(?:[—–,]|\s-\s)\s*(?:(?:это\s+)?(?:недостаточно|не\s+считается)\s*(?:[—–,]|\s-\s)\s*)?нет\s*[.!]?$",
    re.IGNORECASE,
)


def _answer_key(sentence: str) -> str:
    """ "Да — X." is X; "Y — Нет." (the answer «no» to the stage's question) is "Если Y — не выполнено."."""
    yes = _YES_KEY_RX.match(sentence)
    if yes is not None:
        return yes.group("rest")
    no = _NO_KEY_RX.match(sentence)
    if no is not None and not re.match(r"^\s*если\b", no.group("cond"), re.IGNORECASE):
        return f"Если {no.group('cond').strip()} — не выполнено."
    return sentence


_DONE_RX = re.compile(
    r"(?:\bа\s+)?\bесли\s+(?P<cond>[^.;!?]+?)\s*(?:[—–]|\s-\s|,|:|\bто\b)\s*(?:то\s+)?(?:этап\s+)?"
    r"(?:выполнен\w*|засчитыва\w*|засчитан\w*)(?:\s+(?:и\s+)?без\s+(?:вопроса|уточнения))?",
    re.IGNORECASE,
)


def _take_done(sentence: str, speaker: ElementSpeaker) -> tuple[str, list[Condition]]:
    """ "Если собеседник сам сказал, что решает он, — этап выполнен без вопроса": the other side
    said it himself, so the element counts without the question."""
    m = _DONE_RX.search(sentence)
    if m is None:
        return sentence, []
    cond = _condition(m.group("cond").strip(" ,—–-"), "completed", speaker)
    if not cond.unprompted or cond.element is None or cond.negated:
        return sentence, []
    return (sentence[: m.start()] + " " + sentence[m.end() :]).strip(" ,;—–-"), [cond]


def _take_conditions(sentence: str, speaker: ElementSpeaker) -> tuple[str, list[Condition]]:
    rules = _rules()
    sentence, conds = _take_done(sentence, speaker)
    # "Не применимо там же, где не применим этап 2", "…, а также там же, где …"
    same = re.search(_SAME_WHERE.format(na=rules["na_outcome"]), sentence, re.IGNORECASE)
    if same is None:
        same = re.search(rf"(?:{rules['na_outcome']})\s*,?\s*" + _SAME_CASES, sentence, re.IGNORECASE)
    if same is not None:  # "Не применимо в тех же случаях, что и выявление потребности"
        ref = same.group("ref").strip(" ,")
        num = _STAGE_REF_RX.search(ref)
        name = re.sub(r"^(?:этап\w*\s+|пункт\w*\s+|шаг\w*\s+|п\.\s*)", "", ref, flags=re.IGNORECASE).strip(" «»\"")
        text = f"в тех же случаях, что этап «{name}»"
        conds.append(Condition("not_applicable", text, stage_ref=num.group(1) if num else ref, same_cases=True))
        sentence = (sentence[: same.start()] + " " + sentence[same.end() :]).strip(" ,;—–-")
    for rx in rules["cond_rx"]:
        while (m := rx.search(sentence)) is not None:
            outcome: Outcome = "failed" if rules["failed_rx"].fullmatch(m.group("out")) else "not_applicable"
            text = m.group("cond").strip(" ,—–-")
            ref = _STAGE_REF_RX.search(text)
            if ref is not None and re.search(rules["na_outcome"], text[ref.end() :], re.IGNORECASE):
                conds.append(Condition(outcome, text, stage_ref=ref.group(1)))  # "когда этап 3 не оценивается"
                sentence = (sentence[: m.start()] + " " + sentence[m.end() :]).strip(" ,;—–-")
                continue
            skip = rules["meta_lemma_set"] | set(rules["negation_lemmas"]) | {"иначе", "случай", "противный"}
            if outcome == "failed":  # "Если не рассказал — failed" restates the body; «Не записан — н/п» does not
                skip |= ASK_VERBS | TELL_VERBS
            if outcome == "failed" and _restates_failure(text):
                pass  # "Если менеджер не уточнил X — не выполнено": the body says it already
            elif any(w not in skip and len(w) > 2 for w in lemmas(text)):  # "Иначе — failed": no condition
                conds += _alternatives(text, outcome, speaker)
            sentence = (sentence[: m.start()] + " " + sentence[m.end() :]).strip(" ,;—–-")
    return sentence, conds


# "в тех же случаях, что и выявление потребности", "…, что этап «Выявление потребности»": as the stage named there
# "Не применимо там же, где этап 2", "н/п — как в п.2", "н/п — как для этапа 2": the same reference, tersely
_SAME_CASES = (
    r"(?:(?:в\s+тех\s+же\s+случаях|там\s+же|тогда\s+же)\s*,?\s*(?:что|как|где)(?:\s+и)?(?:\s+для)?"
    r"|(?:[—–:-]\s*)?(?:так\s+же,?\s+)?как(?:\s+и)?\s+(?:в|для|на|у)(?=\s+(?:этап|пункт|шаг|п\.)))\s+"
    r"(?P<ref>(?:п\.\s*\d|[^.;])+)"
)
# "там же, где не применим этап 2", "в тех же случаях, когда не оценивается этап 2": the reference
# names the other stage's not-applicable cases itself, so it needs no outcome word before it
_SAME_WHERE = (
    r"(?:,?\s*(?:а|и)\s+также\s+|\s*,?\s*)?(?:в\s+тех\s+же\s+случаях|там\s+же|тогда\s+же)\s*,?\s*(?:где|когда)\s+"
    r"(?:{na})\s+(?P<ref>[^.;]+)"
)
_STAGE_REF_RX = re.compile(r"(?:\b(?:этап|пункт|шаг)\w*|(?<!\w)п\.)\s*(?:№\s*)?(\d{1,2})\b", re.IGNORECASE)


def stage_index(ref: str, stages: list[tuple[str, str]]) -> int | None:
    """The stage «этап 3» names among (stage_id, name): the one numbered so in its name («3. …»), or
    whose id is it («s3», «3»), or the third."""
    for k, (_sid, name) in enumerate(stages):
        if re.match(rf"\s*(?:этап\s*)?{ref}\s*[.)]", name, re.IGNORECASE):
            return k
    for k, (sid, _) in enumerate(stages):
        if sid.lower() in (ref, f"s{ref}", f"stage{ref}", f"stage_{ref}"):
            return k
    if not ref.isdigit():  # "что и выявление потребности": the stage of that name
        words = {w for w in lemmas(ref) if len(w) > 3} - {"этап", "пункт"}
        overlap = [len(words & set(lemmas(name))) for _sid, name in stages]
        best = max(overlap, default=0)
        return overlap.index(best) if best and overlap.count(best) == 1 else None
    n = int(ref) - 1
    return n if 0 <= n < len(stages) else None


def _take_only_if(sentence: str, speaker: ElementSpeaker) -> tuple[str, list[Condition]]:
    """ "Если клиент высказал сомнение (дорого, далеко), менеджер аргументирует": the stage applies
    only when the client did; the rest of the sentence is what must happen."""
    m = re.match(r"\s*(?:а\s+)?если\s+", sentence, re.IGNORECASE)
    if not m:
        return sentence, []
    depth = 0
    for k in range(m.end(), len(sentence)):
        ch = sentence[k]
        depth += (ch in "(«") - (ch in ")»")
        if ch in ",—–" and depth == 0:
            cond = _condition(sentence[m.end() : k].strip(), "not_applicable", speaker)
            cond.only_if = True
            rest = re.sub(r"^\s*то\b", "", sentence[k + 1 :]).strip()
            if _WHICH_RX.match(rest):  # "Если возражений несколько, оценивается главное": which, not whether
                return "", []
            # "Если собеседник не ЛПР — узнаёт, кто ЛПР": a branch of the stage, not its scope (also when
            # the words name a kind of call: «не принимает решений (секретарь, …)» is no gatekeeper call)
            negated = cond.negated or bool(set(lemmas(cond.text)) & set(_rules()["negation_lemmas"]))
            branch = negated and not cond.objections
            return rest, [cond] if cond.understood and not branch else []
    return sentence, []


# "…, оценивается главное", "…, учитываем последнее": which of several is judged, the stage applies
_WHICH_RX = re.compile(
    r"(?:этап\s+)?(?:оценива|учитыва|засчитыва|смотр)\w*\s+(?:главн|основн|последн|перв|то,|тот|та\b|те\b)", re.I
)


_RESTATES_RX = re.compile(
    r"(?:^|\b(?:а|но|и)\s+)(?:(?:менеджер|сотрудник|администратор|оператор)\w*\s+)?"
    r"(?:так\s+и\s+|ничего\s+|ни\s+\w+\s+)?не\s+\w+|\bбез\s+\w+",
    re.IGNORECASE,
)


def _restates_failure(text: str) -> bool:
    """A failed-condition that says the manager did not do something (or did it without a detail)
    only restates that the stage's elements are missing: the elements decide it."""
    if re.search(r"(?:^|\s)только\s+(?!если\b|когда\b)", text, re.IGNORECASE) and _subject(text) != "client":
        return True  # "назвал только компанию": one element without the others, the requirement says it
    if not _RESTATES_RX.search(text):
        return False
    return _subject(text) != "client" or bool(re.search(r"\b(?:а|но)\s+\S+", text, re.IGNORECASE))


def _top_level_split(text: str, seps: str) -> list[str]:
    """Split on the separators outside parentheses and quotes; empty parts dropped."""
    return [p.strip(" ,") for p in na_notes.split_top(text, seps) if p.strip(" ,")]


def _alternatives(text: str, outcome: Outcome, speaker: ElementSpeaker, listed: bool = False) -> list[Condition]:
    """ "клиент платит наличными, берёт лизинг или оплата не прозвучала": three conditions, any of
    which gives the outcome; the subject of the first carries over to the others."""
    cases = re.match(r"^(?P<head>[^()]+?)\s*\((?P<items>[^()]+)\)\s*$", text)
    if outcome == "not_applicable" and cases and _UNTARGETED_RX.search(cases.group("head").lower()):
        # "клиент нецелевой (квартира, ошибочный номер)": the brackets say who is no client here
        items = re.split(r"\s*[,;]\s*|\s+или\s+", cases.group("items"))
        head = _alternatives(cases.group("head"), outcome, speaker)
        return head + [_condition(i, outcome, speaker) for i in items if i.strip()]
    # "живёт в квартире, если номер ошибочный, а также если звонит …": each «если» opens a case
    cases_rx = r"\s*,?\s+(?:(?:и|а|либо|или)\s+)?(?:также\s+)?(?=если\b)|,\s*а\s+также\s+"
    pieces = _top_level_split(re.sub(cases_rx, "\x00", text), "\x00")
    if len(pieces) > 1:
        return [c for piece in pieces for c in _alternatives(piece, outcome, speaker, listed=True)]
    marked = re.sub(r"(\S+)\s+или\s+(?=(\S+))", _or_between_cases, text)
    marked = re.sub(r"\s+и\s+(?=(?:при|для|в случае)\b)", "\x00", marked)
    # "звонит по машине, которая уже стоит у нас", "раньше, чем …": a relative clause is part of its condition
    rel = r",\s*(?=(?:котор|где\b|куда\b|откуда\b|чтобы\b|что\b|чем\b|зачем\b|когда\b|почему\b))"
    marked = re.sub(rel, " ", marked, flags=re.IGNORECASE)
    items = _top_level_split(marked, ",")
    if outcome == "not_applicable" and len(items) > 1 and not any(re.match(r"без\b", i) for i in items):
        # "квартиры, ошибочного номера и обрыва связи": the last item a short phrase («…, и разговор
        # по сути не начался» is a clause of its item)
        last = r"((?:(?!не\b)[^\s,\x00]+\s?){1,4})"
        marked = re.sub(r"^([^\x00]*,[^,\x00]*?)\s+и\s+(?!\w+\s+(?:[—–]|,))" + last + "$", "\\1\x00\\2", marked)
        if listed and "\x00" not in marked and all(len(i.split()) <= 5 for i in items):
            marked = marked.replace(",", "\x00")  # "для квартиры, ошибочного номера, …": one case each
    if "\x00" not in marked or marked.count("\x00") != len(_top_level_split(marked, "\x00")) - 1:
        return [_condition(text, outcome, speaker)]
    parts = _top_level_split(marked.replace("\x00", "|"), ",|")
    if len(parts) < 2:
        return [_condition(text, outcome, speaker)]
    parts = _shared_predicate(parts)
    who = _who(parts[0], speaker)
    return [_condition(p, outcome, _who(p, who) if _subject(p) else who) for p in parts]


def _shared_predicate(parts: list[str]) -> list[str]:
    """ "компания или имя менеджера не прозвучали": the plural verb of the last case agrees with
    both nouns, so a bare noun before it («компания») takes the same predicate; «поставщик или
    человек ошибся номером» (a singular verb) keeps its cases apart."""
    toks = tokenize(parts[-1])
    verb = next((k for k, t in enumerate(toks) if pos(t.text) == "VERB"), None)
    if verb is None or not any("plur" in tag for _, tag, _ in tags(toks[verb].text)[:1]):
        return parts
    start = verb - 1 if verb and toks[verb - 1].low == "не" else verb
    if start == 0 or any(pos(t.text) != "NOUN" for t in toks[:1]):
        return parts
    predicate = parts[-1][toks[start].start :]
    out = []
    for p in parts[:-1]:
        bare = len(p.split()) <= 3 and not any(pos(t.text) in ("VERB", "INFN", "PRTS") for t in tokenize(p))
        out.append(f"{p} {predicate}" if bare else p)
    return out + parts[-1:]


def _or_between_cases(m: re.Match[str]) -> str:
    """ "клиент по идущему или сданному объекту": «или» between two modifiers of one noun joins the
    modifiers, not two cases (a bare «сданному объекту» is no case of its own)."""
    modifiers = {"ADJF", "PRTF"}
    bare = m.group(1).isalpha() and m.group(2).isalpha()  # «статус), или ошиблись»: punctuation parts cases
    if bare and pos(m.group(1)) in modifiers and pos(m.group(2)) in modifiers:
        return m.group(0)
    return m.group(1) + "\x00"


_QUOTE_RX = re.compile(r"«([^»]{2,})»")


_NO_LONGER_NEEDED_RX = re.compile(
    r"\b(?:уже\s+)?не\s+(?:нуж[ехн]\w*|актуальн\w*|интерес\w*)|\bпередумал\w*|\bотказал\w*\s+от\b|"
    r"\b(?:потребност\w*|необходимост\w*|надобност\w*)\s+(?:уже\s+)?(?:отпал\w*|исчезл\w*|пропал\w*)",
    re.IGNORECASE,
)
_TALK_FAILED_RX = re.compile(
    r",?\s+(?:и|а|поэтому|так что)\s+(?:сам\w*\s+)?(?:разговор|звонок|диалог|беседа|общение)\b"
    r"[^,;.]*\bне\s+\w+[^,;.]*$",
    re.IGNORECASE,
)


def _condition(text: str, outcome: Outcome, speaker: ElementSpeaker) -> Condition:
    rules = _rules()
    text = re.sub(r"^\s*(?:(?:либо|или|а также)\s+)?(?:если\s+)?", "", text, flags=re.IGNORECASE)
    # "клиент попросил перезвонить и разговор по существу не состоялся": the event is the request
    text = _TALK_FAILED_RX.sub("", text)
    lem = lemmas(text)
    lem_set = set(lem)
    neg_words = set(rules["negation_lemmas"])
    lacking = _lacking(text)  # "рассрочка без ипотеки": the one value said, the other not
    said = re.sub(r"\bбез\s+.*$", " ", text, flags=re.IGNORECASE) if lacking else text
    negated = bool(set(lemmas(said)) & neg_words) or "отсутств" in said.lower()
    objections = bool(lem_set & _OBJECTION_LEMMAS)
    unprompted = bool(lem_set & {"первый", "самостоятельно", "инициатива"}) or "без вопрос" in text
    unprompted = unprompted or ("сам" in lem_set and not _identity(text))
    cond = Condition(outcome, text, negated, objections, None, unprompted)
    cond.when = "start" if lem_set & {"сразу", "сначала"} or _BEFORE_RX.search(text) else ""
    cond.when = cond.when or ("end" if "окончательно" in lem_set else "")
    if objections:
        return cond
    cond.call_kinds = _call_kinds(text, lem_set)
    if cond.call_kinds:  # "звонок не про покупку (ошиблись номером, поставщики)": any of them
        cond.topic = negated and bool(lem_set & set(rules["call_words"])) and _is_topic(text, lem_set)
        cond.topic = cond.topic or bool(_NON_TARGET_RX.search(text))  # "нецелевой": no purchase, whoever calls
        cond.negated = False
        return cond
    if _NO_LONGER_NEEDED_RX.search(text) and _subject(text) in ("client", None):
        cond.refusal, cond.negated = True, False  # "клиент сказал, что кухня ему уже не нужна"
        return cond
    if set(lemmas(re.sub(r"\([^)]*\)", " ", text))) & set(rules["refusal_words"]) or _DO_NOT_CALL_RX.search(text):
        cond.refusal, cond.negated = True, False
        return cond
    if negated and lem_set & set(rules["call_words"]) and _is_topic(text, lem_set):
        cond.topic = True  # "звонок не по покупке": the call's subject, not an event in it
        return cond
    if not negated and _is_service(text, lem_set):
        cond.topic = True  # "звонок по страховому случаю", "клиент уже учится у нас и звонит по ..."
        return cond
    cond.element = _condition_element(said if lacking else text, speaker, neg_words)
    if cond.element is not None and cond.element.concepts and not negated:
        cond.also = _together(text, cond.element)
    if cond.element is not None and lacking:
        who = cond.element.speaker
        if not _values(said):  # "солнцезащитные очки без …": the kind (its adjective) must be said
            kinds = {t.lemma for t in tokenize(said) if pos(t.text) == "ADJF"} & set(cond.element.keywords)
            cond.element.must = tuple(sorted(set(cond.element.must) | kinds))
        cond.also += tuple(Element("free:" + v, v, who, (), False, (v,), (), v, absent=True) for v in lacking)
    return cond


def _lacking(text: str) -> list[str]:
    """ "рассрочка без ипотеки", "наличными, без кредита": the values named after «без» when a value
    comes before it — the condition holds when the first is said and the second is not."""
    m = re.search(r"\bбез\s+(.+)$", text, re.IGNORECASE)
    if m is None:
        return []
    if not _values(text[: m.start()]):
        return _lacking_attribute(text[: m.start()], m.group(1))
    after = tokenize(m.group(1))
    value_words = set(_rules()["value_words"])
    return [_value_form(t.lemma if t.lemma in value_words else t.low) for t in after if {t.lemma, t.low} & value_words]


_VERB_TAGS = frozenset({"VERB", "INFN", "PRTS", "GRND"})


def _lacking_attribute(before: str, after: str) -> list[str]:
    """ "солнцезащитные очки без диоптрий": «без» right after a noun is a kind of thing, not an event
    that did not happen: the thing before is said, the one after is not."""
    words = [t for t in tokenize(before) if t.low.isalpha()]
    if before.rstrip().endswith(","):  # "своими средствами, без кредита": a clause of its own
        return []
    if not words or pos(words[-1].text) != "NOUN" or (len(words) == 1 and pos(words[0].text) in _VERB_TAGS):
        return []
    return [t.lemma for t in tokenize(after) if pos(t.text) == "NOUN"][:2]


def _value_form(word: str) -> str:
    """ "нал" is "наличные", "безнал" "безналичный": the shorthand as the call says it."""
    forms: dict[str, str] = _rules()["value_forms"]
    return forms.get(word, word)


_SELF_RX = re.compile(r"\bсам[аио]?\b\s*[—–-]?\s*([^\W\d_]+)", re.IGNORECASE)
_BEING_LEMMAS = frozenset({"решать", "являться", "принимать", "отвечать", "лпр"})


def _identity(text: str) -> bool:
    """ "собеседник сам ЛПР", "сам директор", "сам решает": who he is, not what he said unprompted
    ("клиент сам назвал бюджет", "сам наберёт")."""
    for m in _SELF_RX.finditer(text):
        parse = tags(m.group(1))[:1]
        if any(lem in _BEING_LEMMAS or tg.startswith("NOUN") for lem, tg, _ in parse):
            return True
    return False


def _together(text: str, first: Element) -> tuple[Element, ...]:
    """ "пациент назвал день и время": the other recognised things joined by «и» to the first,
    which the condition needs said in the same utterance."""
    if not re.search(r"\s+и\s+", text):
        return ()
    els = _elements_of(text, first.speaker, concepts_only=True)
    return tuple(replace(e, ask=False) for e in els if e.key != first.key)


_SOURCE_LEMMAS = frozenset({"реклама", "рекомендация", "объявление", "сайт", "акция", "совет", "отзыв"})
_DO_NOT_CALL_RX = re.compile(r"\bне\s+(?:звонить|звоните|звонили|беспокоить)\b|\bудал\w*\s+номер", re.IGNORECASE)
_BEFORE_RX = re.compile(r"\b(?:ещё\s+|еще\s+)?до\s+(?:выявлен|презентац|предложен|начал|того,? как)", re.IGNORECASE)
_SERVICE_RX = re.compile(r"\b(?:звон\w*|обра\w*)\s+(?:только\s+)?(?:по|насч[её]т|чтобы|с\s+вопросом)\b", re.IGNORECASE)


def _is_service(text: str, lem_set: set[str]) -> bool:
    """A call about what the client already has (a claim, a cancellation, documents), or by
    someone who already is a customer: the call's purpose, not an event in a sales talk."""
    rules = _rules()
    if lem_set & _SOURCE_LEMMAS:
        return False  # "звонит по рекомендации": where the client came from, not what he calls about
    if _SERVICE_RX.search(text) or lem_set & set(load_json("calltype.json")["service_condition_words"]):
        return True
    return "уже" in lem_set and _subject(text) == "client" and not lem_set & set(rules["topic_words"])


# Conditions that name a kind of call in plain words hold on calls of that kind (calltype.py):
# "до ответственного не дозвонились", "секретарь не соединил", "не вышли на ЛПР" (never reached the
# person it was for); "агент", "риелтор" (an intermediary calls); "клиент бросил трубку" (the client
# ended the call); "уже купил", "действующий клиент" (a customer who has bought already).
_REACH_LEMMAS = frozenset({"дозвониться", "соединить", "секретарь", "приёмная", "приемная", "ресепшн", "референт"})
_NOT_REACHED_RX = re.compile(r"\bне\s+(?:вышл?[аи]?|дош[её]?л[аи]?)\s+(?:на|до)\b")
_AGENT_LEMMAS = frozenset({"агент", "риелтор", "риэлтор", "посредник", "агентство"})
_HUNG_UP_RX = re.compile(
    r"^\s*обрыв\w*\s*$|\bобрыв\w*\s+(?:связи|звонка|разговора)|\b(?:брос|полож|сброс)\w*\s+трубк|\bпрерв\w*\s+(?:разговор|звонок)|\b(?:разговор|звонок|связь)\s+"
    r"(?:оборв|прерв|сорв)|\bне\s+дослуша|\b(?:закончил|заверш|прекрат)\w*\s+(?:разговор|звонок)\s+(?:раньше|до\b)|\bоборвал\w*\s+разговор|\b(?:сорвавш|оборвавш|прервавш)\w*\s+(?:\w+\s+){0,3}?(?:звон|связ|разговор)"
)
_INBOUND_RX = re.compile(r"\bвходящ|\bпозвонил\w*\s+сам|\bсам\w*\s+позвонил|\bзвонит\s+сам|\bсам\w*\s+обратил")
_BOUGHT_RX = re.compile(
    r"\bуже\s+(?:купил|купленн|купивш|приобр|оформ|подписа|заключ|(?:за)?брониров|сделанн\w*\s+заказ|размещ\w*\s+заказ)|\bзабронированн|"
    r"\b(?:купил|покупал|бронировал|забронировал|заказывал|приобретал)\w*\s+у\s+нас\b|\bдействующ\w*\s+клиент|"
    r"\bклиент\s*[—–-]?\s*действующ|\b(?:действующ|текущ|нынешн|существующ)\w*\s+(?:клиент|лизингополучател|абонент|пациент|член|"
    r"подписчик|заказчик|покупател|арендатор|жильц|жител|резидент|ученик|студент|дольщик|пайщик|вкладчик|собственник|владел)"
)

_REPEAT_RX = re.compile(
    r"\bповторн(?:ый|ая|ое|ые|ого|ому|ым|ых|ыми|ом|ой|о)\b|\bуже\s+(?:звонил|обращал|был[аи]?\b|приходил|приезжал|"
    r"посещал|смотрел|общал|разговарива|консультирова)|\bпостоянн\w*\s+(?:клиент|покупател|гост|пациент)|\bранее\s+(?:был|звонил|обращал|приходил|посещал|занимал)|"
    r"\bне\s+впервые|\bне\s+в\s+первый\s+раз|\bпосле\s+(?:визита|посещения|просмотра)"
)

# "Нецелевой звонок — н/п": the caller is no client of this business (a wrong number, a job seeker)
_UNTARGETED_RX = re.compile(
    r"\bне\s*целев|\bне\s+клиент\b|\bне\s+по\s+адресу|\bошибочн\w*\s+(?:номер|звон|вызов)|\bномер\s+(?:был\w*\s+|оказал\w*\s+)?ошибочн"
)
# "нецелевой", "звонит не будущий ученик": no buyer calls, whoever it is
_NON_TARGET_RX = re.compile(
    r"\bне\s*целев|\bзвон\w*\s+не\s+(?!по\b|о\b|об\b|про\b|для\b|с\b|на\b|в\b|насч)\w+", re.IGNORECASE
)
# "пост. кл-т", "постоянный гость": a customer who comes again, his first visit long past
_REGULAR_RX = re.compile(r"\bпостоянн\w*\s+(?:клиент|кл-т|покупател|гост|пациент|заказчик|посетител)")
# "поставщики, подрядчики": someone who calls to sell to the company, not to buy from it
_VENDOR_LEMMAS = frozenset({"поставщик", "подрядчик", "субподрядчик", "контрагент"})
# "Клиент из другого города покупает дистанционно — не оцениваем": he cannot come, whatever he buys
_REMOTE_RX = re.compile(
    r"\b(?:из|в)\s+друг\w+\s+(?:город|регион|област|стран)|\bиногородн|\bдистанцион|\bудал[её]нн\w*\s+(?:покуп|сделк)"
)
_CALLBACK_RX = re.compile(r"\bперезвон|\bнеудобно\s+говорить|\bне\s+мо\w+\s+говорить|\bза\s+рул[её]м|\bзанят\w*\b")


def _call_kinds(text: str, lem_set: set[str]) -> tuple[str, ...]:
    """ "Перенос записи, не туда попали — н/п": a condition that names kinds of call in plain words
    (a wrong number; a reschedule or cancellation; the person it was for not reached; an agent; a
    client who hung up; one who has bought already) holds on calls of those kinds. Service words
    count only when the text names a wrong number: alone they keep their own reading (_is_service)."""
    low = " ".join(text.lower().replace("ё", "е").split())
    data = load_json("calltype.json")
    kinds: list[str] = []
    if lem_set & _REACH_LEMMAS or _NOT_REACHED_RX.search(low):
        kinds.append("gatekeeper")
    if lem_set & _AGENT_LEMMAS:
        kinds.append("agent")
    if _HUNG_UP_RX.search(low):
        kinds.append("hung_up")
    if _INBOUND_RX.search(low):
        kinds.append("inbound")
    untargeted = _UNTARGETED_RX.search(low) or _NON_TARGET_RX.search(low)
    if any(p.replace("ё", "е") in low for p in data["wrong_number"]) or untargeted:
        kinds.append("not_client")
        if lem_set & set(data["service_condition_words"]) or _BOUGHT_RX.search(low):
            kinds.append("service")
    elif _BOUGHT_RX.search(low):
        kinds.append("service")
    if _REGULAR_RX.search(low):
        kinds += ["service", "repeat"]
    elif "service" not in kinds and _REPEAT_RX.search(low):
        kinds.append("repeat")
    if lem_set & _VENDOR_LEMMAS or re.search(r"\bпредлож\w*\s+(?:о\s+|по\s+)?сотрудничеств", low):
        kinds.append("vendor")  # "предложения о сотрудничестве": someone who sells to the company
    if _CALLBACK_RX.search(low):
        kinds.append("callback")
    if _REMOTE_RX.search(low):
        kinds.append("remote")
    return tuple(kinds)


def _is_topic(text: str, lem_set: set[str]) -> bool:
    rules = _rules()
    return bool(re.search(r"\bне\s+(?:по|о|об|про|для|с|на|связан)\b", text, re.IGNORECASE)) or bool(
        lem_set & set(rules["topic_words"])
    )


def _condition_element(text: str, speaker: ElementSpeaker, neg_words: set[str]) -> Element | None:
    who = _who(text, speaker)
    if set(lemmas(text)) & neg_words:
        # "записи не было (пациент отказался)": whoever says it; the brackets list its cases
        text = re.sub(r"\([^)]*\)", " ", text)
        who = _subject(text) or "any"
    without = re.search(r"\bбез\s+(\w+)", text, re.IGNORECASE)
    quotes = _QUOTE_RX.findall(text)
    # "«Пришлю КП» без даты": the missing thing is what the condition is about («без кредита» is no thing)
    if without and not set(lemmas(without.group(1))) & set(_rules()["value_words"]):
        els = _elements_of(without.group(1), who, concepts_only=True)
        if els:
            return els[0]
    rest = _QUOTE_RX.sub(" ", text)
    values = _values(rest)
    if without and not values and set(lemmas(without.group(1))) & set(_rules()["value_words"]):
        return None  # "своими средствами, без кредита": no word of the call shows it surely
    if values:  # "клиент платит наличными": that very value, not any form of payment
        who = "manager" if _subject(text) == "manager" else "client"
        return Element("free:" + " ".join(values), " ".join(values), who, (), False, tuple(values), (), text)
    drop = neg_words | {"быть", "только", "просто", "лишь"} | set(_rules()["call_words"])
    cleaned = " ".join(t.text for t in tokenize(rest) if t.lemma not in drop)
    els = _elements_of(cleaned, who, concepts_only=False) if cleaned.strip() else []
    if els:
        el = _kind_named(els[0], cleaned, who)
        if who == "client":
            el.ask = False  # the client does it, nobody finds it out
        if quotes:
            el.phrases = tuple(quotes)
        return el
    if quotes:  # only quoted examples: a sentence close to one of them
        label = "; ".join(f"«{q}»" for q in quotes)
        return Element("free:" + label, label, who, (), False, (), tuple(quotes), quotes[0])
    words = tuple(w for w in lemmas(cleaned) if len(w) > 3 and w not in _rules()["meta_lemma_set"])
    if set(lemmas(text)) & neg_words and words:  # «Не записан — н/п»: the event itself, whoever says it
        return Element("free:" + " ".join(words), cleaned.strip(), who, (), False, words, (), text)
    return None


def _kind_named(el: Element, text: str, who: ElementSpeaker) -> Element:
    """ "Клиент живёт в квартире", "для квартиры — н/п": a condition that names one kind of the thing
    sold (a flat, not a house) holds where that kind is said, not wherever any object is."""
    if el.concepts != ("object",):
        return el
    family = BY_KEY["object"].lemmas - set(_rules()["generic_object_words"])  # «объект», «вариант»: any
    nouns = [t.lemma for t in tokenize(text) if t.lemma in family and pos(t.text) == "NOUN"]
    if not nouns:
        return el
    return Element("free:" + nouns[0], nouns[0], "any" if who == "manager" else who, (), False, (nouns[0],), (), text)


def _values(text: str) -> list[str]:
    """ "клиент платит наличными": that very value; what he does without («без кредита») is none."""
    value_words = set(_rules()["value_words"])  # «за наличные» (lemma «наличный») is the value «наличные»
    toks = tokenize(text)
    return [
        _value_form(t.lemma if t.lemma in value_words else t.low)
        for k, t in enumerate(toks)
        if {t.lemma, t.low} & value_words and not any(x.low == "без" for x in toks[max(0, k - 3) : k])
    ]


def _requirement(text: str) -> Requirement:
    rules = _rules()
    # "не засчитывается, если выяснен только один из двух": the failure names the part, both are required
    low = _ONLY_ONE_OF_RX.sub(" ", text.lower())
    for rx in rules["at_least_rx"]:
        m = rx.search(low)
        counted = low[m.end() :].split()[:1] if m else []
        if (
            m
            and counted
            and not re.match(r"(?:из|элемент|пункт|[:,;.]|$)", counted[0])
            and rx is rules["at_least_rx"][0]
            and not _counts_listed(low[m.end() :])
        ):
            continue  # "не менее двух вариантов времени": how many of a thing, not of the elements
        if m:
            n = _number(m.group(1))
            if n == 1:
                return Requirement("any")
            if n:
                return Requirement("at_least", n)
    if any(
        m.group(0).endswith(" из") or _counts_elements(low, m.end()) for rx in rules["any_rx"] for m in rx.finditer(low)
    ):
        return Requirement("any")
    return Requirement("all")


_ONLY_ONE_OF_RX = re.compile(r"\b(?:только|лишь)\s+(?:один|одн\w+)\s+из\s+\w+")


def _counts_listed(tail: str) -> bool:
    """ "минимум два вопроса из: цель; опыт", "не менее двух преимуществ клуба из списка:": a count of
    things followed by their list counts the elements."""
    head = re.split(r"[.;(]", tail, maxsplit=1)[0]
    words = head.split()[:5]
    listed = re.match(r"^(?:\s*[^\s():.;]+){1,3}\s*\(([^()]+)\)", tail)  # "мин 2 преимущества (сроки, отделка)"
    if listed and ("," in listed.group(1) or len(listed.group(1).split()) >= 3):
        return True
    return any(w.strip(",:") == "из" for w in words) or bool(re.match(r"^(?:\s*[^\s:]+){1,6}\s*:", head))


def _counts_elements(low: str, end: int) -> bool:
    """ "хотя бы один из", "хотя бы одно:" count the elements; "хотя бы один раз", "хотя бы одно
    конкретное действие" count a thing inside one element."""
    counted = low[end:].split()[:1]
    if not counted or re.match(r"(?:из|элемент|пункт|[:,;.—–-]|$)", counted[0]):
        return True
    return not any(tg.startswith(("NOUN", "ADJF")) for _, tg, _ in tags(counted[0].strip(",.;:"))[:1])


def _number(word: str) -> int:
    if word.isdigit():
        return int(word)
    nums: dict[str, int] = _rules()["number_words"]
    return nums.get(word.lower().replace("ё", "е"), nums.get(word.lower(), 0))


def _strip_meta(sentence: str) -> str:
    for rx in _rules()["meta_rx"]:
        sentence = rx.sub(" ", sentence)
    # "(не просто перечисляет характеристики)": a nuance, nothing to check
    sentence = re.sub(r"\(?\bне (?:просто|только|столько)\b[^.;)]*\)?", " ", sentence, flags=re.IGNORECASE)
    # purpose clauses explain, they add nothing to check ("чтобы клиент понял, кто звонит")
    sentence = re.sub(r"(?:,\s*)?\b(?:для того,?\s*)?чтобы\b[^.;:]*", " ", sentence, flags=re.IGNORECASE)
    sentence = re.sub(r"\bесли\b", " ", sentence, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", sentence).strip(" ,;—–-")


_WH_LEMMAS = frozenset({"какой", "который", "сколько", "что", "кто", "чей", "каков"})


def _subject(text: str) -> ElementSpeaker | None:
    """Who does it: the first manager/client word in the nominative ("Клиент назвал бюджет")."""
    rules = _rules()
    toks = tokenize(text)
    if toks and toks[0].lemma in {
        "откуда",
        "как",
        "какой",
        "где",
        "когда",
        "сколько",
        "кто",
        "что",
        "чем",
        "почему",
    }:
        return None  # "откуда пациент узнал о клинике": what is asked, not who does it
    if len(toks) > 1 and toks[1].lemma in _WH_LEMMAS and any("PREP" in tg for _, tg, _ in tags(toks[0].text)[:1]):
        return None  # "на какую сумму клиент ориентируется": what is asked
    for t in toks[:4]:
        if t.lemma in ASK_VERBS or t.lemma in TELL_VERBS:
            return None  # "Спросил, откуда пациент узнал": the asker is the stage's speaker
        known = t.lemma in rules["client_words"] or t.lemma in rules["manager_words"]
        # "кейсы или клиенты в отрасли": people in the plural are what is told about, not the speaker
        if known and any("nomn" in tg and "plur" not in tg for _, tg, _ in tags(t.text)[:1]):
            return "client" if t.lemma in rules["client_words"] else "manager"
    return None


def _who(text: str, speaker: ElementSpeaker) -> ElementSpeaker:
    """The stage's speaker, unless the words say the client does it ("клиент назвал бюджет")."""
    return "client" if speaker == "manager" and _subject(text) == "client" else speaker


_QUOTED_PAREN_RX = re.compile(r"((?:(?!\s+и\s)[^,;:(])*)\(\s*((?:«[^»]+»[\s,;или]*)+)\)")


def _quoted_elements(text: str, speaker: ElementSpeaker) -> tuple[str, list[Element]]:
    """ "предложение помощи («чем могу помочь?», «слушаю вас»)": the customer shows how the element
    sounds; it becomes a free element with those example phrases."""
    out: list[Element] = []

    def take(m: re.Match[str]) -> str:
        head = re.sub(r"^(?:и|а|или)\s+", "", m.group(1).strip())
        quotes = tuple(q.strip(" ?!.") for q in _QUOTE_RX.findall(m.group(2)))
        meta = _rules()["meta_lemma_set"]
        words = {t.lemma for t in tokenize(head + " " + " ".join(quotes))}
        words = {w for w in words if w not in meta and w not in GENERIC_LEMMAS and len(w) > 2}
        if not head or not words:
            return m.group(0)
        triggers = {t for c in CONCEPTS for t in c.triggers}
        said = {t.lemma for t in tokenize(head)} - meta - GENERIC_LEMMAS - {"или", "и", "а"}
        known = [e for e in _elements_of(head, speaker) if e.concepts] if said <= triggers else []
        if known:  # "время или интервал («в четверг к десяти»)": how a known thing sounds here
            for e in known:
                e.phrases = tuple(dict.fromkeys((*e.phrases, *quotes)))
            out.extend(known)
            return " "
        label = _label(head, meta)
        out.append(Element("free:" + label, label, _who(head, speaker), (), False, tuple(sorted(words)), quotes, head))
        return " "

    return _QUOTED_PAREN_RX.sub(take, text), out


_BARE_QUESTIONS_RX = re.compile(r"\s*(?:(?:что|когда|кто|где|куда|сколько)\s*(?:,|\s+и\s+|$)\s*)+[.;]?\s*", re.I)


# "выясняет, зачем станция: снизить счета или продавать излишки, — и предлагает конфигурацию": the
# dash and «и» close the list of answers; what follows is another thing to do
_LIST_CLOSED_RX = re.compile(r"\s*,?\s*[—–]\s+и\s+(?=\w)")


def _elements_of(text: str, speaker: ElementSpeaker, concepts_only: bool = False) -> list[Element]:
    closed = _LIST_CLOSED_RX.search(text) if ":" in text else None
    if closed is not None and ":" in text[: closed.start()] and _depth(text, closed.start()) == 0:
        first = _elements_of(text[: closed.start()], speaker, concepts_only)
        return first + _elements_of(text[closed.end() :], speaker, concepts_only)
    options = None if concepts_only else _options_element(text, speaker)
    if options is not None:
        return [options]
    text, quoted = _quoted_elements(text, speaker)
    if quoted and not concepts_only:
        return _elements_of(text, speaker) + quoted if text.strip(" ,;:") else quoted
    text, examples = _concept_examples(text)
    text, free = _free_examples(text)
    text = re.sub(r"\(([^)]*)\)", lambda m: " " + m.group(1).replace(",", " ").replace(" и ", " ") + " ", text)
    head, tail = [*text.split(":", 1), ""][:2] if ":" in text else (text, "")
    if _BARE_QUESTIONS_RX.fullmatch(tail) or _kinds_of_head(head, tail):
        tail = ""  # "повторил договорённость: что и когда": what the head's thing says, nothing more
    aspects = _aspects_from(tail, head_mode(set(lemmas(head)))) if tail.strip() else []
    if not aspects:
        aspects = _aspects_from(head, None)
    meta = _rules()["meta_lemma_set"]
    speaker = _who(text, speaker)
    out: list[Element] = []
    for a in aspects:
        el = _element(a, _who(a.text, speaker), meta)
        if el is not None and not (concepts_only and not el.concepts):
            el.examples = (*el.examples, *(p for k in el.concepts for p in examples.get(k, ())))
            if not el.concepts:
                a_lem = set(lemmas(a.text))
                el.examples = (*el.examples, *(i for head, items in free if head in a_lem for i in items))
            out.append(el)
    return _merge_alternatives(out, text)


def _kinds_of_head(head: str, tail: str) -> bool:
    """ "называет цену или диапазон: стоимость проверки, подбора линз, цены на оправы": the list after
    the colon begins with the head's own one thing (a price), so it lists kinds of it, not more elements."""
    first = re.split(r"[,;(]", tail.strip(), maxsplit=1)[0]
    head_lem = lemmas(head)
    own = {c.key for c in _concepts_in(head_lem, None)}
    if len(own) != 1 or not first.strip() or not any(pos(t.text) in ("VERB", "INFN") for t in tokenize(head)):
        return False  # "Итог: повторил дату": a label before the colon, the list is the stage
    listed = {c.key for c in _concepts_in(lemmas(re.sub(r"\([^)]*\)", " ", tail)), None)}
    return bool(own & {c.key for c in _concepts_in(lemmas(first), None)}) and listed <= own


def _depth(text: str, end: int) -> int:
    """How many brackets are open at ``end``."""
    return text[:end].count("(") - text[:end].count(")")


def _free_examples(text: str) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """ "объём (тонны, паллеты, машины в неделю)", "особые условия (температура, хрупкость)": the
    bracketed words after a free element are also its examples, any one of which shows it (a free
    element of many words otherwise needs two of them said)."""
    found: list[tuple[str, tuple[str, ...]]] = []

    def take(m: re.Match[str]) -> str:
        items = [i.strip(' .«»"') for i in re.split(r",|;|\s+или\s+|\s+и\s+", m.group(2)) if i.strip(' .«»"')]
        head = [w for w in lemmas(m.group(1)) if len(w) > 2 and w.isalpha()]
        if len(items) < 2 or not head or any(len(i.split()) > 4 for i in items) or not all(_telling(i) for i in items):
            return m.group(0)
        found.append((head[-1], tuple(items)))
        return m.group(0)  # the words stay the element's own too

    return re.sub(r"([^(),;:]*?)\(([^()«»]*)\)", take, text), found


_PURPOSE = frozenset({"цель", "назначение"})
_OPTION_WH = frozenset(
    {"что", "чем", "какой", "где", "куда", "откуда", "кто", "зачем", "как", "каков", "чей", "который"}
)
_FUNCTION_POS = ("PREP", "CONJ", "PRCL", "INTJ")


def _option_words(item: str) -> list[str]:
    """The words of one listed answer that say it: "для детей" -> ребёнок, "для себя" -> себя."""
    out = []
    for t in tokenize(item):
        tg = tags(t.text)[0][1] if tags(t.text) else ""
        if t.lemma == "себя" or (len(t.lemma) > 2 and not tg.startswith(_FUNCTION_POS) and t.lemma not in _OPTION_WH):
            out.append(t.lemma)
    return out


def _options_element(text: str, speaker: ElementSpeaker) -> Element | None:
    """ "выясняет, для чего клиенту квартира: для себя, для детей или как вложение": the list after a
    question gives its possible answers (joined by «или»), one element; any answer shows it."""
    if ":" not in text:
        return None
    head, tail = text.split(":", 1)
    head_lem = lemmas(head)
    asks = [i for i, w in enumerate(head_lem) if w in ASK_VERBS]
    # "выяснить цель приобретения: для себя; для детей; инвестиция" asks «для чего» too
    wh = [i for i, w in enumerate(head_lem) if (w in _OPTION_WH or w in _PURPOSE) and asks and i > asks[0]]
    if not wh or _QUANTIFIER_RX.search(text) or not re.search(r"\sили\s", re.sub(r"\([^)]*\)", " ", tail)):
        return None
    if len(_concepts_in(lemmas(tail), True)) >= 2:
        return None  # "что ищет: комнаты, район или ЖК, срок": the things to find out, not answers
    items = [i for i in re.split(r",|;|\s+или\s+|\s+и\s+|\(|\)", tail) if i.strip(" .")]
    words = list(dict.fromkeys(w for i in items for w in _option_words(i)))
    if len(words) < 2:
        return None
    toks = tokenize(head)
    start = wh[0] - 1 if wh[0] and tags(toks[wh[0] - 1].text)[0][1].startswith("PREP") else wh[0]
    question = " ".join(t.text for t in toks[start:])
    asked = tuple(lemmas(question)[:2]) if start < wh[0] or head_lem[wh[0]] in {"зачем", "куда", "откуда"} else ()
    label = _label(question, _rules()["meta_lemma_set"])
    examples = (*words, *([" ".join(asked)] if asked else []), *_asked_action(question))
    return Element("free:" + label, label, _who(head, speaker), (), True, (), (), question, examples=examples)


def _asked_action(question: str) -> tuple[str, ...]:
    """ "как клиент планирует оплачивать покупку": the action asked about ("Как оплачивать будете?"
    asks it whatever the answer), its last verb that is no verb of finding out or telling."""
    verbs = [t.lemma for t in tokenize(question) if tags(t.text) and tags(t.text)[0][1].startswith(("INFN", "VERB"))]
    verbs = [v for v in verbs if v not in ASK_VERBS and v not in TELL_VERBS and v not in GENERIC_LEMMAS]
    return (verbs[-1],) if verbs else ()


def _telling(item: str) -> bool:
    """An example that shows something: not only role, generic or meta words, not a clause."""
    rules = _rules()
    plain = GENERIC_LEMMAS | rules["meta_lemma_set"] | set(rules["manager_words"]) | set(rules["client_words"])
    lem = lemmas(item)
    return bool(lem) and lem[0] not in {"который", "что", "если"} and any(w not in plain for w in lem)


def _concept_examples(text: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """ "приветствие (здравствуйте/добрый день)", "шаг с датой (оформление, осмотр, звонок)": words in
    brackets after a concept are its examples (example phrases), never elements of their own."""
    found: dict[str, tuple[str, ...]] = {}

    def take(m: re.Match[str]) -> str:
        inner = _EXAMPLES_RX.sub(",", m.group(2))  # "(точное или интервал, например «с 10 до 12»)"
        items = [i.strip(' .«»"') for i in re.split(r",|;|\s+или\s+|\s+и\s+", inner) if i.strip(' .«»"')]
        before = re.split(r"[,;:]", m.group(1))[-1]  # the words of this item, up to 8
        concepts = _concepts_in(lemmas(" ".join(before.split()[-8:])), None)[::-1]
        if items and not concepts and re.search(r"\bили\s+\w+\s*$", before, re.IGNORECASE) and len(items) > 1:
            # "ориентир по деньгам или условиям (плата, стоимость, срок)": examples of either, any one
            return m.group(1) + " " + " либо ".join(items) + " "  # "либо": the examples, details too
        if not items or not concepts or any(len(i.split()) > 6 for i in items):
            return m.group(0)
        items = [i for i in items if _telling(i)]
        item_lem = set(lemmas(" ".join(items)))
        vocab = [(c, c.lemmas | c.triggers | {w for p in c.phrases for w in p}) for c in concepts]
        best = max((len(item_lem & words) for _, words in vocab), default=0)
        chosen = next((c for c, words in vocab if best and len(item_lem & words) == best), None)
        chosen = chosen or _head_concept(concepts, before) or next((c for c in concepts if not c.any_speaker), None)
        if chosen is None:
            return m.group(0)
        found[chosen.key] = (*found.get(chosen.key, ()), *items)
        return m.group(1) + " "

    return re.sub(r"([^()]*?)\(((?:[^()«»]|«[^«»()]*»)*)\)", take, text), found


def _head_concept(concepts: list[Any], before: str) -> Any:
    """ "1-2 плюса ЖК (школа, парк)": of two things named one after the other, the examples are of the
    first (the head noun), the second only says whose it is."""
    toks = tokenize(" ".join(before.split()[-8:]))
    lem = [t.lemma for t in toks]
    at: dict[str, int] = {}
    for c in concepts:
        starts = {t.split()[0] for t in c.triggers}
        hits = [i for i, w in enumerate(lem) if w in starts]
        if hits:
            at[c.key] = hits[-1]
    if len(at) < 2:
        return None
    (first, i), (_, j) = sorted(at.items(), key=lambda kv: kv[1])[-2:]  # the two nearest the bracket
    if j <= i or pos(toks[i].text) != "NOUN" or any(pos(t.text) != "ADJF" for t in toks[i + 1 : j]):
        return None  # "плюсы жилого комплекса": only the second's adjectives between them
    return next(c for c in concepts if c.key == first)


_NEGATED_RX = re.compile(
    r"^\s*(?:(?:менеджер|сотрудник|администратор|оператор|клиент)\w*\s+)?(?:не|нельзя|никогда не)\s+\w+",
    re.IGNORECASE,
)


# "ИП", "ЗП": two-letter everyday words the lexicon gives for a criterion's word keep their place
_SHORT_SYNONYMS = frozenset(w for v in SYNONYMS.values() for w in v if len(w) == 2 and w.isalpha())


def _element(a: Aspect, speaker: ElementSpeaker, meta: frozenset[str]) -> Element | None:
    toks = tokenize(a.text)
    if toks and any("GRND" in tg for _, tg, _ in tags(toks[0].text)[:1]):
        return None  # "опираясь на потребности клиента": how, not what to check
    if _NEGATED_RX.match(a.text):
        # "не перебивает клиента": something that must not happen; only words, never a concept
        # ("не называет цену" is too easily confused with the stage's own elements)
        if a.concept is not None:
            return None
        words = tuple(sorted(w for w in a.words if w not in meta and len(w) > 2))
        label = re.sub(r"^\s*(?:менеджер|сотрудник|администратор|оператор|клиент)\w*\s+", "", a.text.lower()).strip(
            " .,;!"
        )
        return Element("free:" + label, label, speaker, (), False, words, (), a.text, True) if words else None
    if a.concept is not None:
        return Element(a.concept.key, a.concept.label, speaker, (a.concept.key,), a.ask, anchor=a.text)
    words = tuple(sorted(w for w in a.words if not _meta_word(w, meta) and (len(w) > 2 or w in _SHORT_SYNONYMS)))
    if not words or (
        all(pos(w) in {"INFN", "VERB"} for w in words)
        and any(pos(w) == "NOUN" for w in set(lemmas(a.text)) & (meta | GENERIC_LEMMAS))
    ):
        return None  # "называет формат": the verb of telling is left, what is told is the stage's own word
    label = _label(a.text, meta)
    return Element("free:" + label, label, speaker, (), a.ask, words, (), a.text, must=tuple(sorted(a.must)))


def _meta_word(word: str, meta: frozenset[str]) -> bool:
    """A word about the check itself; "первой-второй (реплике)" is two of them joined by a hyphen."""
    return word in meta or ("-" in word and all(p in meta for p in word.split("-")))


def _label(text: str, meta: frozenset[str]) -> str:
    """The element as the criterion says it, without who does it: "уточнил наличие парковки"."""
    rules = _rules()
    roles = set(rules["manager_words"]) | set(rules["client_words"])
    kept = [t.text.lower() for t in tokenize(text) if t.lemma not in roles and t.lemma not in meta]
    while kept and kept[-1] in {"и", "а", "или", "но", "в", "на", "с", "к", "о", "об", "по", "у", "за"}:
        kept.pop()
    return " ".join(kept) or text.strip().lower()


def _merge_alternatives(els: list[Element], text: str) -> list[Element]:
    """ "бюджет или способ оплаты": two concepts either side of "или" are one element."""
    els = _one_part_either(els)
    lem = lemmas(text)
    for i, w in enumerate(lem):
        if w != "или" or i == 0 or i + 1 >= len(lem):
            continue
        left = _concept_of(lem[max(0, i - 2) : i])
        right = _concept_of(lem[i + 1 : i + 3])
        a = next((e for e in els if left and left in e.concepts), None)
        b = next((e for e in els if right and right in e.concepts), None)
        if a is None or b is None or a is b:
            continue
        merged = replace(
            a,
            key=a.key + "|" + b.key,
            label=f"{a.label} или {b.label}",
            concepts=a.concepts + b.concepts,
            keywords=a.keywords + b.keywords,
        )
        els = [merged if e is a else e for e in els if e is not b]
    return els


def _one_part_either(els: list[Element]) -> list[Element]:
    """ "цена за час или срок выполнения": the concepts of one part (no comma, no "и" between them)
    joined by "или" are one element, any of them."""
    out: list[Element] = []
    for e in els:
        same = next((o for o in out if o.concepts and e.concepts and o.anchor == e.anchor), None)
        if same is None or not _either(e, same):
            out.append(e)
            continue
        merged = replace(
            same,
            key=same.key + "|" + e.key,
            label=f"{same.label} или {e.label}",
            concepts=same.concepts + e.concepts,
            keywords=same.keywords + e.keywords,
        )
        out = [merged if o is same else o for o in out]
    return out


def _either(e: Element, same: Element) -> bool:
    return bool(re.search(r"\sлибо\s", e.anchor)) and e.anchor == same.anchor


def _concept_of(words: list[str]) -> str:
    for w in reversed(words):
        for c in CONCEPTS:
            if w in c.triggers:
                return c.key
    return ""


# "; если есть — уточняет пробег": a follow-up that applies only sometimes is no required element
_FOLLOW_UP_RX = re.compile(r"[;,]\s*(?:а\s+)?если\b[^—–.;]*[—–][^.;]*", re.IGNORECASE)
_EXAMPLES_RX = re.compile(r"[,:(]?\s*\b(?:например|к примеру|в том числе)\b[,:]?", re.IGNORECASE)


_NUANCE_RX = re.compile(r"\((?=[^()]*\b(?:если|может|можно)\b)(?:[^()\s]+\s+){5,}[^()]*\)", re.IGNORECASE)


_SELF_SAID_PAREN_RX = re.compile(r"\([^()]*\b(?:сам|сама|сами|самостоятельно)\b[^()]*\)", re.IGNORECASE)
_EXPLAIN_RX = re.compile(r"\((?:менеджер|клиент|сотрудник|администратор|оператор|мрк|моп)\s[^()]*\)", re.I)
# "гарантия замены (с указанием срока)": how fully the thing is told, not a thing of its own
_BACK_REF_RX = re.compile(r"\b(?:именно\s+)?под\s+(?:эт|так|т)(?:от|у|и|ую|ой|их|ие)\s+\w+", re.IGNORECASE)
_DETAIL_PAREN_RX = re.compile(r"\(\s*(?:с|со)\s+(?:указани|уточнени|обозначени|называни|описани)\w*\s[^()]*\)", re.I)


_APPOSITION_RX = re.compile(
    r"\s[—–]\s(?:хотя бы|хоть|как минимум|минимум|например|то есть)\b(?:[^—–()]|\([^()]*\))*[—–](?=\s)", re.IGNORECASE
)


# "— это может быть собственник, директор или ИП": what the thing may be, illustrations, no elements
_MAY_BE_RX = re.compile(r"\s*[—–]?\s*\bэто\s+(?:может|могут)\s+быть\b[^.;]*", re.IGNORECASE)
# "кто обслуживает сейчас — другая компания, свой сотрудник или никто": the answers it may get
_ANSWERS_RX = re.compile(
    r"(\b(?:кто|что|какой|какая|какое|какие|где|чем)\b[^—–.;:()]*?)\s[—–]\s[^—–.;()]*,[^—–.;()]*\bили\b[^—–.;()]*",
    re.IGNORECASE,
)


def _without_answers(m: re.Match[str]) -> str:
    """The question keeps its answers when it says nothing without them ("что нужно — дом, участок")."""
    content = [w for w in lemmas(m.group(1)) if w not in GENERIC_LEMMAS and pos(w) in {"NOUN", "INFN", "VERB"}]
    return m.group(1) + ", " if content else m.group(0)


def _in_brackets(text: str, k: int) -> bool:
    return text[:k].count("(") > text[:k].count(")")


def _sentence_elements(sentence: str, speaker: ElementSpeaker, concepts_only: bool) -> list[Element]:
    """The elements of one sentence; "например: осмотр, встреча, пробная уборка" lists examples of
    one element (any of them shows it), never elements that must all happen."""
    # "(для встречи — с датой и временем)": a refinement for some cases, not a required element
    sentence = re.sub(r"\((?:для|если|при|в случае)\b[^)]*[—–][^)]*\)", " ", sentence, flags=re.IGNORECASE)
    sentence = _SOME_CASES_ALSO_RX.sub("", sentence)  # ", для показа ещё и время": some cases only
    sentence = _SELF_SAID_PAREN_RX.sub(" ", sentence)  # "(спросил или клиент назвался сам)": how it may happen
    sentence = _EXPLAIN_RX.sub(" ", sentence)  # "(менеджер называет номер или просит подтвердить)": how
    sentence = _DETAIL_PAREN_RX.sub(" ", sentence)
    sentence = _BACK_REF_RX.sub(" ", sentence)  # "конфигурацию именно под эту цель": the goal found before
    sentence = _NUANCE_RX.sub(" ", sentence)  # "(адрес может прозвучать ..., если ...)": how, not what
    sentence = _APPOSITION_RX.sub(" ", sentence)  # "повторяет договорённости — хотя бы одно действие (…) — и"
    sentence = _MAY_BE_RX.sub(" ", sentence)
    sentence = _ANSWERS_RX.sub(_without_answers, sentence)
    # "цены на оправы (например, «от 3 000»)": examples in brackets are the item's own, no list of the sentence
    m = next(
        (x for x in _EXAMPLES_RX.finditer(sentence) if not _in_brackets(sentence, x.start()) and x.group(0)[:1] != "("),
        None,
    )
    span = (m.start(), m.end()) if m else _step_list(sentence)
    head = sentence[: span[0]] if span else sentence
    out = _elements_of(_strip_meta(head), speaker, concepts_only=concepts_only)
    if span is None:
        return out
    if m is None:  # "договорённость с датой: встреча, звонок": the list says what the step is
        out = [e for e in out if not set(e.concepts) & {"summary", "meeting"}]
    examples = _elements_of(_strip_meta(sentence[span[1] :]), speaker)
    details = {c.key for c in CONCEPTS if c.any_speaker}  # date, time: details, never examples
    if m is None:  # "шаг: показ или встреча с датой и временем": the details are required
        out += [e for e in examples if e.concepts and set(e.concepts) <= details and all(e.key != o.key for o in out)]
    examples = [e for e in examples if not e.concepts or not set(e.concepts) <= details]
    # "созвон с датой (например, после одобрения банка)": a bracketed example of no kind only illustrates
    bracketed = m is not None and m.group(0).startswith("(")
    if not examples or (bracketed and out and not any(e.concepts for e in examples)):
        return out
    first = examples[0]
    merged = replace(
        first,
        key="examples:" + "|".join(e.key for e in examples),
        label="например: " + ", ".join(e.label for e in examples),
        concepts=tuple(k for e in examples for k in e.concepts),
        keywords=tuple(sorted({w for e in examples for w in e.keywords})),
        phrases=tuple(p for e in examples for p in e.phrases),
        ask=False,
    )
    merged.concepts = tuple(k for k in merged.concepts if k not in details)
    if "meeting" in merged.concepts:  # "звонок ЛПР", "КП на почту": kinds of a next step
        merged.concepts = tuple(k for k in dict.fromkeys(merged.concepts) if k in {"meeting", "send_docs"})
    if set(merged.concepts):  # "следующий шаг, например встреча": the examples say what it is
        out = [e for e in out if not set(e.concepts) & set(merged.concepts)]
    return [*out, merged]


# ", для просмотра ещё и время", ", при выезде — ещё и адрес": a detail some cases add, not required
_SOME_CASES_ALSO_RX = re.compile(r",\s*(?:для|при)\s+[^,;.:()]*?\bещ[её]\s+и\s+[^,;.:()]*", re.IGNORECASE)


_STEP_WORDS = frozenset({"шаг", "договоренность", "договориться", "действие"})
_QUANTIFIER_RX = re.compile(
    r"\b(?:все|всё|оба|обе|кажд\w+|из|не менее|не меньше|хотя бы|хоть|минимум)\b", re.IGNORECASE
)


def _step_list(sentence: str) -> tuple[int, int] | None:
    """ "Зафиксирована договорённость с датой: встреча, звонок, техвыезд": after a next step that is
    not counted ("все три:") nor found out ("выяснил:"), the list gives its kinds."""
    dash = _STEP_DASH_RX.search(sentence)
    if ":" not in sentence and dash is None:
        return None
    k = sentence.index(":") if ":" in sentence else dash.start() if dash else 0
    if re.match(r"\s*(?:что|когда|кто|где|куда)\b", sentence[k + 1 :], re.IGNORECASE):
        return None  # "повторил договорённость: что и когда": what it must say, not its kinds
    head = sentence[:k]
    head_lem = set(lemmas(head))
    if not head_lem & _STEP_WORDS or head_lem & ASK_VERBS or _QUANTIFIER_RX.search(head):
        return None
    return k, k + (1 if ":" in sentence else len(dash.group(0)) if dash else 0)


# "фиксирует следующий шаг — КП, демо, встреча или перезвон — и дату": the kinds, set off by dashes
# (not "договорённость — что дальше, когда и кто делает —": what it must say, each of it)
_STEP_DASH_RX = re.compile(
    r"\s[—–]\s(?!(?:что|когда|кто|где|как|куда)\b)(?=[^—–.;]*,[^—–.;]*[—–]|[^—–.;]*,[^—–.;]*\bили\b)", re.IGNORECASE
)


_OPTIONAL_MARK_RX = re.compile(
    r"\((?:[^()]*\b)?(?:по\s+возможности|желательно|по\s+желанию|необязательно|не\s+обязательно|опционально)\b[^()]*\)",
    re.IGNORECASE,
)


_ITEM_RX = re.compile(r"^\s*(?:[—–•*-]|[а-яa-z]\)|\d{1,2}[.)])\s*")


def _without_optional_items(text: str) -> str:
    """ "— район или ЖК (по возможности);" in a list of sub-points: the whole item is optional, not
    only its bracket; "(обязательно)" marks a required item and is no word of it."""
    pieces = re.split(r"(\n|;)", text)
    kept = [p for p in pieces if not (_OPTIONAL_MARK_RX.search(p) and _ITEM_RX.match(p))]
    out = "".join(kept)
    return re.sub(r"\s*\((?:обязательно|обязателен|обязательна|required)\)", "", out, flags=re.IGNORECASE)


# "…: а) вид продукции; б) тираж": the letters only name the items; "пункт а)" refers to one of them
_ITEM_LETTER_RX = re.compile(r"(^|[:;]|\n)[ \t]*\(?[а-еa-e]\)[ \t]+", re.IGNORECASE | re.MULTILINE)
_ITEM_REF_RX = re.compile(r"\bпункт\w*\s+([а-еa-e])\)", re.IGNORECASE)


_LETTERED_ITEM_RX = re.compile(
    r"(?:^|(?<=[:;\n]))[ \t]*\(?([а-еa-e])\)[ \t]+([^;\n]*?)(?=;|\n|\.(?:\s|$)|$)", re.I | re.M
)
_IF_ITEM_RX = re.compile(r"^\s*(?:а\s+)?если\s+[^—–.;]*?\s[—–]\s*(?=\w)", re.IGNORECASE)


def _item_refs(text: str) -> str:
    """ "Если у клиента готовый PDF, достаточно пункта а)", "пункт в) не нужен": a later sentence that
    names a lettered item by its letter means that item's words; an item that applies only sometimes
    («б) если макета нет — предложить дизайн») is then an item of the list like the others, its
    case said by the sentence that relaxes it."""
    items = {m.group(1).lower(): m for m in _LETTERED_ITEM_RX.finditer(text)}
    refs = list(_ITEM_REF_RX.finditer(text))
    if len(items) < 2 or not refs:
        return text
    for ref in reversed(refs):
        item = items.get(ref.group(1)[-1].lower())
        if item is None or ref.start() < item.end():
            continue
        words = re.sub(r"\([^()]*\)|,", " ", _IF_ITEM_RX.sub("", item.group(2)))
        text = text[: ref.start()] + " ".join(words.split()) + text[ref.end() :]
    for item in sorted(items.values(), key=lambda m: -m.start()):
        cond = _IF_ITEM_RX.match(item.group(2))
        if cond is not None:
            text = text[: item.start(2)] + item.group(2)[cond.end() :] + text[item.end(2) :]
    return text


def _also_cases(text: str) -> str:
    """ "Не применимо — те же случаи, что в этапе 2, а также если клиент ушёл до цены": the case added
    by «а также если» is a not-applicable case of its own, not a part of the cases referred to."""
    rx = re.compile(
        rf"(?P<head>(?:{_rules()['na_outcome']})[^.;]*?),\s*а\s+также\s+(?P<if>(?:если|когда)\s+|(?=там\s+же|в\s+тех\s+же))"
        r"(?P<case>[^.;]+)",
        re.IGNORECASE,
    )
    # "Не применимо, если сомнений не было, а также там же, где этап 2": the reference is a case of its own
    return rx.sub(lambda m: f"{m.group('head')}. Не применимо, {m.group('if') and 'если '}{m.group('case')}", text)


def _without_item_letters(text: str) -> str:
    """ "Хотя бы три из пяти: а) вид продукции; б) тираж": the item letters are no words of the
    items; a clock time «до 18:00» is no colon that opens a list, and «4+0» is one code, not two."""
    # "Все три: а) …; б) …; в) …": the letters say the list is of items, as «все три пункта» would
    text = re.sub(r"\b(все\s+\w+)\s*:(?=[ \t]*\(?[а-еa-e]\)[ \t])", r"\1 пункта:", text, flags=re.IGNORECASE)
    text = _ITEM_LETTER_RX.sub(r"\1 ", _item_refs(text))
    text = re.sub(r"\b(\d{1,2}):(\d{2})\b", r"\1.\2", text)
    return re.sub(r"(?<=\d)\+(?=\d)", "плюс", text)


_WISHED_RX = re.compile(
    r"[(;,]?\s*[^(),;.:]*\b(?:желательн\w*|по\s+желанию|по\s+возможности)\b[^(),;.:]*(?:\([^()]*\))?\)?", re.IGNORECASE
)


# "Здороваемся → «ЮгГрад»", "Ипотека → ПВ": an arrow that opens a sentence's consequence
_ARROW_RX = re.compile(r"(?P<lead>^|[.;!?]\s+)(?P<left>[^.;!?→]+?)\s*(?:→|->|=>)\s*")
# "= не засч.", "= минус": a messenger's "equals" for the outcome
_EQUALS_RX = re.compile(r"\s+=\s*(?:(?P<minus>минус\b)|(?=не\s))", re.IGNORECASE)


def _arrows(text: str) -> str:
    """ "Здороваемся → «ЮгГрад» + своё имя": after what the manager does the arrow says what comes
    next (one enumeration); "Ипотека → ПВ", "Не готов ехать → созвон": after a case it says what
    that case requires (a branch: "Если ипотека — ПВ"). "… = минус", "= не засч.": the outcome."""

    def sub(m: re.Match[str]) -> str:
        left = m.group("left").strip()
        words = tokenize(left)
        if words and pos(words[0].text) in {"VERB", "INFN"}:
            return f"{m.group('lead')}{left}, "
        first = left[:1] if left[1:2].isupper() else left[:1].lower()
        items = [i for i in re.split(r"\s*/\s*|\s+или\s+", left.lower()) if i.strip()]
        if len(items) > 1 and 2 * sum(any(p.search(i) for p in OBJECTION_PATTERNS) for i in items) >= len(items):
            return f"{m.group('lead')}Если клиент возражает ({first}{left[1:]}) — "  # "Дорого / подумаю → …"
        return f"{m.group('lead')}Если {first}{left[1:]} — "

    text = _ARROW_RX.sub(sub, text)
    return _EQUALS_RX.sub(lambda m: " — не засчитывается" if m.group("minus") else " — ", text)


# "Для кого / сколько комнат / какой ЖК или район / когда планирует покупку — мин. 3 из 4"
_SLASHED_COUNT_RX = re.compile(
    r"(?P<lead>^|[.;!?]\s+)(?P<list>[^.;!?—–:]+?)\s*[—–:]\s*(?P<count>(?:минимум|мин\.?|не\s+менее|хотя\s+бы)\s+\w+\s+из\s+"
    r"(?P<of>\w+))\s*(?=[.;]|$)",
    re.IGNORECASE,
)


def _slashed_items(text: str) -> str:
    """ "a / b / c / d — мин. 3 из 4": the slashes part as many items as the count says there are,
    each one element ("минимум 3 из 4: a; b; c; d"), no alternatives of one thing."""

    def sub(m: re.Match[str]) -> str:
        items = [i.strip() for i in m.group("list").split("/")]
        if len(items) < 2 or len(items) != _number(m.group("of")):
            return m.group(0)
        return f"{m.group('lead')}{m.group('count')}: " + "; ".join(items)

    return _SLASHED_COUNT_RX.sub(sub, text)


def _separators(text: str) -> str:
    """ "Имя + компания" is an enumeration; "район/ЖК" two ways to say one thing."""
    text = _slashed_items(_arrows(text))
    text = re.sub(r"\s*\+\s*", ", ", text)
    # "(«чем могу помочь?», «слушаю вас» и т. п.)": the examples' "etc." is not an element
    text = re.sub(r"[,\s]*\bи\s+(?:т\.\s?[пд]\.|др\.|пр\.|прочее|тому\s+подобное|так\s+далее)", "", text, flags=re.I)
    # "день (время желательно)", "время — по желанию": what is only wished for is not required
    # ("Желательно спросить про боль (что не устраивает)": its bracket is wished for too)
    text = _WISHED_RX.sub("", text)
    # "все три элемента: 1) марку и модель, 2) год выпуска": the numbers only number the items
    text = re.sub(r"(?:(?<=[:;,])|(?<=[:;,]\s))\s*\(?\d{1,2}[.)]\s+(?=\D)", " ", text)
    text = re.sub(r"(лиц\w*),\s+(принима\w*\s+решени)", r"\1 \2", text, flags=re.IGNORECASE)
    # "рассказывает, что проект мы делаем бесплатно": what is told is the element, not the telling
    text = re.sub(
        r"\b((?:рассказ|сообщ|объясн|упомина|упомян|озвуч|подчеркн|проговар|предупре|информир|донос|донёс)\w*),\s+что\b",
        r"\1 что",
        text,
        flags=re.IGNORECASE,
    )
    # "связывает его с тем, что клиент назвал": one element, not two
    text = re.sub(
        r"((?:при|у)?вязыва\w*|(?:при|у)?вязал\w*)(\s+\w+)?\s+с\s+тем,\s*что", r"\1\2 с тем что", text, flags=re.I
    )
    return re.sub(r"(?<=\w\w)\s*/\s*(?=\w\w)", " или ", text)


def compile_stage(
    name: str,
    criterion: str,
    *,
    hints: tuple[str, ...] = (),
    speaker: ElementSpeaker = "manager",
) -> CompiledStage:
    """Compile a stage as written by the customer (any wording) into elements to check."""
    criterion = sections.rewrite(criterion)  # «Обязательно: / Желательно: / Н/п:» on their own lines
    text = _also_cases(_without_item_letters(_without_optional_items(criterion.strip() or name.strip())))
    text = _separators(na_notes.rewrite(_expand(text)))
    body, conditions, volunteered = _read_sentences(text, speaker)
    requirement = _requirement(" ".join(b for b, _ in body))
    elements: list[Element] = []
    for s, restates in body:
        items = _counted_items(s, speaker)
        if items:  # "хотя бы двух из трёх пунктов: …; …; …": each item is one element, whatever came before
            kept = [] if restates else [e for e in elements if all(e.key != i.key for i in items)]
            elements = kept + items
            continue
        if restates and elements:
            continue  # "Выполнено, если ...": the sentence before has said what to check
        # a clarifying sentence adds only recognisable things to check, never its own words
        # "Для физлица — спросить, привезёт ли сам": a branch for a kind of client adds its own words too
        branch = _FOR_KIND_RX.match(s)
        what = branch.group("what") if branch else s
        for el in _sentence_elements(what, speaker, concepts_only=bool(elements) and not branch):
            if all(el.key != e.key for e in elements) and not restates_free(el.concepts, el.anchor, elements):
                elements.append(el)
    elements = [e for e in elements if e.keywords or e.concepts or e.phrases or e.examples]  # else nothing to find
    elements = [e for e in elements if not _client_legal_form(e)]
    if not elements:
        elements = _elements_of(_strip_meta(_expand(name)), speaker)
        if set(lemmas(" ".join(b for b, _ in body))) & ASK_VERBS:  # "Узнал оба": the name's things are asked
            elements = [
                replace(e, ask=True) if e.concepts and not _NOT_ASKED & set(e.concepts) else e for e in elements
            ]
    elements = _visit_with_date(_meeting_place(_one_mode(elements, body, name)))
    keep = bare_name_is_clients([e.key for e in elements], [e.anchor for e in elements])
    elements = [e for e, k in zip(elements, keep, strict=True) if k]
    _count_slots(elements, " ".join(b for b, _ in body))
    elements = _addressed(elements, " ".join(b for b, _ in body))
    elements = [_with_purpose_examples(e) for e in elements]
    elements = _brand_named(elements)
    if requirement.mode == "at_least" and requirement.n >= len(elements):
        requirement = Requirement("all")  # "не менее двух преимуществ (…)" read as one element: it must be there
    body_lem = set(lemmas(" ".join(b for b, _ in body) + " " + name))
    conditions = _restated_elements(conditions, elements)
    if any(c.outcome == "relaxed" and c.objections and c.also for c in conditions):
        # "Если клиент ничего такого не спрашивал, достаточно …": the questions are no scope of the stage
        conditions = [c for c in conditions if not (c.only_if and not c.call_kinds)]
    conditions = [_relaxed_items(c, elements) for c in conditions]
    compiled = CompiledStage(name, criterion, elements, requirement, conditions, volunteered=volunteered)
    # "Если клиент высказал сомнение, менеджер ...": the stage is about handling it
    compiled.objection_handling = bool(body_lem & _OBJECTION_LEMMAS) or any(
        c.only_if and c.objections for c in conditions
    )
    _attach_hints(compiled, hints)
    return compiled


# "Понять, физлицо это или компания / ИП": «компания» is the client's legal form, not our company's name
_LEGAL_FORM_LEMMAS = frozenset({"физлицо", "юрлицо", "физический", "юридический", "предприниматель", "частный"})


def _client_legal_form(e: Element) -> bool:
    return e.concepts == ("company",) and bool(set(lemmas(e.anchor)) & _LEGAL_FORM_LEMMAS)


def _restated_elements(conditions: list[Condition], elements: list[Element]) -> list[Condition]:
    """ "Если компания или имя менеджера не прозвучали, этап не выполнен": a failed-condition that a
    stage's own element is missing restates the requirement; it is no trigger of its own (its own
    reading of the element may miss what the element finds: the company's quoted name). One that
    says when («сразу») looks for the stage's element at that time."""
    own = {e.key: e for e in elements}
    out = []
    for c in conditions:
        el = own.get(c.element.key) if c.element is not None else None
        if c.outcome != "failed" or not c.negated or el is None or c.also:
            out.append(c)
        elif c.when:
            out.append(replace(c, element=el))
    return out


def _relaxed_items(cond: Condition, elements: list[Element]) -> Condition:
    """ "достаточно пункта а)": the relaxation names an item by its words, and the item is one
    element of a counted list («вид продукции или тираж»): the element whose parts those words are."""
    if cond.outcome != "relaxed" or not (cond.keep or cond.drop):
        return cond
    keys = {e.key for e in elements}

    def items(named: tuple[str, ...]) -> tuple[str, ...]:
        if not named or set(named) <= keys:
            return named
        whole = [e.key for e in elements if set(e.key.split("|")) & set(named)]
        return tuple(dict.fromkeys(whole)) or named

    return replace(cond, keep=items(cond.keep), drop=items(cond.drop))


_ADDRESS_RX = re.compile(
    r"\b(?:обра(?:щ|т)\w*|называ\w*|назвать|назвал\w*)\s+(?:(?:к\s+)?\w+\s+){0,2}по\s+имени"
    # "и дальше хотя бы раз по имени", "по имени обращаемся": the same, tersely
    r"|\bраз\w*\s+по\s+имени|\bпо\s+имени\s+обра(?:щ|т)\w*",
    re.IGNORECASE,
)
_ADDRESS_TIMES_RX = re.compile(r"\b(\d|\w+)\s+раз(?:а|ов)?\b|\b(дважды|трижды)\b", re.IGNORECASE)
_TIMES_WORDS = {"дважды": 2, "трижды": 3}


def _address_times(body: str) -> int:
    """ "обращается к нему по имени не менее 2 раз за звонок": how many times (0: not required)."""
    m = _ADDRESS_RX.search(body)
    if m is None:
        return 0
    t = _ADDRESS_TIMES_RX.search(body, m.start())
    if t is None:
        return 1
    word = (t.group(1) or t.group(2)).lower()
    n = _TIMES_WORDS.get(word) or (int(word) if word.isdigit() else _rules()["number_words"].get(word, 1))
    return max(1, min(int(n), 3))


def _addressed(elements: list[Element], body: str) -> list[Element]:
    """The client's name that the manager has to use in address: marked with how many times."""
    times = _address_times(body)
    if not times:
        return elements
    marks = address_marks(times)
    return [replace(e, keywords=(*e.keywords, *marks)) if e.key == "client_name" else e for e in elements]


_NAMING = frozenset({"название", "наименование"})


def _brand(e: Element) -> tuple[str, ...]:
    """ "назвать компанию (ГК «Атлант»)", "название клиники («Доктор Вет»)": the words of the name the
    criterion quotes for a company element (none when it quotes nothing)."""
    kinds = BY_KEY["company"].lemmas | BY_KEY["company"].triggers
    if e.key != "company":  # "название клиники («Доктор Вет»)": the quoted words beside the head's
        head = set(lemmas(e.anchor))
        named = not e.concepts and head & _NAMING
        return tuple(w for w in e.keywords if w not in head and w not in kinds) if named else ()
    quoted = _QUOTE_RX.findall(e.anchor) or [q for x in e.examples for q in re.findall(r"«([^»]{2,})»?", x)]
    return tuple(dict.fromkeys(w for q in quoted for w in lemmas(q) if len(w) > 2 and w not in kinds))


def _brand_named(elements: list[Element]) -> list[Element]:
    """The company's name quoted in the criterion: that name shows the element, not a kind of business
    («Ветклиника», «отдел продаж»); one company element, said at the start like any company."""
    brands = [_brand(e) for e in elements]
    if not any(brands):
        return elements
    first = next(i for i, b in enumerate(brands) if b)
    named = replace(elements[first], key="company", concepts=("company",), keywords=brands[first], ask=False)
    return [named if i == first else e for i, e in enumerate(elements) if i == first or e.key != "company"]


def _with_purpose_examples(e: Element) -> Element:
    """ "для кого покупка", "цель приобретения": shown by whom or what it is for ("для сына", "под сдачу")."""
    purpose = _rules()["purchase_purpose"]
    if e.concepts or not re.search(purpose["pattern"], e.anchor, re.IGNORECASE):
        return e
    return replace(e, examples=(*e.examples, *(x for x in purpose["examples"] if x not in e.examples)))


_OF_ITEMS_RX = re.compile(r"\bиз\s+(\w+)\s*(?:пунктов|элементов|условий|позиций|вопросов)?\s*:", re.IGNORECASE)
# "Все три элемента: 1) …; 2) …; 3) …", "все три элемента приветствия: …": the list of all of them
# "минимум два из: …; …; …": the count of a list whose length is not written
_OF_LIST_RX = re.compile(r"\b(?:хотя\s+бы|минимум|не\s+менее|как\s+минимум)\s+\w+\s+из\s*:", re.IGNORECASE)
_ALL_ITEMS_RX = re.compile(
    r"\bвсе\s+(\w+)\s+(?:элемент|пункт|услови|составляющ|компонент)\w*(?:\s+[а-яё]+)?\s*:", re.IGNORECASE
)


_BOTH_ITEMS_RX = re.compile(
    r"\bоб[аеи]\w*\s+(?:элемент|пункт|услови|составляющ|компонент)\w*(?:\s+[а-яё]+)?\s*:", re.IGNORECASE
)


def _counted_items(sentence: str, speaker: ElementSpeaker) -> list[Element]:
    """ "Засчитывается при выполнении хотя бы двух из трёх пунктов: 1) …; 2) …; 3) …": the list has
    as many items as counted, and each item, however many things it names, is one element (any of
    its things shows it)."""
    m = _OF_ITEMS_RX.search(sentence) or _ALL_ITEMS_RX.search(sentence) or _BOTH_ITEMS_RX.search(sentence)
    total = (_number(m.group(1)) if m.lastindex else 2) if m else 0
    asked = False
    if m is None and (m := _OF_LIST_RX.search(sentence)) is not None:  # "минимум два из: …; …; …"
        total = len([i for i in sentence[m.end() :].split(";") if i.strip(" .,")])
        asked = bool(set(lemmas(sentence[: m.start()])) & ASK_VERBS)  # "выяснил не менее двух из: …"
    if m is None or total < 2:
        return []
    items = [i for i in re.split(r";", sentence[m.end() :]) if i.strip(" .,")]
    if len(items) != total:
        return []
    out: list[Element] = []
    for item in items:
        item = _CASE_DETAIL_RX.sub("", item)
        head, listed = _item_examples(item)
        els = _sentence_elements(item, speaker, concepts_only=False) or _bare_item(head, speaker)
        els = [_unlisted(e, listed) for e in els] if listed else els
        if not els:
            return []
        els += _bracketed_kinds(item, els, speaker)
        first = els[0]
        one = (
            replace(
                first,
                key="|".join(e.key for e in els),
                label=" или ".join(e.label for e in els),
                concepts=tuple(dict.fromkeys(k for e in els for k in e.concepts)),
                keywords=tuple(sorted({w for e in els for w in e.keywords})),
                phrases=tuple(p for e in els for p in e.phrases),
                examples=tuple(x for e in els for x in e.examples),
            )
            if len(els) > 1
            else first
        )
        one = replace(one, ask=True) if asked and not one.concepts else one
        out.append(_with_listed(one, listed) if listed else one)
    return out


def _unlisted(e: Element, listed: tuple[str, ...]) -> Element:
    """ "бумага или материал (плотность, мелованная)": the item's label without its examples' words."""
    if e.concepts:
        return e
    words = {x for item in listed for t in tokenize(item.replace("+", " ")) for x in (t.lemma, t.low)}
    kept = [t.text.lower() for t in tokenize(e.label) if t.lemma not in words and t.low not in words | {"либо"}]
    label = re.sub(r"^(?:или|и)\s+|\s+(?:или|и)$", "", " ".join(kept).strip())  # "(погрузка/манипулятор)"
    return replace(e, key="free:" + label, label=label) if label else e


def _with_listed(e: Element, listed: tuple[str, ...]) -> Element:
    """The item shown by any of its bracketed examples, their words found like the item's own."""
    said = {w for x in listed for w in lemmas(x) if w.isalpha() and len(w) > 2 and w not in GENERIC_LEMMAS}
    return replace(
        e,
        examples=tuple(dict.fromkeys((*e.examples, *listed))),
        keywords=tuple(sorted(set(e.keywords) | said)) if not e.concepts else e.keywords,
    )


# "б) самовывоз или доставка, при доставке — куда (адрес)": what one case adds is no way to show the item
_CASE_DETAIL_RX = re.compile(r",\s*(?:при|для|в\s+случае)\s+[^—–,;:()]+?\s*[—–]\s*[^;]*$", re.IGNORECASE)
_EXAMPLE_LIST_RX = re.compile(r"\s*\(([^()«»]*,[^()«»]*)\)")


def _item_examples(item: str) -> tuple[str, tuple[str, ...]]:
    """ "бумага или материал (плотность, мелованная, самоклейка)": in a counted item the bracketed
    list gives examples of the item (any one shows it), no words of its own."""
    listed: list[str] = []

    def take(m: re.Match[str]) -> str:
        parts = [p.strip(" .") for p in re.split(r",|\s+или\s+", m.group(1)) if p.strip(" .")]
        if re.search(r"\bесли\b|[—–:]", m.group(1), re.I) or any(len(p.split()) > 3 for p in parts):
            return m.group(0)  # "(спросить, если не назвался сам)": a nuance, not examples
        listed.extend(p.replace("плюс", "+") for p in parts)
        return " "

    head = _EXAMPLE_LIST_RX.sub(take, item)
    return (head, tuple(listed)) if head.strip(" .,;") else (item, ())


def _bare_item(item: str, speaker: ElementSpeaker) -> list[Element]:
    """ "в) формат или размер": a counted item of everyday words only is still an item; its nouns
    (any of them) show it."""
    head = re.sub(r"\([^()]*\)", " ", item)
    words = tuple(sorted({t.lemma for t in tokenize(head) if len(t.lemma) > 2 and pos(t.lemma) == "NOUN"}))
    if not words:
        return []
    label = _label(head, _rules()["meta_lemma_set"])
    return [Element("free:" + label, label, speaker, (), False, words, (), head.strip(" .,;"))]


def _bracketed_kinds(item: str, els: list[Element], speaker: ElementSpeaker) -> list[Element]:
    """ "конкретное действие (встреча, отправка КП, созвон)": in one counted item the bracketed list
    names the kinds of the thing, each of which shows the item (any one is enough)."""
    brackets = re.findall(r"\(([^()«»]*)\)", _DETAIL_PAREN_RX.sub(" ", item))
    lists = [b for b in brackets if "," in b and not re.search(r"\bесли\b", b, re.I)]  # not a nuance
    if not lists:
        return []
    have = {k for e in els for k in e.concepts}
    opened = _sentence_elements(", ".join(lists), speaker, concepts_only=True)
    return [e for e in opened if e.concepts and not set(e.concepts) & have]


# "называет цену", "рассказывает, что входит": a verb that says the things are told, in the present
_TELLING_NOW = frozenset({"называть", "рассказывать", "объяснять", "сообщать", "озвучивать"})


def _one_mode(elements: list[Element], body: list[tuple[str, bool]], name: str = "") -> list[Element]:
    """ "Цена (можно «от») + срок работ": with no verb to say whether each thing is asked or told, the
    list is read one way: the way the stage's name says («Презентация условий»: told), else the way
    its first thing is (a price is told, so is the term)."""
    words = set(lemmas(" ".join(b for b, _ in body)))
    if len(elements) < 2 or words & (ASK_VERBS | TELL_VERBS | _TELLING_NOW):
        return elements
    known = [e for e in elements if e.concepts and not _detail(e)]
    if len(known) < 2:
        return elements
    named = _rules()["stage_name_mode"]
    name_lem = set(lemmas(name))
    told, asked = bool(name_lem & set(named["told"])), bool(name_lem & set(named["asked"]))
    mode = asked if told != asked else known[0].ask
    return [replace(e, ask=mode) if e.concepts and e.ask != mode and not _detail(e) else e for e in elements]


def _detail(e: Element) -> bool:
    return all(BY_KEY[k].any_speaker for k in e.concepts if k in BY_KEY)


_SLOTS_RX = re.compile(
    r"(?:не\s+менее|не\s+меньше|минимум|как\s+минимум|хотя\s+бы|мин\.?)\s+(\d|двух|два|тр[её]х|три)\s+"
    r"(?:\w+\s+)?(?:вариант|слот|окн|дат|времен|дн)",
    re.IGNORECASE,
)


_NOT_ASKED = frozenset({"object", "date", "time"})


def _count_slots(elements: list[Element], body: str) -> None:
    """ "Мин. 2 варианта дата/время на выбор", "мин. 2 варианта полиса с ценами": the day or time
    element (else the price) needs that many options."""
    m = _SLOTS_RX.search(body)
    n = _number(m.group(1)) if m else 0
    slots = [el for el in elements if el.concepts and set(el.concepts) <= {"date", "time"}]
    prices = [el for el in elements if el.concepts == ("price",)]  # "мин. 2 варианта полиса с ценами"
    for el in slots or prices:
        el.times = n if n > 1 else el.times


_PLACE_RX = re.compile(r"мест|адрес|филиал|онлайн|офис", re.IGNORECASE)


def _meeting_place(elements: list[Element]) -> list[Element]:
    """ "дата, время и место (онлайн или адрес филиала)": next to a date and a time the place is
    where they meet, which the manager tells, not the district the client is asked about."""
    if not any(set(e.concepts) & {"date", "time"} for e in elements):
        return elements
    return [
        replace(e, key="venue", label=BY_KEY["venue"].label, concepts=("venue",), ask=False)
        if e.concepts in {("district",), ("location",)} and _PLACE_RX.search(e.anchor)
        else e
        for e in elements
    ]


# "приехать в офис", "пригласил на замер", "визит в салон": the client is to come (or be visited)
_VISIT_LEMMAS = frozenset(
    {
        "приехать",
        "приезжать",
        "прийти",
        "приходить",
        "подъехать",
        "подъезжать",
        "заехать",
        "заезжать",
        "зайти",
        "заходить",
        "пригласить",
        "приглашать",
        "визит",
        "посетить",
        "посещать",
        "выезд",
    }
)


_CALL_LEMMAS = frozenset(
    {"перезвонить", "позвонить", "набрать", "созвониться", "созвон", "звонок", "связаться", "написать", "перезвон"}
)


def visit_only(el: Element) -> bool:
    """ "приехать в ОП с конкретной датой": a step the client comes to (or is visited at), not a call."""
    lem = set(lemmas(el.anchor))
    return "meeting" in el.concepts and bool(lem & _VISIT_LEMMAS) and not lem & _CALL_LEMMAS


def _visit_with_date(elements: list[Element]) -> list[Element]:
    """ "Предложил приехать в офис с конкретной датой": the words name two things, the visit and its
    day; the day alone (a call back on Thursday) is not the visit."""
    if any("meeting" in e.concepts for e in elements):
        return elements
    out: list[Element] = []
    for e in elements:
        day = bool(e.concepts) and set(e.concepts) <= {"date", "time"}
        if day and set(lemmas(e.anchor)) & _VISIT_LEMMAS and all("meeting" not in o.concepts for o in out):
            out.append(Element("meeting", BY_KEY["meeting"].label, e.speaker, ("meeting",), anchor=e.anchor))
        out.append(e)
    return out


def _read_sentences(text: str, speaker: ElementSpeaker) -> tuple[list[tuple[str, bool]], list[Condition], str]:
    """The body sentences (each with whether it restates a later one), the conditions and the
    policy for what the other side said unprompted."""
    body: list[tuple[str, bool]] = []  # sentence, restates ("Выполнено, если ...") a later one
    conditions: list[Condition] = []
    framing: list[tuple[str, bool]] = []
    volunteered = ""
    for s in _sentences(text):
        s = _without_reasons(_statement(s))
        for_kind = _counts_for_kind(s, speaker)
        if for_kind is not None:  # "Для действующих клиентов этап засчитывается, если …"
            conditions.append(for_kind)
            continue
        noted, s = _policy_note(s)
        volunteered = noted or volunteered
        policy = _volunteered_policy(s)
        if policy and not any(c.outcome == "completed" for c in _take_conditions(s, speaker)[1]):
            volunteered = policy  # "Параметр, названный клиентом сам, тоже засчитывается"
            continue  # (but "сам сказал, что он владелец — выполнено" is a condition on the speaker himself)
        if _COUNTED_QUESTIONS_RX.search(s):
            volunteered = volunteered or "never"  # "задано не менее 3 вопросов": only questions count
        told = _QUESTIONS_RX.search(s)
        if told:  # "…; рассказ владельца без вопросов не считается": a clause, maybe glued to the list
            volunteered = "never"
            s = s[: max(s.rfind(";", 0, told.start()), s.rfind(".", 0, told.start()), 0)]
            if not s.strip():
                continue
        if body and (branch := _kind_branch(s, speaker) or _instead_branch(s, speaker)) is not None:
            conditions.append(branch)  # "Повт. обр. — засч., если назвал срок ответа": such calls pass so
            continue
        restates = False
        for rx in _rules()["meta_rx"][:1]:  # "выполнено только если X": X is the body
            restates = bool(body) and bool(rx.search(s))
            s = rx.sub(" ", s)
        cut = re.search(r"\s[—–]\s*(?=«[^»]+»[^.;]*\bне\s+(?:счита|засчитыва|учитыва))", s)
        if cut:  # "дату и время (обязательно) — «приезжайте как-нибудь» не засчитываются": keep what is asked
            s = s[: cut.start()]
        elif body and (quoted := _quoted_non_examples(s, speaker)) is not None:
            conditions.append(quoted)
            continue  # "«Всё на сайте», «от … млн, приезжайте» — не засч.": such an answer fails the stage
        elif body and _EXCLUSION_RX.search(s) and not re.search(r"\bвыполн", s, re.I):
            continue  # "Цена, скидки и акции преимуществом не считаются": what does not count adds nothing
        elif body and _ALSO_OK_RX.search(s):
            continue  # "КП в мессенджер тоже ок, если назвал лоты": another way to complete, no element
        elif body and _NOT_THIS_RX.match(s):
            continue  # "Просто ответы на вопросы о цене — не презентация": what is not the stage adds nothing
        if _GLOSSARY_RX.match(s) or (body and (_VIOLATION_RX.match(s) or _NO_MATTER_RX.match(s))):
            continue  # "Термины регламента: …"; "Нарушением считается отсутствие …": the elements say it
        scope = _SCOPE_RX.match(s)
        if scope:  # "Применяется ко всем звонкам, в том числе сервисным": where, not what
            if re.search(r"\bкроме\b", s, re.I):
                but = re.split(r"\bкроме\b", s, maxsplit=1, flags=re.I)[1]
                conditions.append(_condition(but, "not_applicable", speaker))
            continue
        relaxed = _relaxation(s, speaker)
        if relaxed is not None:
            conditions.append(relaxed)
            continue
        rest, conds = _take_conditions(s, speaker)
        unasked = _unasked_branch(rest, speaker)
        if unasked is not None:
            conditions += [*conds, unasked]
            continue
        if body and _BRANCH_RX.match(rest) and not any(c.objections for c in _take_only_if(rest, speaker)[1]):
            conditions += conds
            continue  # "Если собеседник не ЛПР — узнаёт, кто ЛПР": a branch for some calls, not required
        rest, only_if = _take_only_if(rest, speaker)
        conditions += conds + only_if
        rest = _NOT_COUNTED_RX.sub(" ", rest)  # "(«подумаю и перезвоню» — не договорённость)"
        framed = _FRAMING_RX.match(rest) if rest.strip() else None
        if framed is not None:  # "Цель звонка — замер.": what the stage is for, checked if nothing else is
            framing.append((rest[framed.end() :] if framed.group("why") else rest, True))
        elif rest.strip():
            rest = _POSITION_RX.sub(" ", rest)  # "в первой-второй своей реплике": when, not what
            rest = _ALLOWANCE_RX.sub(" ", _WHEN_GLOSS_RX.sub(" ", rest))
            rest = _MINIMUM_RX.sub(_minimum_detail, rest)
            body.append((_FOLLOW_UP_RX.sub(" ", _one_of_list(rest)), restates))
    return body + framing, conditions, volunteered


_LI_RX = re.compile(r"(?<=\w)\s+ли\b(?=\s)", re.IGNORECASE)
_ASKED_RX = re.compile(r"\?(?=\s*\)?\s*$)")


def _statement(s: str) -> str:
    """ "Выяснил ли менеджер бюджет?" reads as "Выяснил менеджер бюджет.": a criterion written as the
    head of sales' question about the call says what the stage needs, as the statement would."""
    if not _ASKED_RX.search(s) or not _LI_RX.search(s):
        return s  # «сколько человек, дети?»: a terse list keeps its own question marks
    return _ASKED_RX.sub(".", _LI_RX.sub("", s))


_REASON_RX = re.compile(
    r"\s*(?:[,;:]\s*|\s[—–]\s*)(?:ведь|потому что|так как|поскольку|без этого|без этой информации|"
    r"от\s+(?:этого|него|неё|нее|них)\s+завис\w*)\b[^;.]*",
    re.IGNORECASE,
)


def _without_reasons(s: str) -> str:
    """ "Важно: клиент должен понимать, с кем говорит, поэтому нужны оба элемента": what is required
    follows «поэтому»; «— без этого нельзя …», «потому что …» say why, and add nothing to check."""
    m = re.search(r"[,;:]?\s*\bпоэтому\b[,:]?\s*", s, re.IGNORECASE)
    if m and m.start() > 0 and not re.search(r"\bесли\b", s[: m.start()], re.IGNORECASE):
        s = s[m.end() :]
    s = re.sub(r"^\s*(?:важно|главное|обратите внимание|внимание)\s*[:,—–]\s*", "", s, flags=re.IGNORECASE)
    s = re.sub(r"(?i)\bне\s+\w+[^,;.()]*,\s*а\s+(?=\w)", "", s)  # "не вываливать цены, а сначала спросить"
    return _REASON_RX.sub("", s)


# "Неважно, кто позвонил: …", "Не важно, спросил ли менеджер …": what does not matter adds nothing to check
_NO_MATTER_RX = re.compile(r"^\s*(?:не\s*важно|не\s+имеет\s+значения)\s*[,:—–]", re.IGNORECASE)
# "в самом начале разговора, в первой-второй своей реплике,": where in the call it is said, not a thing to find
_POSITION_RX = re.compile(
    r"(?:,\s*)?\bв\s+(?:самом\s+|самой\s+)?(?:начале\s+(?:разговора|звонка|диалога|беседы)|"
    r"(?:перв|втор)[\w-]*\s+(?:сво\w+\s+)?(?:реплик\w*|фраз\w*|минут\w*))\b",
    re.IGNORECASE,
)
# "(для ИЖС в черте города достаточно города)", "(допускается количество жильцов)": an allowance, not a part
_ALLOWANCE_RX = re.compile(r"\([^()]*\b(?:достаточно|допуска\w*)\b[^()]*\)", re.IGNORECASE)
# "и адресом, хотя бы улицей": the least detail of the thing before that counts, not one more thing
_MINIMUM_RX = re.compile(r",\s*(?:хотя|хоть)\s+бы\s+(\w+)(?=\s*(?:[.;,)]|$))", re.IGNORECASE)


def _minimum_detail(m: re.Match[str]) -> str:
    """ "адресом, хотя бы улицей" (a noun in the case of the thing before it) drops out; «хотя бы
    раз», «хотя бы одно» (a count) stay."""
    noun = any(t.startswith("NOUN") and "ablt" in t for _, t, _ in tags(m.group(1))[:2])
    return " " if noun else m.group(0)


# "сроки — когда нужен монтаж или к какому моменту …": what the timing means, not the events it names
_WHEN_GLOSS_RX = re.compile(r"\s[—–]\s*(?:когда|к\s+какому\s+(?:моменту|сроку|числу|дате))\b[^;.]*", re.IGNORECASE)
_GLOSSARY_RX = re.compile(
    r"^\s*(?:термины|определения|сокращения|обозначения|глоссарий|расшифровка|используемые\s+сокращения)\b[^:]{0,40}:",
    re.IGNORECASE,
)
_VIOLATION_RX = re.compile(r"^\s*(?:нарушени\w*|ошибк\w*)\s+(?:считается|является|—|–|:)", re.IGNORECASE)
_SCOPE_RX = re.compile(
    r"^\s*(?:этап\s+|критерий\s+|пункт\s+)?(?:применя\w*|оценива\w*|действу\w*|распространя\w*|проверя\w*)\s+"
    r"(?:ко|для|на|во|в)\s+(?:все\w*|любы\w*|каждо\w*)\b",
    re.IGNORECASE,
)
_ALWAYS_RX = re.compile(
    r"\b(?:применим\w*|применя\w*|оценива\w*)\s+всегда\b|\bвсегда\s+(?:применим|применя|оценива)", re.I
)


@lru_cache(maxsize=512)
def applies_always(criterion: str) -> bool:
    """ "Применимо всегда", "Этап оценивается во всех звонках, включая ошибочные": the stage is
    judged on any call, whatever kind it is (a wrong number, a job seeker, a service call); only
    its own conditions («…, кроме …») make it not applicable."""
    sentences = re.split(r"(?<=[.!?])\s+", criterion)
    return any(
        _ALWAYS_RX.search(s) or (_SCOPE_RX.match(s) and not re.search(r"\bкроме\b", s, re.I)) for s in sentences
    )


_SERVICE_TOO_RX = re.compile(
    r"\b(?:сервисн\w*|действующ\w*\s+клиент\w*|гаранти\w*)\b[^.;]*?(?<!\bне\s)\b(?:применим\w*|применя\w*|оценива\w*)\b"
    r"|\b(?:в\s+том\s+числе|включая)\s+(?:\w+\s+){0,2}?(?:сервисн\w*|по\s+гаранти\w*|действующ\w*)",
    re.I,
)


@lru_cache(maxsize=512)
def applies_to_service(criterion: str) -> bool:
    """ "Для сервисного звонка действующего клиента этап применим", "…, в том числе сервисным": an
    existing customer's call about what he has is judged on this stage like any other."""
    return any(_SERVICE_TOO_RX.search(s) and not re.search(r"\bне\s+(?:применим|применя|оценива)", s, re.I)
               for s in re.split(r"(?<=[.!?])\s+", criterion))


_NOT_COUNTED_RX = re.compile(
    r"\(?«[^»]+»\s*[—–]\s*(?:это\s+)?не\s+[^.;()]*\)?"
    # "просто «добрый день, по заявке» не годится", "«всё есть» не считается": a counter-example
    r"|(?:просто\s+)?«[^»]+»(?:\s*(?:,|или)\s*«[^»]+»)*\s+не\s+(?:счита\w*|засчитыва\w*|годится|подходит|принима\w*)",
    re.IGNORECASE,
)
_ALSO_OK_RX = re.compile(
    r"\b(?:тоже|также)\s+(?:ок|окей|норм\w*|подходит|годится|засчитыва\w*|засчитан\w*|считается|принимается)\b", re.I
)
_NOT_THIS_RX = re.compile(
    r"^[^—–]+\s[—–]\s*(?:это\s+)?(?:ещё\s+|еще\s+)?не\s+(?!выполн|засчит|примен|оцен|счита|провал|нужн|обязат|годит|"
    r"подход|принима)(?!\w+(?:но|на|ны|н)\b)\w+\s*[.!]?\)?$",
    re.IGNORECASE,
)
_NON_EXAMPLES_RX = re.compile(
    r"^\s*(?P<quotes>«[^»]+»(?:\s*(?:,|или|и)\s*«[^»]+»)*)\s*(?:[—–]|\s-\s)\s*не\s+(?:засчитыва\w*|счита\w*)\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _quoted_non_examples(sentence: str, speaker: ElementSpeaker) -> Condition | None:
    """ "«Ну думайте», «такие условия» — не засч.": only quoted answers that do not count; the
    manager who answers so has failed the stage (an ellipsis in a quote stands for any words)."""
    m = _NON_EXAMPLES_RX.match(sentence)
    if m is None:
        return None
    quotes = [re.sub(r"\s*(?:…|\.\.\.)\s*", " ", q).strip(" ,") for q in _QUOTE_RX.findall(m.group("quotes"))]
    cond = _condition("менеджер сказал " + ", ".join(f"«{q}»" for q in quotes if q), "failed", speaker)
    return cond if cond.element is not None else None


_KIND_BRANCH_RX = re.compile(
    r"^\s*(?P<kind>[^—–.,;]+?)\s*(?:[—–]|\s-\s)\s*(?:засчитыва\w*|засчитыв\w*|выполнен\w*)\s*,?\s*(?:только\s+)?если\s+"
    r"(?P<what>[^.;]+?)\s*[.!]?\s*$",
    re.IGNORECASE,
)

# "Для текущих арендаторов — хотя бы одно из: вопрос решён; названо, в какой срок сделаем": after
# the body, what calls of a kind the text names (a customer, a repeat call) are judged by instead;
# "Для клиента по уже сделанному заказу — сказать, когда и где он сможет забрать": what such a call needs
_FOR_KIND_RX = re.compile(
    r"^\s*(?:а\s+)?для\s+(?P<kind>[^—–.,;:]+?)\s*(?:[—–:]|\s-\s)\s*(?P<what>[^.]+?)\s*[.!]?\s*$", re.IGNORECASE
)


def _kind_branch(sentence: str, speaker: ElementSpeaker) -> Condition | None:
    """ "Повт. обр. — засч., если передал отв. и назвал срок ответа": on calls of that kind the stage
    is completed by what the branch names (its recognisable part: the term), not by the body. "Для
    клиента по уже сделанному заказу — сказать, когда и где он заберёт очки": the day it names."""
    m = _KIND_BRANCH_RX.match(sentence)
    dashed = _FOR_KIND_RX.match(sentence) if m is None else None
    m = m or dashed
    if m is None:
        return None
    kinds = _condition(m.group("kind"), "not_applicable", speaker).call_kinds
    found = [e for e in _elements_of(m.group("what"), speaker) if e.concepts]
    if not kinds or not found:
        return None
    day = [e for e in found if e.key == "date"] if dashed else []
    return Condition("completed", m.group("what").strip(), element=(day or found)[-1], call_kinds=kinds)


# "Если клиент покупает готовый товар, вместо записи засчитывается бронь товара с днём, до которого его держат"
_INSTEAD_RX = re.compile(
    r"^\s*(?:а\s+)?(?:если\s+[^.;]+?,\s*)?вместо\s+\w+(?:\s+\w+)?\s+(?:засчитыва\w*|считается|подойд\w*|допуска\w*)\s+"
    r"(?P<what>[^.;]+?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_DAY_ASKED_RX = re.compile(r"\b(?:до|на|к)\s+какого\s+(?:дня|числа)|\bдат\w*|\bсрок\w*", re.IGNORECASE)


def _instead_branch(sentence: str, speaker: ElementSpeaker) -> Condition | None:
    """ "вместо записи засчитывается бронь товара в салоне с указанием, до какого дня его держат": another
    outcome completes the stage (the thing named before its details, with the day when one is asked)."""
    m = _INSTEAD_RX.match(sentence)
    if m is None:
        return None
    what = m.group("what")
    head = re.split(r"\s+(?:в|во|на|с|со|до|у|по)\s+|,", what, maxsplit=1)[0]
    els = _elements_of(head, speaker)
    if len(els) != 1:
        return None
    asked = _DAY_ASKED_RX.search(what)
    day = (Element("date", BY_KEY["date"].label, speaker, ("date",), anchor=what),) if asked else ()
    return Condition("completed", what.strip(), element=replace(els[0], ask=False), also=day)


_EXCLUSION_RX = re.compile(r"\bне\s+(?:счита\w*|засчитыва\w*|учитыва\w*)\b", re.IGNORECASE)
_RELAX_RX = re.compile(
    r"^\s*(?:а\s+)?если\s+(?P<cond>[^—–]+?)\s*(?:[—–]|\s-\s)\s*(?P<rest>.*?\b(?:достаточно|не\s+нуж(?:ен|н)\w*|"
    r"не\s+обязател\w*|можно\s+не)\b.*)$",
    re.IGNORECASE,
)
_ENOUGH_RX = re.compile(r"\bдостаточно\b(?P<keep>[^.;]*)", re.IGNORECASE)
_NOT_NEEDED_RX = re.compile(r"(?P<drop>[^,.;]*?)\s*\b(?:не\s+нуж(?:ен|н)\w*|не\s+обязател\w*)", re.IGNORECASE)


# "Если у клиента готовый PDF, достаточно пункта а)": the case closed by a comma, no dash in the sentence
_RELAX_COMMA_RX = re.compile(
    r"^\s*(?:а\s+)?если\s+(?P<cond>[^—–,]+?)\s*,\s*(?P<rest>[^—–]*?\b(?:достаточно|не\s+нуж(?:ен|н)\w*|"
    r"не\s+обязател\w*|можно\s+не)\b[^—–]*)$",
    re.IGNORECASE,
)


# "При ошибочном звонке или звонке поставщика достаточно названия сети и имени администратора": the
# kind of call named by «при / в случае», with no «если», and only «достаточно» after it
_RELAX_AT_RX = re.compile(
    r"^\s*(?:а\s+)?(?:при|в\s+случае)\s+(?P<cond>[^—–,:;.]+?)\s*[,:]?\s*(?P<rest>\bдостаточно\b[^—–]*)$",
    re.IGNORECASE,
)


def _relaxation(sentence: str, speaker: ElementSpeaker) -> Condition | None:
    """ "Если клиент позвонил сам (входящий) — цель не нужна, достаточно имени и компании", "Если
    перевозка разовая — достаточно откуда и куда": fewer elements are required on such calls."""
    m = _RELAX_RX.match(sentence) or _RELAX_COMMA_RX.match(sentence)
    at = _RELAX_AT_RX.match(sentence) if m is None else None
    if at is not None and _condition(at.group("cond"), "not_applicable", speaker).call_kinds:
        m = at  # «при ошибочном звонке»: only a kind of call, not any circumstance («при записи»)
    if m is None:
        return None
    rest = m.group("rest")
    enough = _ENOUGH_RX.search(rest)
    needless = _NOT_NEEDED_RX.search(rest)
    keep = _elements_of(enough.group("keep"), speaker) if enough else []
    drop = _elements_of(needless.group("drop"), speaker) if needless and not keep else []
    if not keep and not drop:
        return None
    cond = _condition(m.group("cond").strip(" ,"), "not_applicable", speaker)
    if not cond.understood:
        return None
    cond.outcome = "relaxed"
    if m is at:
        cond.text = sentence[: m.end("cond")].strip()  # «При ошибочном звонке …», as written
    if cond.element is not None:  # "перевозка разовая": a fact of the call, whoever says it
        cond.element = replace(cond.element, speaker="any", ask=False)
    cond.keep, cond.drop = tuple(e.key for e in keep), tuple(e.key for e in drop)
    return cond


# "Если клиент ничего такого не спрашивал, менеджеру достаточно одной фразой упомянуть договор или гарантию"
_UNASKED_RX = re.compile(
    r"^\s*(?:а\s+)?если\s+(?:же\s+)?(?P<cond>(?:клиент|собеседник|покупатель)\w*\s+(?:\w+\s+){0,2}?"
    r"не\s+(?:спрашива|высказыва|задава|сомнева|возража|интересова)\w*)[^,—–;]*[,—–]\s*(?P<rest>[^;]*?\bдостаточно\b"
    r"(?:\s+\S+){0,3}?\s+(?:упомянуть|назвать|сказать|рассказать|произнести|отметить)\s+(?:(?:про|о|об)\s+)?"
    r"(?P<what>[^;.]+))",
    re.IGNORECASE,
)


def _unasked_branch(sentence: str, speaker: ElementSpeaker) -> Condition | None:
    """ "Если клиент ничего такого не спрашивал, достаточно упомянуть договор или гарантию": the stage
    judged on the client's questions and fears applies to a call without them too, and then one of
    the things named is enough (the condition holds when he voiced none; its things are in ``also``)."""
    m = _UNASKED_RX.match(sentence)
    if m is None:
        return None
    items = [i.strip(" ,") for i in re.split(r"\s+или\s+|,", m.group("what")) if i.strip(" ,")]
    els = [e for i in items for e in _elements_of(i, speaker)[:1]]
    if not els:
        return None
    els = [replace(e, ask=False) for e in els]
    return Condition("relaxed", m.group("cond").strip(), negated=True, objections=True, also=tuple(els))


_COUNTS_FOR_RX = re.compile(
    r"^\s*(?:а\s+)?для\s+(?P<who>[^,.;]+?)\s*,?\s+этап\s+(?:засчитыва\w*|выполнен\w*|считается\s+выполненным)"
    r"\s*,?\s+если\s+(?P<what>[^.;]+)",
    re.IGNORECASE,
)


def _counts_for_kind(sentence: str, speaker: ElementSpeaker) -> Condition | None:
    """ "Для действующих клиентов этап засчитывается, если менеджер назначил выезд мастера с днём": on
    calls of that kind only the things named there are required (the stage's own ones among them)."""
    m = _COUNTS_FOR_RX.match(sentence)
    if m is None:
        return None
    cond = _condition(m.group("who").strip(), "not_applicable", speaker)
    keep = tuple(dict.fromkeys(e.key for e in _elements_of(m.group("what"), speaker) if e.concepts))
    if not cond.call_kinds or not keep:
        return None
    return replace(cond, outcome="relaxed", keep=keep)


_FRAMING_RX = re.compile(
    r"\s*(?:(?:главная\s+|основная\s+)?(?:цель|итог|результат|задача|смысл)\s+(?:звонка|этапа|разговора)\s*(?:[—–:]|\s-\s)"
    # "Нам важно до отправки КП понимать, пройдёт ли клиент проверку": why the stage exists; the
    # sentences after it say what shows it
    r"|(?P<why>(?:нам|для\s+нас|компании)\s+(?:важно|нужно|необходимо)\s+(?:(?:до|перед)\s+[^,.;]*?\s+)?"
    r"(?:понимать|понять|знать|видеть|убедиться)\b[,:]?))",
    re.I,
)


_BRANCH_RX = re.compile(r"\s*(?:а\s+|кроме того,?\s+|также,?\s+|при этом,?\s+)?если\b", re.IGNORECASE)
_COUNTS_RX = re.compile(
    r"\bсам\w*\b[^.;]*?(?:\s|—|–|,)(?:этап\s+)?(?:тоже\s+|также\s+)?(?:выполнен\w*|засчитыва\w*|засчитан\w*|считается"
    r"|ок(?:ей)?\b|нормально\b|годится\b)",  # "Если клиент сам всё выдал — ок": a messenger's "counts"
    re.IGNORECASE,
)
# "Задано не менее 3 вопросов", "минимум два вопроса из", "рассказ клиента без вопросов не считается":
# the questions are counted, so what the client told unasked is no question
_QUESTIONS_RX = re.compile(r"\bбез\s+вопрос\w*\s+не\s+(?:считается|засчитыва\w*|учитыва\w*)", re.IGNORECASE)
_COUNTED_QUESTIONS_RX = re.compile(
    r"\b(?:не\s+менее|не\s+меньше|минимум|как\s+минимум|хотя\s+бы|\d+)\s+(?:[а-яё]+\s+)?вопрос", re.IGNORECASE
)
_NEVER_RX = re.compile(r"\bсам\w*\b[^.;]*\bне\s+(?:засчитыва\w*|засчитан\w*|считается|учитыва\w*)", re.IGNORECASE)


# a bracketed note, item markers inside it allowed: "(если клиент назвался сам — пункт в) выполнен)"
_NOTE_RX = re.compile(r"\s*\((?:(?<=\s)[а-яa-z\d]\)|[^()])*\)")


def _policy_note(sentence: str) -> tuple[str, str]:
    """ "…; в) вопрос, как обращаться к клиенту (если клиент назвался сам — пункт в) выполнен)": the
    bracketed note says what the client said unprompted counts; the list around it stays the body."""
    for m in _NOTE_RX.finditer(sentence):
        policy = _volunteered_policy(m.group(0))
        rest = sentence[: m.start()] + sentence[m.end() :]
        if policy and re.search(r"[:;]", rest):  # a list around it, not "Засчитывается при двух (…)"
            return policy, rest
    return "", sentence


def _volunteered_policy(sentence: str) -> str:
    """ "То, что пациент сказал сам, без вопроса, не засчитывается" -> "never"; "Параметр, который
    клиент назвал сам, тоже засчитывается" / "сам сказал, что он директор, — выполнен" -> "counts"."""
    if _NEVER_RX.search(sentence):
        return "never"
    heard = bool(_COUNTS_IF_RX.search(sentence))  # whoever said it: the element's facts were heard
    counts = heard or bool(_COUNTS_RX.search(sentence) or _COUNTS_TOO_RX.search(sentence))
    if not counts and not _SELF_SAID_RX.search(sentence):
        return ""
    if re.search(r"\bне\s+(?:выполнен|засчит)", sentence, re.IGNORECASE):
        # "Если клиент сам сказал, что сдаёт машину, а МРК не уточнил — не выполнено"
        return "never" if _SELF_SAID_RX.search(sentence) else ""
    return ("heard" if heard else "counts") if counts else ""


# "Засчитывается и то, что назвал сам клиент, если менеджер это повторил": what the client said counts too
_COUNTS_TOO_RX = re.compile(
    r"\b(?:засчитыва\w*|считается|учитыва\w*)\s+(?:и|тоже|также)\s+(?:то|те),?\s+(?:что|которы\w*)\b[^.;]*\bсам", re.I
)
# "Элемент выполнен, если сведения прозвучали — спросил менеджер или клиент сказал сам"
_COUNTS_IF_RX = re.compile(
    r"\b(?:выполнен\w*|засчитыва\w*|засчитан\w*|считается)\b[^.;]*\bесли\b[^.;]*\bсам\w*\b", re.IGNORECASE
)


_SELF_SAID_RX = re.compile(
    r"\b(?:клиент\w*|собеседник\w*|пациент\w*)\s+сам\w*\s+(?:сказал|назвал|сообщил|упомянул)|"
    r"\b(?:сказал|назвал|сообщил|упомянул)\w*\s+сам\w*\s+(?:клиент|собеседник|пациент)",  # «назвал сам клиент»
    re.IGNORECASE,
)


_ONE_OF_RX = re.compile(
    r"(?:^|\s+)и\s+(?P<verb>(?:[а-яё]+\s+){0,2}?)(?:хотя бы|хоть|как минимум|минимум)\s+(?:один|одн\w+)\s+"
    r"(?:из\s+)?([^:()]+?)\s*:\s*(.+)$",
    re.IGNORECASE,
)


def _one_of_list(sentence: str) -> str:
    """ "Назвал стоимость и хотя бы один из способов оплаты: помесячно, рассрочка": the list is the
    examples of one element, the stage still needs all of its elements (so too in a sentence of its
    own after a list of all items: "Все три: …. И хотя бы одно из преимуществ: …")."""
    m = _ONE_OF_RX.search(sentence)
    if m is None:
        return sentence
    items = re.sub(r"[()]", " ", m.group(3)).strip(" .;")
    return f"{sentence[: m.start()]} и {m.group('verb')}{m.group(2)} ({items})"


def _attach_hints(compiled: CompiledStage, hints: tuple[str, ...]) -> None:
    """A hint ("меня зовут") becomes an example phrase of the element it is about."""
    for hint in hints:
        hint_lem = set(lemmas(hint))
        if not hint_lem:
            continue
        target = _hint_target(compiled.elements, hint_lem)
        if target is None and not compiled.elements:
            compiled.elements.append(Element("free:" + hint.lower(), hint.lower(), "manager", (), phrases=(hint,)))
        elif target is not None:
            target.phrases = (*target.phrases, hint)


def _hint_target(elements: list[Element], hint_lem: set[str]) -> Element | None:
    best, target = 0, None
    for el in elements:
        voc: set[str] = set(el.keywords)
        for key in el.concepts:
            c = BY_KEY[key]
            voc |= c.lemmas | c.triggers | {w for ph in c.phrases for w in ph}
        overlap = len(hint_lem & voc)
        if overlap > best:
            best, target = overlap, el
    return target or (elements[0] if len(elements) == 1 else None)


# --- the head of sales' corrections -----------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """One edit: add_phrase (element, phrase), drop_element (element), set_requirement (mode, n),
    add_element (label, phrase, speaker)."""

    op: Literal["add_phrase", "drop_element", "set_requirement", "add_element"]
    element: str = ""  # element key (or its label)
    phrase: str = ""
    mode: RequirementMode = "all"
    n: int = 0
    label: str = ""
    speaker: ElementSpeaker = "manager"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Correction:
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


class CorrectionError(ValueError):
    """A correction that does not fit the compiled stage (message in Russian)."""


def apply_corrections(compiled: CompiledStage, corrections: list[Correction] | list[dict[str, Any]]) -> CompiledStage:
    """A new compiled stage with the edits applied in order (the input is not changed)."""
    out = CompiledStage.from_dict(compiled.to_dict())
    for raw in corrections:
        c = raw if isinstance(raw, Correction) else Correction.from_dict(raw)
        if c.op == "set_requirement":
            if c.mode == "at_least" and c.n < 1:
                raise CorrectionError("Для требования «не менее N» укажите N не меньше 1.")
            out.requirement = Requirement(c.mode, c.n if c.mode == "at_least" else 0)
        elif c.op == "add_element":
            label = (c.label or c.phrase).strip()
            if not label:
                raise CorrectionError("У нового элемента должно быть название.")
            words = tuple(sorted({w for w in lemmas(label + " " + c.phrase) if len(w) > 2}))
            phrases = (c.phrase,) if c.phrase else ()
            out.elements.append(Element("free:" + label.lower(), label, c.speaker, (), False, words, phrases, label))
        else:
            el = _find(out, c.element)
            if c.op == "drop_element":
                out.elements.remove(el)
            elif c.op == "add_phrase":
                if not c.phrase.strip():
                    raise CorrectionError("Пример фразы не может быть пустым.")
                el.phrases = (*el.phrases, c.phrase.strip())
    return out


def _find(compiled: CompiledStage, key: str) -> Element:
    for el in compiled.elements:
        if key in (el.key, el.label):
            return el
    raise CorrectionError(f"В этапе «{compiled.name}» нет элемента «{key}».")
