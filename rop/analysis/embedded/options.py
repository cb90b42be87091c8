"""Enum options read by what they mean: an option such as «вечер», «для детей», «инвестиция»,
«ИП», «встреча в ОП», «знакомые» stands for a concept, and the call supports it with the concept's
own words, its synonyms or a fact that implies it («после работы, часов в семь» -> вечер, «для
дочки» -> для детей, «сдавать буду» -> инвестиция, «договорились в субботу в ОП» -> встреча в ОП).

An option that says nothing was found out («не выяснено», «не указано», «нет» of a next step) is
chosen when the call supports no other option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rop.analysis.embedded.lang import lemmas
from rop.analysis.embedded.transcript import Prepared, Unit


@dataclass(frozen=True)
class Concept:
    names: frozenset[str]  # option lemmas that name the concept
    cues: re.Pattern[str]  # wording in the call (lower-cased, numbers as digits) that supports it
    default: bool = False  # the reading a person makes when the call says nothing else (a private person)


def _c(names: str, cues: str, default: bool = False) -> Concept:
    return Concept(frozenset(names.split()), re.compile(cues), default)


_AT = r"\b(?:к|после|часов в|часа в|часам к|часикам к|часиков в|около|где-то в|в районе)\s"
_CLOCK = r"(?::\d\d)?(?! ?(?:вечера|дня|утра|ночи))\b"  # a bare hour: 9-11 morning, 12-4 day, 5-8 evening

_TIME_OF_DAY = (
    _c(
        "утро утренний",
        rf"\bутр(?:ом|а|енн)|\bс утра\b|\bдо обеда\b|\bпораньше\b|\b(?:[6-9]|1[01])(?::\d\d)? утра\b"
        rf"|{_AT}(?:9|1[01]){_CLOCK}|\bв (?:[89]|1[01]):\d\d\b",
    ),
    _c(
        "день дневной обед",
        rf"\bдн[её]м\b|\bв обед\b|\bпосле обеда\b|\bв середине дня\b|\bобеденн|\bв полдень\b|\b[1-5](?::\d\d)? дня\b"
        rf"|{_AT}(?:1[2-6]|[1-4]){_CLOCK}|\bв 1[2-6](?::\d\d)?\b",
    ),
    _c(
        "вечер вечерний",
        rf"\bвечер(?:ом|а\b|н)|\bпосле работы\b|\b(?:[5-9]|1[01])(?::\d\d)? вечера\b"
        rf"|{_AT}(?:1[7-9]|2[0-2]|[5-8]){_CLOCK}|\bв (?:1[7-9]|2[0-2])(?::\d\d)?\b",
    ),
)
_PURPOSE = (
    _c(
        "себя личный сам проживание жить",
        r"\bдля себя\b|\bсам(?:а|и)? (?:буду|будем|будет) жить\b|\bсебе (?:квартир|жиль|дом|машин)"
        r"|\bжить (?:будем|буду)\b|\bдля (?:нас|семьи|жизни)\b|\bдля проживания\b|\bпереезжа",
    ),
    _c(
        "ребенок ребёнок дети детский сын дочь",
        r"\bдля (?:дочк|доч|сын|дет|реб[её]н|внук|внучк)\w*|\bдочк(?:е|и)\b"
        r"|\bсыну\b|\bдетям\b|\bребенку\b|\bребёнку\b|\bвнучке\b|\bвнуку\b",
    ),
    _c(
        "инвестиция инвестиционный вложение сдача аренда перепродажа",
        r"\bсдава\w*|\bсдать\b|\bпод сдачу\b|\bв аренду\b|\bинвест\w*|\bвлож\w*|\bвложить\b|\bперепрод\w*"
        r"|\bарендатор\w*|\bпассивн\w* доход",
    ),
    _c("родитель мама папа", r"\bдля (?:мамы|папы|родител\w*|тещи|тёщи|свекров\w*)\b|\bродителям\b|\bмаме\b"),
)
_EMPLOYMENT = (
    _c(
        "найм наем наём трудоустройство официальный зарплата штат",
        r"\bпо найму\b|\bофициально (?:работа|трудоустро)\w*|\bв штате\b|\bна зарплате\b|\bбел\w+ зарплат"
        r"|\bработаю (?:в|на) (?:компани|завод|банк|фирм|предприяти)\w*|\bтрудоустро\w*|\bпо трудовой\b|\b2-?ндфл",
    ),
    _c("ип предприниматель", r"\bип\b|\bпредпринимател\w*|\bсвой бизнес\b|\bсво[её] дело\b|\bсвоя фирма\b"),
    _c("самозанятый самозанятость", r"\bсамозанят\w*"),
    _c("пенсионер пенсия", r"\bна пенсии\b|\bпенсионер\w*|\bпенсия\b"),
)
_NEXT_STEP = (  # online first: «онлайн-показ» is online, not a visit
    _c(
        "онлайн видео zoom зум дистанционный",
        r"\bонлайн\w*|\bпо видео\w*|\bвидеозвон\w*|\bвидеосвяз\w*|\bзум\w*|\bzoom\b",
    ),
    _c(
        "встреча офис оп визит приезд просмотр",
        r"\bприезжайте\b|\bприед(?:у|ем|ете)\b|\bподъед(?:у|ем|ете)\b|\bв офис\w*|\bв оп\b|\bотдел\w* продаж"
        r"|\bвстреч\w*|\bувидимся\b|\bна просмотр\b|\bна показ\b|\bждем вас\b|\bждём вас\b|\bжду вас\b",
    ),
    _c(
        "перезвон звонок созвон перезвонить",
        r"\bперезвон\w*|\bсозвон\w*|\bпозвоню\b|\bнаберу\b|\bнаберите\b"
        r"|\bсвяж(?:усь|емся)\b|\bпозвоните\b",
    ),
)
_SOURCE = (  # where the client heard of the company
    _c(
        "сайт интернет поиск яндекс google гугл",
        r"\bна (?:вашем )?сайте\b|\bв интернете\b|\bв поиске\b|\bнагуглил\w*"
        r"|\bв яндексе\b|\bв гугле\b|\bчерез сайт\b|\bс сайта\b",
    ),
    _c(
        "реклама баннер радио телевизор",
        r"\bреклам\w*|\bбаннер\w*|\bпо радио\b|\bпо телевизору\b|\bлистовк\w*"
        r"|\bбилборд\w*|\bна щите\b",
    ),
    _c(
        "знакомый рекомендация друг сарафан коллега советовать",
        r"\bпосоветовал\w*|\bпорекомендовал\w*|\bзнаком\w+ (?:сказал|посоветовал|рассказал)\w*|\bподруг\w*|\bдруз\w*"
        r"|\bколлег\w*|\bсосед\w*|\bпо рекомендаци\w*|\bпо совету\b|\bсарафан|\bхвалил\w*"
        r"|\b(?:сестра|брат|мама|папа|муж|жена|сын|дочь|тетя|тётя|кум\w*)\b[^.?!]{0,25}\b(?:лечил|ходил|обращал|заказывал)",
    ),
    _c("карта 2гис", r"\bна карт(?:ах|е)\b|\b2 ?гис\b|\bдвагис\b|\bяндекс[- ]?карт\w*"),
    _c(
        "соцсеть инстаграм вконтакте вк телеграм",
        r"\bсоц\.? ?сет\w*|\bинстаграм\w*|\bвконтакте\b|\bв вк\b|\bтелеграм\w*",
    ),
    _c(
        "повторный постоянный",
        r"\bуже (?:был|была|были|ходил|лечил|обслуживал)\w*|\bраньше (?:был|ходил)\w*"
        r"|\bя у вас уже\b|\bпостоянн\w+ клиент|\bснова к вам\b",
    ),
)
_CLIENT_TYPE = (  # who the client is: a private person unless he names a business of his own
    _c(
        "физлицо физический",
        r"\bфиз\.? ?лиц\w*|\bфизическ\w+ лиц\w*|\bчастн\w+ лиц\w*|\bкак частн\w+",
        default=True,
    ),
    _c("ип предприниматель", r"\bип\b|\bипшник\w*|\bпредпринимател\w*"),
    _c(
        "юрлицо юридический ооо",
        r"\bюр\.? ?лиц\w*|\bюридическ\w+ лиц\w*|\b(?:ооо|зао|пао|оао)\b|\bкомпани\w*\s*«|\b(?:из|от) компании\b"
        r"|(?:^|[,.:] )компания [а-яё]"  # «Максим, компания МеталлПрофиль»: the caller's own company
        r"|\bнаш\w* (?:бухгалтери|организаци|фирм)\w*|\bбухгалтери\w* (?:за|не)\b",
    ),
)
_WHOM = (  # whom the thing is for: the caller himself unless he names another person
    _c(
        "себя сам",
        r"\bдля себя\b|\bсебе\b|\bу меня (?:глаз|зрени|спин|зуб|кож|волос)\w*|\bмне (?:нужн|надо|нужен|нужна)\w*"
        r"|\bя (?:ношу|хочу|хотела|хотел)\b",
        default=True,
    ),
    _c(
        "ребенок ребёнок дети детский сын дочь",
        r"\bдля (?:дочк|доч|сын|дет|реб[её]н|внук|внучк|школьник)\w*"
        r"|\bу (?:меня|нас) (?:сын|доч|реб[её]н|внук|внучк)\w*"
        r"|\bсыну\b|\bдочке\b|\bдочери\b|\bребенку\b|\bребёнку\b|\bдетям\b",
    ),
    _c(
        "взрослый родственник",
        r"\bдля (?:мам|пап|муж|жен[ыеу]\b|бабушк|дедушк|свекров|св[её]кр|т[её]щ|родител|отц|брат|сестр)\w*"
        r"|\bдля (?:подруг|друг|коллег)\w*"
        r"|\b(?:маме|папе|мужу|жене|бабушке|дедушке|родителям)\b",
    ),
)
FAMILIES: tuple[tuple[Concept, ...], ...] = (
    _TIME_OF_DAY,
    _PURPOSE,
    _EMPLOYMENT,
    _NEXT_STEP,
    _SOURCE,
    _CLIENT_TYPE,
    _WHOM,
)
CONCEPTS: tuple[Concept, ...] = tuple(c for family in FAMILIES for c in family)
# options that say nothing was found out: chosen only when no other option is supported
_UNKNOWN_RX = re.compile(r"не (?:выяснен|указан|известн|определ|озвуч|назван|уточн)|неизвестн|нет данных|^—$|^-$")
_NONE_WORDS = frozenset({"нет", "никакой", "отсутствовать"})


def concept_of(option: str, family: tuple[Concept, ...] = CONCEPTS) -> Concept | None:
    """The concept an option names by its own words («Встреча в ОП» -> meeting); the first listed
    wins («онлайн-показ» is online, not a visit)."""
    words = set(lemmas(re.sub(r"[/_\-]", " ", option))) | {w.lower() for w in re.findall(r"\w+", option)}
    return next((c for c in family if words & c.names), None)


def family_of(options: tuple[str, ...]) -> tuple[Concept, ...]:
    """The family most options belong to: «звонок» among sources is no callback."""
    counts = [sum(1 for o in options if concept_of(o, f) is not None and not is_unknown(o)) for f in FAMILIES]
    best = max(range(len(FAMILIES)), key=lambda k: counts[k])
    return FAMILIES[best] if counts[best] else ()


def is_unknown(option: str) -> bool:
    low = option.strip().lower()
    return bool(_UNKNOWN_RX.search(low)) or (bool(low) and set(lemmas(low)) <= _NONE_WORDS)


def claims(options: tuple[str, ...]) -> bool:
    """Two options or more name concepts this module reads."""
    family = family_of(options)
    return sum(1 for o in options if not is_unknown(o) and concept_of(o, family) is not None) >= 2


_AGAINST = re.compile(r"^\W*(?:\w+\W+)?(?:неудобно|не могу|не смогу|не получится|занят|никак)")


def _supports(concept: Concept, u: Unit) -> bool:
    """The concept said in the unit, not ruled out («днём неудобно», «не для себя»)."""
    for m in concept.cues.finditer(u.norm):
        if not (_AGAINST.search(u.norm[m.end() :]) or u.norm[: m.start()].endswith("не ")):
            return True
    return bool(u.lemma_set & concept.names) and "не" not in u.lemma_set


def choose(units: list[Unit], options: tuple[str, ...]) -> tuple[str, Unit] | None:
    """The option the units support most, the client's words counting twice; on a tie the one
    said last (the decision comes after the alternatives)."""
    score: dict[str, float] = {}
    where: dict[str, Unit] = {}
    last: dict[str, int] = {}
    family = family_of(options)
    for opt in options:
        concept = concept_of(opt, family)
        if concept is None or is_unknown(opt):
            continue
        for u in units:
            if _supports(concept, u):
                score[opt] = score.get(opt, 0.0) + (2.0 if u.speaker == "client" else 1.0)
                where.setdefault(opt, u)
                last[opt] = u.index
    if not score:
        return None
    best = max(score, key=lambda o: (score[o], last[o]))
    return best, where[best]


def fallback(options: tuple[str, ...]) -> str | None:
    """The option that says nothing was found out, when the options have one; else the option a
    person reads by default when the call names nothing else («физлицо», «для себя»)."""
    family = family_of(options)
    unknown = next((o for o in options if is_unknown(o)), None)
    return unknown or next((o for o in options if (c := concept_of(o, family)) is not None and c.default), None)


def is_default(option: str, options: tuple[str, ...]) -> bool:
    """The option is the family's default reading (chosen on no evidence)."""
    concept = concept_of(option, family_of(options))
    return concept is not None and concept.default and not is_unknown(option)


def read(prep: Prepared, options: tuple[str, ...]) -> tuple[str, Unit | None] | None:
    """The option the whole call supports, or the "nothing found" option."""
    chosen = choose(prep.units, options)
    if chosen is not None:
        return chosen
    none = fallback(options)
    return (none, None) if none is not None else None
