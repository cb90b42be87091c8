"""Table fields from the transcript, driven by each field's key and description."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from rop.analysis.embedded import (
    calltype,
    choices,
    definitions,
    entities,
    listed,
    options,
    outcome,
    phrases,
    pieces,
    places,
    quantities,
    roles,
    steps,
    yesno,
)
from rop.analysis.embedded.amounts import age, price_quoted
from rop.analysis.embedded.checklist import (
    _has_phrase,
    _intro_at,
    is_sales_call,
    manager_names,
)
from rop.analysis.embedded.fuzzy import fuzzy_lemma
from rop.analysis.embedded.gazetteer import DISTRICTS, canonical_place, snap_country, snap_district, snap_locality
from rop.analysis.embedded.lang import (
    Token,
    is_geo,
    is_known,
    is_name,
    is_patronymic,
    is_surname,
    lemma,
    lemmas,
    morph,
    tags,
    tokenize,
)
from rop.analysis.embedded.lexicon import BY_KEY, load_json
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.embedded.objections import objection_units
from rop.analysis.embedded.products import asked_for, is_product_field
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

log = logging.getLogger(__name__)

_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("objections", frozenset({"возражение", "objection", "objections", "сомнение", "опасение"})),
    (
        "next_step",
        frozenset(
            {
                "шаг",
                "next",
                "action",
                "действие",
                "договоренность",
                "договориться",
                "step",
                "встреча",
                "показ",
                "визит",
                "контакт",
                "приём",
                "прием",
                "запись",
                "тест-драйв",
            }
        ),
    ),
    (
        "budget",
        frozenset(
            {
                "бюджет",
                "budget",
                "сумма",
                "деньга",
                "деньги",
                "потратить",
                "price",
                "money",
                "стоимость",
                "цена",
            }
        ),
    ),
    ("payment", frozenset({"оплата", "ипотека", "payment", "mortgage", "кредит", "рассрочка"})),
    ("rooms", frozenset({"комната", "rooms", "комнатность", "room"})),
    (
        "location",
        frozenset(
            {
                "район",
                "district",
                "location",
                "локация",
                "расположение",
                "адрес",
                "микрорайон",
                "метро",
                "жить",
                "area",
                "город",
                "city",
                "местоположение",
                "маршрут",
                "жк",
                "улица",
                "поселок",
            }
        ),
    ),
    ("name", frozenset({"имя", "фио", "зовут", "звать", "name"})),
    ("object_type", frozenset({"тип", "type", "объект", "недвижимость", "искать", "object"})),
    ("timeline", frozenset({"срок", "когда", "дата", "переезд", "timeline", "deadline", "date"})),
    ("phone", frozenset({"телефон", "phone", "номер"})),
    ("email", frozenset({"email", "почта", "mail", "e-mail"})),
)
_CITIES = frozenset(
    {
        "москва",
        "санкт-петербург",
        "петербург",
        "питер",
        "спб",
        "казань",
        "екатеринбург",
        "новосибирск",
        "краснодар",
        "сочи",
        "россия",
        "нижний",
        "самара",
        "ростов",
        "уфа",
        "пермь",
        "воронеж",
        "челябинск",
        "омск",
        "тюмень",
        "калининград",
        "ленинградский",
        "московский область",
    }
)
_PLACE_NOUNS = frozenset(
    {
        "район",
        "микрорайон",
        "округ",
        "улица",
        "проспект",
        "остров",
        "набережная",
        "переулок",
        "шоссе",
        "бульвар",
        "площадь",
        "поселок",
        "деревня",
        "село",
        "жк",
        "квартал",
    }
)
_BUDGET_WORDS = frozenset(
    {
        "бюджет",
        "рассчитывать",
        "потратить",
        "тратить",
        "сумма",
        "максимум",
        "около",
        "готовый",
        "предел",
        "располагать",
        "ориентироваться",
        "до",
        "где-то",
        "примерно",
        "общий",
        "отложить",
        "накопить",
        "выделить",
        "закладывать",
        "потянуть",
    }
)
# «больше пяти тысяч в месяц на это не дам»: the client's ceiling said the other way round
_NOT_MORE_THAN = r"\bбольше \d[^.;]{0,30}?\bне (?:дам|дадим|готов\w*|потян\w*|могу|можем|буду|будем|плат\w*|потрач\w*)"
_LIMIT_RX = re.compile(
    r"\bдо \d|\bмаксимум|\bне (?:больше|более|дороже)\b|\bв пределах\b|\bвписыва|\bтысячи? \d|\bтыщ\w* \d|\bбюджет"
    r"|\bбольше (?:никак|не потян)|" + _NOT_MORE_THAN
)
# words that make a bare number the client says ("до шести максимум") an amount of money
_BARE_CUES = frozenset(
    {
        "бюджет",
        "максимум",
        "рассчитывать",
        "потратить",
        "отложить",
        "накопить",
        "выделить",
        "закладывать",
        "потянуть",
        "дотянуть",
    }
)
# a bare number followed by one of these is no amount of money: "до 6 вечера", "120 метров"
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:%|процент|метр|м\b|кв|км|час|мин|лет|год|человек|штук|шт\b|паллет|тонн|раз|точ|дн|недел|этаж|комнат"
    r"|окн|окон|куб|кг|кило|утра|вечера|ночи|числ|[:.]\d)"
)
_TOTAL_RX = re.compile(r"\b(?:а всего|итого|и того(?=,? \d)|в сумме|всего выходит|на вс[её](?=[\s,.]|$))\b")
# «бюджет» as ASR writes it: glued to the word before («отбюджет»), a vowel misheard («беджету»)
_BUDGET_HEARD_RX = re.compile(r"б[юуеиь]?джет")
_RECAP_RX = re.compile(r"\b(?:записал\w*|записываю|напомню|итак|итого|подытож\w*|резюмир\w*)\b")
# the client corrects the sum: "миллионов десять. Хотя нет, давайте до девяти"
# or names the total after a part ("взнос где-то полтора, а всего — миллионов шесть-семь")
_CORRECTION_RX = re.compile(r"\b(?:хотя нет|в общем|короче|точнее|вернее|то есть|а всего|итого|в сумме)\b")
_NOT_BUDGET = frozenset(
    {"взнос", "стоить", "цена", "скидка", "стоимость", "дороже", "дешевле", "платеж", "первоначальный"}
)
_MAYBE_BUDGET = frozenset({"одобрение", "одобрить", "ипотека", "кредит"})
_ROOM_PREFIX = {"одно": 1, "одн": 1, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5}
_ROOM_SLANG = {
    "однушка": 1,
    "однушко": 1,
    "студия": -1,  # one room, or 0 when the description says so ("студия = 0")
    "двушка": 2,
    "евродвушка": 2,
    "трешка": 3,
    "евротрешка": 3,
    "четырешка": 4,
}
_OBJ_TYPES: dict[str, frozenset[str]] = {
    "квартира": frozenset(
        {
            "квартира",
            "однушка",
            "однушко",
            "двушка",
            "трешка",
            "студия",
            "новостройка",
            "вторичка",
            "комнатный",
            "однокомнатный",
            "двухкомнатный",
            "трехкомнатный",
        }
    ),
    "дом": frozenset({"коттедж", "таунхаус", "участок", "дача", "сотка", "частный"}),
    "апартаменты": frozenset({"апартаменты", "апарт"}),
    "коммерческая": frozenset({"офис", "помещение", "коммерческий", "склад", "коммерция", "магазин"}),
}
_OBJECTION_LABELS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset({"дорого", "дорогой", "дороговатый", "дороговато", "кусаться", "накладно", "дешевле"}),
        "дорого",
    ),
    (frozenset({"подумать", "подумаю"}), "нужно подумать"),
    (frozenset({"посоветоваться"}), "нужно посоветоваться"),
    (frozenset({"далеко", "далекий", "далековато"}), "далеко"),
    (frozenset({"маленький", "маловато", "тесно", "тесный"}), "мало места"),
    (frozenset({"процент", "ставка"}), "высокая ставка"),
)


# "(не цена, которую назвал менеджер)": what the field is NOT — its words name no kind
_NOT_THIS_RX = re.compile(r"\bне\s+(?:цен|стоимост|прайс|сумм)\w*[^.;()]*", re.IGNORECASE)


def _described(spec: FieldSpec) -> str:
    """The field's description without what it says the field is not."""
    return _NOT_THIS_RX.sub(" ", spec.description)


def field_kind(spec: FieldSpec) -> str:
    words = set(lemmas(spec.key.replace("_", " ") + " " + _described(spec)))
    if yesno.is_yes_no_field(spec):
        return "yes_no"  # "Сертификат да/нет": «да» / «нет», never a meeting or a sum
    if spec.type == "enum" and room_count_options(spec.options):
        return "rooms"  # «Комн.»: «студия / 1к / 2к / 3к / 4к и больше» — the options themselves count rooms
    if spec.type == "enum" and (
        options.claims(spec.options) or yesno.is_yes_no(spec.options) or len(definitions.defined_options(spec)) >= 2
    ):
        return "enum"  # «утро / день / вечер», «для себя / для детей / инвестиция», «встреча в ОП / перезвон»
    if listed.names(spec):
        return "listed"  # «На каком складе (Обводный, Коломяги, Купчино)»: one of the names it lists
    if _place_field(spec, words):
        return "location"  # "ЖК или район, который интересует клиента", "Адрес объекта": not a product
    if spec.type in {"string", "text", "number"} and phrases.is_size(words) and not words & {"бюджет", "цена"}:
        return "size"  # "Размер кухни": «три двадцать по стене»
    if spec.type in {"string", "text"} and phrases.is_goal(words):
        return "goal"  # "Цель клиента": «похудеть к лету»
    if spec.type != "enum" and words & _PART_WORDS:
        return "part_payment"  # "Первоначальный взнос, руб.": a part of the money, not the budget
    if quantities.is_time_field(spec):
        return "time"  # "Время замера: ЧЧ:ММ или интервал"
    if is_product_field(spec):
        return "product"
    if _asks_need_by(spec) and not words & {"время", "шаг", "встреча", "визит", "показ", "замер", "звонок"}:
        return "need_by"  # "К какой дате клиенту нужен тираж": the client's deadline, not the next contact's day
    if words & {"дата", "число"} and words & _EVENT_WORDS and not words & {"время", "шаг", "встреча", "визит"}:
        return "event_date"  # "Дата мероприятия (число, месяц)": the day of the client's own event, not of a step
    if words & {"дата", "время"} and not words & {"срок", "переезд", "рождение", "покупка", "сделка"}:
        return "next_step"  # "Дата и время пробного урока": the agreed step's day
    if "возраст" in words:
        return "age"
    if spec.type != "enum" and words & {"цена", "стоимость"} and words & _DEAL_WORDS and not words & _STAFF:
        return "budget"  # "Стоимость техники (вся сумма сделки)": what the thing bought costs, said by either side
    if spec.type != "enum" and words & {"цена", "стоимость", "прайс"} and not words & _CLIENT_MONEY - {"клиент"}:
        return "price_quoted"  # "Какую цену назвал администратор", "Озвученная стоимость"
    if spec.type != "enum" and words & {"цена", "стоимость"} and words & _STAFF:
        return "price_or_budget"  # "Цена, которую назвал мастер, а если не называл — бюджет клиента"
    if (
        spec.type != "enum"
        and words & _CLIENT_MONEY
        and words & {"сколько", "сумма", "руб"}
        and words & (_MONEY_WORDS | {"готовый", "рассчитывать"})  # "Сколько комнат хочет клиент" is no sum
        and not words & {"как", "способ"}
    ):
        return "budget"  # "Сколько клиент готов платить за полис"
    if spec.type != "enum" and is_monthly(spec) and words & _BILL_WORDS and not words & _PART_WORDS:
        return "budget"  # "Ежемесячный счёт за электричество в рублях": a sum of money per month
    if words & (_PERSON_WORDS - {"фио", "фамилия"}):
        return "unknown"  # "Врач (ФИО или фамилия)": a person, not the client's name
    if spec.type in {"string", "text"} and roles.is_vacancy_field(description_head(spec)):
        return "vacancy"  # "Вакансия (должность), по которой нужен подбор": a job title
    if _person_headed(spec, words):
        return _name_kind(spec, words)  # "Контактное лицо клиента: тот, с кем договорились о шаге (имя…)"
    for kind, trig in _KINDS:
        if words & trig:
            return _name_kind(spec, words) if kind == "name" else kind
    if spec.type != "enum" and not words & _MONEY_WORDS and quantities.counted_noun(spec):
        return "count"  # "Сколько окон меняем", "Количество паллет в неделю"
    if pieces.is_piece_count(spec) and not words & _MONEY_WORDS:
        return "pieces"  # "Тираж, шт.": how many pieces of what the client orders
    if spec.type == "enum" and spec.options:
        return "enum"
    return "unknown"


# an option that is a room count: «2», «2к», «2-к», «2-комн.», «2-комнатная», «4+», «4к и больше», «студия»
_ROOM_OPTION_RX = re.compile(
    r"^\s*(?:\d\s*(?:-?\s*к\.?|-?\s*комн\w*\.?|-?х\s*комн\w*)?\s*(?:\+|и больше|и более|или больше)?|студи\w*)\s*$",
    re.IGNORECASE,
)


def room_count_options(opts: tuple[str, ...]) -> bool:
    """The options of an enum are room counts, at least two of them numbered ones with a room mark
    («1к», «2-комн.», «студия»): the field asks how many rooms whatever its name says («Комн.»)."""
    rooms = [o for o in opts if _ROOM_OPTION_RX.match(o)]
    marked = [o for o in rooms if re.search(r"\d\s*-?\s*(?:х\s*)?к", o.lower()) or "студи" in o.lower()]
    return len(rooms) >= 2 and len(rooms) >= len(opts) - 1 and len(marked) >= 2


def _place_field(spec: FieldSpec, words: set[str]) -> bool:
    return (
        spec.type in {"string", "text"}
        and bool(places.facets(spec.description, spec.key))
        and bool(words & _PLACE_FIELD_WORDS)
    )


def _name_kind(spec: FieldSpec, words: set[str]) -> str:
    if _names_the_manager(spec):
        return "manager_name"
    if words & _CHILD_WORDS:
        return "child_name"  # "Имя ребёнка": not the caller's name
    return "name"


# the head of a description: its words up to the first colon, bracket, dash, comma or full stop
_HEAD_END_RX = re.compile(r"[:(.;,]|\s[—–-]\s")
# nouns that make a field a person: "Контактное лицо", "Собеседник", "ЛПР клиента"
_PERSON_HEADS = frozenset({"лицо", "собеседник", "лпр", "представитель", "контакт"})
_NAME_PARTS = frozenset({"имя", "фио", "фамилия", "отчество", "звать", "зовут"})


def description_head(spec: FieldSpec) -> set[str]:
    """The lemmas of the description's head noun phrase ("Контактное лицо клиента" of "Контактное
    лицо клиента: ЛПР или тот, с кем договорились о следующем шаге"): what the field is about;
    the words of its subordinate clauses only qualify it."""
    return set(lemmas(_HEAD_END_RX.split(spec.description, maxsplit=1)[0]))


def _person_headed(spec: FieldSpec, words: set[str]) -> bool:
    """A person's field written down by name: its head is a person ("Контактное лицо") and the
    description asks for the name, so "шаг" in a clause about that person does not make it a step."""
    person = bool(description_head(spec) & _PERSON_HEADS)
    return spec.type in {"string", "text"} and person and bool(words & _NAME_PARTS)


_NAME_TRIGGERS = frozenset({"имя", "фио", "звать", "name", "представиться"})
_CLIENT_SIDE = frozenset(
    {"клиент", "собеседник", "контактный", "покупатель", "звонящий", "абонент", "заказчик", "родитель", "лид"}
)


# a sentence that says what the field is not: «Нашего менеджера сюда не пишем», «кроме менеджера»
_NEGATED_SENTENCE_RX = re.compile(r"[^.,;!?()]*\b(?:не|нельзя|кроме|никогда)\b[^.,;!?()]*")


def _affirmed(description: str) -> str:
    """The description without its negated sentences and clauses."""
    return _NEGATED_SENTENCE_RX.sub(" ", description)


def _names_the_manager(spec: FieldSpec) -> bool:
    """Whose name a name field asks for: the person the name word governs ("Имя менеджера") decides, so
    "Как зовут собеседника (… с которым говорил менеджер)" is the client's name, not the manager's."""
    words = lemmas(spec.key.replace("_", " ") + " " + _affirmed(spec.description))
    people = [i for i, w in enumerate(words) if w in _CLIENT_SIDE or w in _STAFF]
    if not any(words[i] in _STAFF for i in people):
        return False
    start = next((i for i, w in enumerate(words) if w in _NAME_TRIGGERS), 0)
    after = [i for i in people if i > start] or people
    return words[after[0]] in _STAFF


# the price of what the client buys or finances (a deal), not a service the staff quotes
_DEAL_WORDS = frozenset({"сделка", "покупка", "приобретение", "лизинг", "кредит", "финансирование"})
_CLIENT_MONEY = frozenset({"бюджет", "клиент", "готовый", "рассчитывать", "потратить", "покупатель"})
_MONEY_WORDS = frozenset(
    {"стоить", "цена", "стоимость", "руб", "бюджет", "платить", "сумма", "деньги", "деньга", "оплата", "потратить"}
)
# who quotes a price: "цена, которую назвал администратор" is the staff's price, not the client's budget
_STAFF = frozenset({"администратор", "менеджер", "сотрудник", "консультант", "оператор", "мастер", "продавец"})
_PLACE_FIELD_WORDS = frozenset(
    {"район", "адрес", "жк", "маршрут", "улица", "город", "метро", "локация", "куда", "страна", "курорт"}
    | {"населить", "населенный", "поселок", "село", "деревня"}  # "Населённый пункт, где стоит дом"
)

_SALES_KINDS = frozenset(
    {"name", "budget", "location", "rooms", "object_type", "payment", "objections", "next_step", "timeline"}
)


def extract_field(
    spec: FieldSpec, prep: Prepared, sales: bool | None = None, table: tuple[FieldSpec, ...] = ()
) -> FieldValue:
    """One field's value; ``table``: all the table's fields, read together as a person reads the form
    (a column for the monthly bill leaves the budget column the one-off sums)."""
    kind = field_kind(spec)
    if sales is None:
        sales = is_sales_call(prep, set())
    if not sales and kind in _SALES_KINDS:
        if kind == "name" and not _informal(prep):
            # a caller who introduced themselves ("меня зовут X") even when ASR lost the sales words;
            # not a colleague on "ты" ("привет, это Лена из бухгалтерии")
            fv = client_name(spec, prep)
            return fv if fv.confidence >= 90 else FieldValue(spec.key, None, 0)
        return FieldValue(spec.key, None, 0)  # not a sales conversation: nothing to fill in
    fn: Callable[[FieldSpec, Prepared], FieldValue] = _EXTRACTORS.get(kind, _nothing)
    if kind == "budget" and any(_monthly_sum(f) != is_monthly(spec) for f in table if f is not spec and _money(f)):
        fn = _split_budget  # one column for the sum per month, another for the one-off sum
    if kind == "next_step" and not _dated(spec) and any(_dated(f) for f in table if f is not spec):
        fn = _step_action  # the step's day has a column of its own: this one says what the step is
    elif kind == "next_step" and spec.type == "date" and _visit_words(spec):
        fn = _visit_day  # "Дата показа / встречи": the day of that visit, not of a callback
    try:
        fv = fn(spec, prep)
    except Exception:
        log.exception("embedded: extracting field %s failed", spec.key)
        fv = FieldValue(spec.key, None, 0)
    if spec.type == "number" and isinstance(fv.value, str):
        nums = re.findall(r"\d+(?:[.,]\d+)?", normalize_numbers(fv.value))
        fv.value = float(nums[-1].replace(",", ".")) if nums else None
    if spec.type == "enum" and spec.options and fv.value is not None:
        fv.value = _closest_option(str(fv.value), spec.options)
    return fv


def _money(spec: FieldSpec) -> bool:
    return field_kind(spec) == "budget"


def _monthly_sum(spec: FieldSpec) -> bool:
    return _money(spec) and is_monthly(spec)


def _dated(spec: FieldSpec) -> bool:
    """A column for the step's date ("Дата визита в ОП", "Дата следующего шага")."""
    dated = spec.type == "date" or "дата" in lemmas(spec.key + " " + spec.description)
    return dated and field_kind(spec) == "next_step"


def _step_action(spec: FieldSpec, prep: Prepared) -> FieldValue:
    return next_step(spec, prep, dated_apart=True)


# steps a person comes to: a date column naming one is no callback's day
_VISIT_WORDS = frozenset(
    {"показ", "встреча", "замер", "выезд", "визит", "приём", "прием", "осмотр", "просмотр", "экскурсия", "тест-драйв"}
)
_VISIT_SAID = _VISIT_WORDS | {"приехать", "подъехать", "приезжать", "посмотреть", "показать", "встретиться", "замерщик"}
_VISIT_SAID |= {"прораб", "мастер", "сметчик", "офис"}
_CALL_WORDS = frozenset({"перезвонить", "позвонить", "набрать", "созвониться", "созвон", "звонок", "перезвон"})


def _visit_words(spec: FieldSpec) -> set[str]:
    """The visits a date column names, where it names no call nor any next step
    («Дата следующего шага: визит, показ или звонок» takes a callback's day too)."""
    if set(lemmas(spec.description)) & (_CALL_WORDS | {"шаг", "перезвонить"}):
        return set()
    return set(lemmas(_affirmed(spec.description))) & _VISIT_WORDS


def _visit_day(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The day of the visit the column names: none where the day agreed is a callback's
    («в понедельник я вам перезвоню», «перезвонит завтра до обеда») or no day is said at all
    (a time alone is no date)."""
    fv = next_step(spec, prep)
    if fv.value is None:
        return fv
    if not re.search(r"\d{4}-\d{2}-\d{2}|[а-яё]{4,}", str(fv.value)):
        return FieldValue(spec.key, None, 0)  # "16:00": a time with no day
    unit = steps.agreed_day_unit(prep)
    if unit is not None:
        near = [x for group in steps.step_units(prep, unit) for x in group]
        dated = [x for x in near if _DAY_SAID_RX.search(x.norm)]
        call = any(x.lemma_set & _CALL_WORDS for x in dated)  # «в понедельник я вам перезвоню»
        visit = any(x.lemma_set & _VISIT_SAID or "видео" in x.norm for x in near)  # «наберу по видеосвязи»: a show
        if call and not visit:
            fv = FieldValue(spec.key, None, 0)
    said = next((x for x in prep.units if x.text == fv.quote and x.start_time == fv.quote_start), None)
    if said is not None and _not_a_visit(spec, said):
        return FieldValue(spec.key, None, 0)  # «договор сегодня пришлю», «уезжаю в среду»: no visit's day
    if fv.value is None:  # «в субботу, пятого … подпишем на складе при заезде», then «водитель позвонит»
        for u in reversed(_visit_dated(spec, prep)):
            days = [_calendar_day(*d, outcome.today()) for d in _days_in(u)]
            day = next((d for d in days if d is not None), None)
            if day is not None:
                return _fv(spec, day.isoformat(), 55, u)
    return fv


# coming over: a visit column's day is said beside one of these (or the column's own visit word)
_COMING = frozenset({"приехать", "подъехать", "заехать", "заезд", "въезд", "встретиться"})
_SENDING = frozenset({"прислать", "отправить", "выслать", "скинуть", "уехать", "уезжать"})


def _visits(spec: FieldSpec) -> set[str]:
    return _visit_words(spec) | _COMING | (_VISIT_WORDS & set(lemmas(spec.description)))


_CLAUSE_CUT_RX = re.compile(r"[,;:]|\s(?:а|и|но)\s")
_TODAY_RX = re.compile(r"\bсегодня\b")


def _gives_day(clause: str) -> bool:
    """A day said in the clause, not a deadline («адрес пришлю до воскресенья»)."""
    days = [*_DAY_SAID_RX.finditer(clause), *_TODAY_RX.finditer(clause)]
    return any(not clause[: m.start()].endswith("до ") for m in days)


def _not_a_visit(spec: FieldSpec, u: Unit) -> bool:
    """Every clause of the sentence that gives a day sends something or leaves («договор сегодня
    пришлю», «уезжаю в среду»): the day is no visit's, whatever else the sentence says."""
    dated = [c for c in _CLAUSE_CUT_RX.split(u.norm) if _gives_day(c)]
    visits = _visits(spec)
    for clause in dated:
        words = set(lemmas(clause))
        if not words & _SENDING or words & visits:
            return False
    return bool(dated)


def _visit_dated(spec: FieldSpec, prep: Prepared) -> list[Unit]:
    """The sentences that give a day (a weekday, «завтра», «5 декабря») with a visit said in that
    turn or the turns beside it, and no call nor a sending in the sentence itself."""
    visits = _visits(spec)
    out: list[Unit] = []
    for u in prep.units:
        day = _DAY_SAID_RX.search(u.norm)
        if not day or u.norm[: day.start()].endswith(("до ", "с ")) or u.lemma_set & (_CALL_WORDS | _SENDING):
            continue  # «оплачено до двадцатого», «с первого декабря поменяли»: no day of a visit
        near = [x for t in (u.turn - 1, u.turn, u.turn + 1) for x in prep.turn_units(t)]
        if any(x.lemma_set & visits for x in near):
            out.append(u)
    return out


_DAY_SAID_RX = re.compile(
    r"\b(?:понедельник|вторник|сред[уае]|четверг|пятниц[уае]|суббот[уае]|воскресень[ея]|завтра|послезавтра)\w*"
    r"|\b\d{1,2} (?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
)


def _split_budget(spec: FieldSpec, prep: Prepared) -> FieldValue:
    return budget(spec, prep, monthly_column=True)


def _informal(prep: Prepared) -> bool:
    return any(u.lemma_set & {"ты", "привет"} for u in prep.units)


def _nothing(spec: FieldSpec, prep: Prepared) -> FieldValue:
    return FieldValue(spec.key, None, 0)


def _fv(spec: FieldSpec, value: str | float | None, conf: int, u: Unit | None) -> FieldValue:
    if value is None:
        return FieldValue(spec.key, None, 0)
    return FieldValue(spec.key, value, conf, u.text if u else "", u.start_time if u else None)


def _closest_option(value: str, options: tuple[str, ...]) -> str | None:
    v = set(lemmas(value))
    best, score = None, 0
    for opt in options:
        s = len(v & set(lemmas(opt)))
        if opt.lower() == value.lower():
            s += 10
        if s > score:
            best, score = opt, s
    return best


# --- names -------------------------------------------------------------------------------------


def _nominative(word: str) -> str:
    for p in morph().parse(word.lower()):
        if "Name" in p.tag or "Surn" in p.tag:
            infl = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})  # "Людмил," (ASR) -> Людмила, not Людмилы
            w = str(infl.word if infl else p.normal_form)
            return w[:1].upper() + w[1:]
    return word[:1].upper() + word[1:].lower()


def _name_at(u: Unit, i: int) -> str:
    toks = u.tokens
    name = _nominative(toks[i].text)
    prev = toks[i - 1].text if i > 0 else ""
    if i == 1 and is_surname(prev) and not is_name(prev) and prev[:1].isupper():
        nomn = any("Surn" in p.tag and p.tag.case == "nomn" for p in morph().parse(prev.lower()))
        surname = prev[:1].upper() + prev[1:].lower() if nomn else _nominative_surname(prev)
        return surname + " " + name  # "Смирнова Елена": the surname said first, as said
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    if nxt and is_surname(nxt) and not is_name(nxt) and not is_patronymic(nxt):
        name += " " + _nominative_surname(nxt)
    return name


def _nominative_surname(word: str) -> str:
    for p in morph().parse(word.lower()):
        if "Surn" in p.tag:
            infl = p.inflect({"nomn"})
            w = str(infl.word if infl else p.normal_form)
            return w[:1].upper() + w[1:]
    return word[:1].upper() + word[1:].lower()


def _asks_name(u: Unit) -> bool:
    return any(p.search(u.norm) for p in BY_KEY["client_name"].patterns)


# words a name addressing someone follows, also when ASR drops the commas ("Хорошо Станислав если что звоните")
_ADDRESS_LEAD = frozenset(
    {"хорошо", "спасибо", "понял", "поняла", "понятно", "отлично", "ясно", "слушайте", "смотрите", "скажите"}
    | {"здравствуйте", "подскажите", "договорились", "извините", "простите"}
)


def _vocative(u: Unit, i: int) -> bool:
    t = u.tokens[i]
    after = u.text[t.end : t.end + 1]
    before = u.text[max(0, t.start - 2) : t.start]
    lead = i == 1 and u.tokens[0].low in _ADDRESS_LEAD
    return i == 0 or lead or after in {",", "!", "?", "."} or "," in before or i == len(u.tokens) - 1


# The manager asks who is on the line: they do not know the client's name yet ("Добрый день, Жанна,
# «Нетлайн», с кем могу поговорить?"), so a name in that turn is their own.
_WHO_ASK = re.compile(
    r"\bс кем (?:\w+ ){0,2}(?:говорю|разговариваю|поговорить|могу|можно|связаться|пообщаться)"
    r"|\bкто у вас (?:\w+ ){0,2}(?:отвечает|занимается|решает)|\bнужен (?:человек|тот)|\bкак к вам обращаться"
    r"|\bкак вас зовут|\bпредставьтесь"
)


def _turns_asking_who(prep: Prepared) -> set[int]:
    """The manager's opening turn when it asks who they are speaking to."""
    return {u.turn for u in prep.units_of("manager") if u.turn_of_speaker == 0 and _WHO_ASK.search(u.norm)}


def _client_said(name: str, prep: Prepared) -> bool:
    """The client said this name too, perhaps merged or cut by ASR ("максималегович" for
    "Максим Олегович", "Кирилду" for "Кирилл")."""
    first = name.split()[0].lower().replace("ё", "е")
    stem = first[: max(4, len(first) - 1)]
    for u in prep.units_of("client"):
        for t in u.tokens:
            low = t.low.replace("ё", "е")
            if low == first or t.lemma == first or (len(stem) >= 4 and low.startswith(stem)):
                return True
    return False


_INTRO_RX = re.compile(r"\b(?:я|это|меня зовут|со мной|зовут)\b")


def _answers_intro(u: Unit, prep: Prepared) -> bool:
    """The manager's unit opens the reply to a client turn in which the client introduced
    themselves ("со мной, я управляющий …" → "Максим Олегович, сколько …")."""
    return u.turn_of_speaker <= 2 and any(
        x.turn == u.turn - 1 and x.speaker == "client" and _INTRO_RX.search(x.norm) for x in prep.units
    )


# a greeting after the name, also as ASR garbles it ("здравствовайте", "изгравствовайте")
_GREETING_AFTER = re.compile(r"\s*[,.!]?\s*(?:\w*равств|\w*драсьт|добрый|доброе|слушаю|чем могу|алло)|\s*[,.!]?\s*$")


def _answers_the_phone(prep: Prepared, u: Unit, i: int) -> bool:
    """ "Добрый день, крона, Евгений," / "Крона. Дмитрий, здравствуйте.": the manager who picks up
    names themselves (the call opens with the manager, the name is not asked back with "?", and the
    opening has no other introduction such as "меня зовут …")."""
    if u.turn != 0 or u.turn_of_speaker != 0 or not prep.units or prep.units[0].speaker != "manager":
        return False
    t = u.tokens[i]
    if (i == 0 and u.index == 0) or u.text[t.end : t.end + 2].strip().startswith("?"):
        return False  # "Наталья? Меня зовут …": the client addressed
    if i > 0 and u.tokens[i - 1].low == "алло":
        return False  # "Алло, Павел, добрый день": the client addressed
    names = [(x, k) for x in prep.turn_units(u.turn) for k, tk in enumerate(x.tokens) if is_name(tk.text)]
    if any(_intro_at(x.tokens, k) for x, k in names) or len({x.tokens[k].lemma for x, k in names}) > 1:
        return False  # "Павел, добрый день, это Игорь": the manager introduced themselves elsewhere
    return bool(_GREETING_AFTER.match(u.text[t.end :]))


def _merged_name(word: str) -> str:
    """A first name that opens an unknown word ASR ran together ("кириллту" -> "Кирилл"), or ""."""
    if len(word) < 6 or not word.isalpha() or is_known(word):
        return ""
    for k in range(len(word) - 1, 3, -1):
        if is_name(word[:k]):
            return _nominative(word[:k])
    return ""


def _name_with_patronymic(toks: list[Token], i: int) -> bool:
    """ "Роман Игоревич", "Вера Павловна", "Любовь Сергеевна": a name that is also a common word is a
    name when a patronymic follows it."""
    return i + 1 < len(toks) and is_patronymic(toks[i + 1].text) and is_name(toks[i].text, 0.0)


def _hyphen_intro(word: str, before: str) -> bool:
    """A first name the ASR glued to the next word with a hyphen, right after «меня зовут» / «я» / «это»."""
    parts = word.split("-")
    return (
        len(parts) == 2
        and all(len(p) > 2 for p in parts)
        and is_name(parts[0])
        and bool(re.search(r"(?:меня зовут|зовут|я|это)$", before))
    )


def _children_named(prep: Prepared) -> set[str]:
    """Names the client says right after a child word ("дочка, Соня", "у нас сын Артём"), lower case."""
    out: set[str] = set()
    for u in prep.units_of("client"):
        for i, t in enumerate(u.tokens):
            if is_name(t.text) and {x.lemma for x in u.tokens[max(0, i - 2) : i]} & _CHILD_WORDS:
                out.add(_nominative(t.text).lower())
    return out


def _asked_by_name(prep: Prepared) -> set[str]:
    """Names the manager says right after asking the client's ("как вас зовут, Кирилл?", ASR: "как вас
    зовут кирилту"): the client's name said back, never the manager's own introduction."""
    out: set[str] = set()
    for u in prep.units_of("manager"):
        toks = u.tokens
        for i in range(3, len(toks)):
            if is_name(toks[i].text) and [t.low for t in toks[i - 3 : i]] in (
                ["как", "вас", "зовут"],
                ["как", "тебя", "зовут"],
            ):
                out.add(toks[i].lemma)
    return out


_SHORT_NAMES: dict[str, list[str]] = load_json("name_forms.json")["short"]


def _full_before_patronymic(name: str, u: Unit) -> str:
    """«Лена Павловна» (ASR for «Елена Павловна»): a short form never goes with a patronymic."""
    words = name.split()
    full = _SHORT_NAMES.get(words[0].lower().replace("ё", "е"))
    toks = [t.text for t in u.tokens]
    after = next((toks[i + 1] for i in range(len(toks) - 1) if toks[i].lower() == words[0].lower()), "")
    patronymic = words[1] if len(words) >= 2 else after
    if not full or not patronymic or not is_patronymic(patronymic):
        return name
    return " ".join([full[0] if patronymic.lower().endswith("на") else full[1], *words[1:]])


def client_name(spec: FieldSpec, prep: Prepared) -> FieldValue:
    own = manager_names(prep) - _asked_by_name(prep)
    asking_who = _turns_asking_who(prep) if prep.roles_known else set()
    cands: dict[str, tuple[float, Unit, str]] = {}

    children = _children_named(prep)

    def add(name: str, score: float, u: Unit) -> None:
        key = name.split()[0].lower()
        if key in own and not (score >= 0.95 and u.speaker == "client" and not u.question):
            return  # the client's own "меня Алина зовут" wins over the same name ASR gave the manager
        if key in children and score < 0.95:
            return  # "дочка, Соня" — "Соня уже занималась?": the child's name, not the caller's
        prev = cands.get(key)
        longest = name if prev is None or len(name) > len(prev[2]) else prev[2]
        if prev is None or score > prev[0]:
            cands[key] = (score, u, longest)
        else:
            cands[key] = (prev[0], prev[1], longest)

    units = prep.units
    asked_utts = {u.turn for u in prep.units_of("manager") if _asks_name(u)}
    for u in units:
        toks = u.tokens
        for i, t in enumerate(toks):
            prev2 = " ".join(x.low for x in toks[max(0, i - 2) : i])
            if u.speaker == "client" and _hyphen_intro(t.text, prev2):
                add(_nominative(t.text.split("-")[0]), 0.95, u)  # "меня зовут Елены-Сергиевна": ASR glued the two
                continue
            if not is_name(t.text) and not _name_with_patronymic(toks, i):
                continue
            if u.speaker == "client" or not prep.roles_known:
                # also "меня Алина зовут", not "у меня Алина работает"
                if re.search(r"(?:меня зовут|я|это|зовут|имя)$|^(?:(?!у |для |от |с |к |без )\S+ )?меня$", prev2):
                    add(_name_at(u, i), 0.95, u)
                elif (u.turn - 1) in asked_utts and i <= 2:
                    add(_name_at(u, i), 0.9, u)
                else:
                    # a lower-case word inside a sentence is seldom a name ("в цветах": Цвета)
                    add(_name_at(u, i), 0.4 if t.text[:1].isupper() or i == 0 else 0.3, u)
            elif u.speaker == "manager":
                if _intro_at(toks, i) or u.turn in asking_who or _answers_the_phone(prep, u, i):
                    continue  # the manager's own name
                # addressing the client is a vocative ("Ольга, ...", "..., Ольга?"); a name inside
                # a sentence is more often someone else ("наш юрист Ольга"); the client said it
                # too (one of them perhaps garbled by ASR): both speakers agree on it
                name = _name_at(u, i)
                vocative = _vocative(u, i)
                agreed = vocative and (_client_said(name, prep) or (i == 0 and _answers_intro(u, prep)))
                add(name, 0.92 if agreed else 0.7 if vocative else 0.35, u)
    if prep.roles_known:
        for u in prep.units_of("manager"):
            merged = _merged_name(u.tokens[0].text) if u.tokens and _vocative(u, 0) else ""
            if merged and merged.lower() not in own and _client_said(merged, prep):
                add(merged, 0.9, u)  # "кириллту, для чего …": the name ASR ran into the next word
        for u in prep.units_of("client"):
            if not _has_inner_capital(u.text):
                continue
            for typ, s, e in entities.spans(u.text):
                if typ == "PER":
                    first = u.text[s:e].split()[0]
                    if is_name(first):
                        add(_nominative(first), 0.6, u)
    if not cands:
        return FieldValue(spec.key, None, 0)
    score, u, name = max(cands.values(), key=lambda v: v[0])
    fuller = [n for _, _, n in cands.values() if name.split()[0].lower() in n.lower().split()[1:]]
    name = fuller[0] if fuller else name  # the manager's "Дарья, …" to "Кузнецова Дарья"
    first = name.split()[0].lower()
    whole = [
        n
        for sc, _, n in cands.values()
        if sc >= 0.7 and 0 < len(n.split()[0]) - len(first) <= 2 and n.split()[0].lower().endswith(first)
    ]
    name = whole[0] if whole else name  # ASR's "Меня, Рина Викторовна зовут" said back as "Ирина Викторовна"
    if score < 0.4:
        return FieldValue(spec.key, None, 0)  # only someone the manager mentioned in passing
    return _fv(spec, _full_before_patronymic(name, u), int(score * 100), u)


_CHILD_WORDS = frozenset(
    {"ребенок", "ребёнок", "сын", "дочь", "дочка", "малыш", "внук", "внучка", "сынок", "дети", "сыночек"}
    | {"доченька", "малышка", "мальчик", "девочка"}
)  # not "ученик": "ФИО ученика" of a driving school is the caller


def _self_named(prep: Prepared) -> set[str]:
    """The names the client gives as their own: "меня Светлана зовут", "это Марина", "я Оля"."""
    out: set[str] = set()
    for u in prep.units_of("client"):
        for i, t in enumerate(u.tokens):
            before = " ".join(x.low for x in u.tokens[max(0, i - 2) : i])
            after = u.tokens[i + 1].low if i + 1 < len(u.tokens) else ""
            if is_name(t.text) and (
                re.search(r"(?:зовут|\bя|\bэто)$", before) or (before.endswith("меня") and after == "зовут")
            ):
                out |= {t.low, t.lemma}
    return out


_CHILD_ASKED = re.compile(r"\bкак (?:\w+ )?зовут\b|\bимя\b|\bкак (?:\w+ )?звать\b")


def _child_words(u: Unit) -> bool:
    return bool(u.lemma_set & _CHILD_WORDS or {t.low for t in u.tokens} & {"его", "ее", "её", "ей", "ему"})


def child_name(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "Имя ребёнка": the name said in answer to the manager's question about the child ("как зовут
    малыша?"), or next to a child word ("сын Артём", "у меня дочка, Соня"); not the caller's own
    name nor the manager's; two children said together ("Маша и Петя") are both the answer."""
    skip = manager_names(prep) | _self_named(prep)
    asked = {u.turn for u in prep.units_of("manager") if _CHILD_ASKED.search(u.norm) and _child_words(u)}
    best: tuple[float, list[str], Unit | None] = (0.0, [], None)
    for u in prep.units_of("client") if prep.roles_known else prep.units:
        toks = u.tokens
        found: list[str] = []
        score = 0.0
        for i, t in enumerate(toks):
            # ASR writes names in lower case: then the word's first reading must be a name ("соня", not "вера")
            if not is_name(t.text) or t.lemma in skip or t.low in skip:
                continue
            if not t.text[:1].isupper() and "Name" not in str(morph().parse(t.low)[0].tag):
                continue
            near = {x.lemma for x in toks[max(0, i - 3) : i + 3]} & _CHILD_WORDS
            s = 0.9 if (u.turn - 1) in asked and i <= 3 else 0.8 if near else 0.0
            if s:
                name = _nominative(t.text)
                name = name[:1].upper() + name[1:]
                if name not in found:
                    found.append(name)
                score = max(score, s)
        if score > best[0]:
            best = (score, found, u)
    score, names, where = best
    if not names or where is None:
        return FieldValue(spec.key, None, 0)
    return _fv(spec, " и ".join(names[:2]) if len(names) > 1 else names[0], int(score * 100), where)


def manager_name(spec: FieldSpec, prep: Prepared) -> FieldValue:
    own = manager_names(prep)
    for u in prep.units_of("manager"):
        for t in u.tokens:
            if t.lemma in own:
                return _fv(spec, _nominative(t.text), 85, u)
    return FieldValue(spec.key, None, 0)


# --- money -------------------------------------------------------------------------------------

_NUM_RE = re.compile(r"\d+(?:[.,]\d+)?")


_INVERTED_RX = re.compile(
    r"\b(тысяч|тысячи|тыщ|миллиона|миллионов|лимона|лямов),?\s+(?:и\s+)?(до\s+|где-то\s+|около\s+)?(\d{1,3}(?:[.,]\d)?)"
    r"(?:(\s*[-–—]\s*|\s+или\s+|\s+до\s+|,?\s+(?=\d{1,2}\b))(\d{1,3}(?:[.,]\d)?))?(?![\d.,]*\d)"
)


def _inverted(m: re.Match[str]) -> str:
    """ "тысяч 40 — 45" -> "40000 — 45000": an approximate amount with its scale said first (ASR may
    drop the dash: "миллионов и 6 7")."""
    scale = 1000 if m.group(1) in {"тысяч", "тысячи", "тыщ"} else 1_000_000

    def val(s: str) -> str:
        return str(round(float(s.replace(",", ".")) * scale))

    out = (m.group(2) or "") + val(m.group(3))
    if (
        m.group(5)
        and not m.group(4).strip(" ,")
        and float(m.group(5).replace(",", ".")) <= float(m.group(3).replace(",", "."))
    ):
        return out + m.group(4) + m.group(5)  # "тысяч 20 5": not a range
    if m.group(5):
        out += (m.group(4) if m.group(4).strip(" ,") else "-") + val(m.group(5))  # "миллионов, 18, 20"
    return out


def parse_amounts(norm: str, minimum: float = 100_000) -> list[float]:
    """Money-sized amounts in number-normalised text; "от 5 до 7000000" -> [5e6, 7e6]."""
    text = re.sub(r"\b(1000000|1000)\s+(\d{1,3})\b", lambda m: str(int(m.group(2)) * int(m.group(1))), norm)
    text = _INVERTED_RX.sub(_inverted, text)  # "тысяч 7-8", "тысяч до 5": the scale said first
    # "4000000 и 800000" (ASR: "четыре миллиона и восемьсот тысяч") is one amount
    text = re.sub(
        r"\b(\d+000000)\s*(?:,|и)?\s+(?:и\s+)?(\d{1,3}000)\b",
        lambda m: str(int(m.group(1)) + int(m.group(2))),
        text,
    )
    nums = [(m.start(), float(m.group(0).replace(",", "."))) for m in _NUM_RE.finditer(text)]
    out: list[float] = []
    for k, (pos, val) in enumerate(nums):
        if val >= minimum:
            out.append(val)
            continue
        # "от 5 до 7000000": a small number right before a big one shares its scale
        if k + 1 < len(nums) and nums[k + 1][1] >= minimum and 0 < val < 1000:
            gap = text[pos : nums[k + 1][0]]
            if len(gap) <= 12 and re.search(r"\b(?:до|-|–|или)\b|-|–", gap):
                scale = 1_000_000 if nums[k + 1][1] >= 1_000_000 else 1000
                out.append(val * scale)
    return out


_BARE_RX = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d)?)(?: (\d)00)?(?![\d.,]*\d)")


def _scale_of(spec: FieldSpec, prep: Prepared, u: Unit) -> float:
    """The unit the client leaves out: millions when the call speaks of millions, thousands when
    of thousands or of a monthly sum."""
    if u.lemma_set & {"миллион", "млн", "лям"}:
        return 1_000_000
    if u.lemma_set & {"тысяча", "тыс", "тысяч"}:
        return 1000
    monthly = is_monthly(spec) or "месяц" in u.lemma_set
    said = [a for x in prep.units for a in parse_amounts(x.norm, 10_000)]
    words = set().union(*(x.lemma_set for x in prep.units))
    # hundreds of thousands said elsewhere (a down payment «тысяч пятьсот»): a bare «до трёх» is millions
    if not monthly and (any(a >= 200_000 for a in said) or words & {"миллион", "млн", "лям"}):
        return 1_000_000
    return 1000 if monthly or said or "тысяча" in words else 1_000_000


_PERCENT_RX = re.compile(r"\bпроцент\w*\s+\d+(?:[.,]\d+)?(?:\s+\d+)?|\d+(?:[.,]\d+)?\s*(?:%|процент\w*)")


# a bare number after a counted noun is a count: "соток десять", "метров шестьдесят", "лет пять"
_NOT_MONEY_BEFORE = re.compile(
    r"\b(?:сот(?:ок|ки|ка)|метр\w*|квадрат\w*|комнат\w*|человек|лет|год\w*|дн\w*|месяц\w*|недел\w*|минут\w*"
    r"|час\w*|км|километр\w*|этаж\w*|раз|штук\w*)\s*$"
)


def _bare_amounts(norm: str, scale: float) -> list[float]:
    """Amounts said without their unit, in the utterance answering the budget question: "два
    с половиной, край — два семьсот" -> 2.5 and 2.7 (x scale)."""
    out: list[float] = []
    norm = _PERCENT_RX.sub(" ", norm)  # "процентов двадцать пять потянем": a share, never an amount
    norm = re.sub(r"(?<![\d.,])(\d) и (\d)(?![\d.,]*\d)", r"\1,\2", norm)  # "шесть и восемь": 6.8
    for m in _BARE_RX.finditer(norm):
        if _NOT_MONEY_AFTER.match(norm[m.end() :]) or _NOT_MONEY_BEFORE.search(norm[: m.start()]):
            continue  # "до 6 вечера", "120 метров", "соток десять"
        val = float(m.group(1).replace(",", ".")) + (int(m.group(2)) / 10 if m.group(2) else 0)
        if 0 < val < 1000:
            # "сто пятьдесят, не больше" is thousands, never 150 million
            out.append(val * (1000 if scale >= 1_000_000 and val >= 100 else scale))
    return out


def _in_millions(spec: FieldSpec, prep: Prepared, u: Unit, amounts: list[float]) -> list[float]:
    """Thousands said for millions in a call about millions: "9200" (ASR for «девять двести») is
    9.2 million; kept as they are when the call speaks of thousands or of a monthly sum."""
    if _scale_of(spec, prep, u) < 1_000_000 or re.search(r"тыс|тыщ|месяц", u.text.lower()):
        return amounts
    return [a * 1000 if 1000 <= a < 100_000 else a for a in amounts]


def _bare_cue(u: Unit) -> bool:
    """The client speaks of their money: a budget word, a limit ("максимум", "больше никак"), or
    what they pay a month ("платим где-то сто шестьдесят в месяц")."""
    if u.lemma_set & _BARE_CUES or re.search(r"\bбольше (?:никак|не потян)|\bмакс", u.norm) or _FINAL_RX.search(u.norm):
        return True
    if u.speaker == "client" and _TOTAL_RX.search(u.norm):
        return True  # "по семь с половиной за штуку, и того, 15": the total the client names
    return "платить" in u.lemma_set and "месяц" in u.lemma_set


def _corrected(spec: FieldSpec, prep: Prepared, u: Unit, amounts: list[float]) -> list[float]:
    """The sum after the client's correction ("миллионов десять. Хотя нет, давайте до девяти" -> 9
    million; "выйдет миллиона четыре… в общем, до семи" -> 7 million): the first amount said after
    the last correction word (two when that is a range)."""
    marks = list(_CORRECTION_RX.finditer(u.norm)) if u.speaker == "client" else []
    if not marks:
        return amounts
    tail = u.norm[marks[-1].end() :]
    got = parse_amounts(tail, 1000) or (_bare_amounts(tail, _scale_of(spec, prep, u)) if amounts else [])
    if not got:
        return amounts
    ranged = re.search(r"\bот \d+(?:[.,]\d+)? до \d|\d\s*[-–—]\s*\d", _INVERTED_RX.sub(_inverted, tail))
    return got[:2] if ranged else got[:1]


_PART_WORDS = frozenset({"взнос", "пв", "аванс", "предоплата", "залог", "депозит", "первоначалка"})
_PART_RX = re.compile(r"\b(?:взнос\w*|пв|аванс\w*|предоплат\w*|залог\w*|депозит\w*|первоначалк\w*|первоначальн\w*)\b")


def part_payment(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """A named part of the money ("первый взнос два миллиона", "ПВ миллион двести", "аванс
    тридцать тысяч"): the amount said after the word, or the client's answer to a question on it;
    the client's words first."""
    asked = {u.turn for u in prep.units_of("manager") if u.question and _PART_RX.search(u.norm)}
    order = [*prep.units_of("client"), *prep.units_of("manager")] if prep.roles_known else prep.units
    for u in order:
        m = _PART_RX.search(u.norm)
        tail = u.norm[m.end() :] if m else (u.norm if (u.turn - 1) in asked and u.speaker == "client" else "")
        got = parse_amounts(tail[:60], 1000) if tail else []
        if not got and tail and (u.turn - 1) in asked:
            got = _bare_amounts(tail[:40], _scale_of(spec, prep, u))
        if got:
            value: float | str = got[0] if spec.type == "number" else _fmt_money(got[0])
            return _fv(spec, value, 70 if u.speaker == "client" else 60, u)
    return FieldValue(spec.key, None, 0)


def _fmt_money(v: float) -> str:
    if v >= 1_000_000:
        s = f"{v / 1_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{s} млн"
    return f"{round(v / 1000)} тыс"


_PRICE_WORDS = frozenset({"стоимость", "цена", "стоить"})
_PRICE_ASKED = re.compile(r"\bсколько стоит|\bстоит сколько\b|\bстоимость\b|\bцена\b|\bза сколько\b|\bпо цене\b")


def _price_asked(u: Unit) -> bool:
    return bool(u.lemma_set & {"стоимость", "цена"} or _PRICE_ASKED.search(u.norm))


def _asked(u: Unit) -> bool:
    """A question, also without its "?" (ASR): "а какая у квартиры стоимость"."""
    return u.question or bool(u.lemma_set & {"какой", "сколько", "знать"})  # "стоимость знаете"


def _budget_questions(spec: FieldSpec, prep: Prepared) -> set[int]:
    """Turns where the manager asks for the budget; for "Стоимость квартиры / бюджет покупки" also
    where they ask what the object costs ("А квартира какая, сколько стоит?")."""
    price_is_budget = bool(set(lemmas(_described(spec))) & _PRICE_WORDS)
    return {
        u.turn
        for u in prep.units_of("manager")
        if u.lemma_set & BY_KEY["budget"].lemmas
        or _BUDGET_HEARD_RX.search(u.norm)
        or _has_phrase(u.lemma_list, ("какой", "бюджет"))
        or (u.question and any(p.search(u.norm) for p in BY_KEY["budget"].patterns))  # "сколько платите?"
        or (price_is_budget and _price_asked(u) and not _PART_RX.search(u.norm) and _asked(u))
    }


_FINAL_RX = re.compile(
    r"\bкра[йя]\b|\bбольше (?:вообще |уже )?(?:никак|не (?:потян|осил))|\bдотян|"
    + _NOT_MORE_THAN
    + r"|\bбольше (?:ни|не) (?:копейки|рубля)\b"  # "и больше ни копейки" (ASR: "не копейки")
)
_FITS = frozenset({"укладываться", "уложиться", "вписываться", "вписаться"})


def _accepted(prep: Prepared, u: Unit) -> bool:
    """The client's next words take the manager's figure as theirs ("в эту вилку и укладываемся")."""
    return any(x.turn == u.turn + 1 and x.lemma_set & _FITS for x in prep.units_of("client"))


_CONFIRM_RX = re.compile(r"^(?:ну,? )?(?:да|ага|угу|верно|всё так|все так|так же|именно)\b")


def _read_back(prep: Prepared, u: Unit) -> bool:
    """The manager reads the client's budget back ("и бюджет — до одиннадцати, всё так же?") and the
    client's reply opens with a yes ("да, так же")."""
    if u.speaker != "manager" or "бюджет" not in u.lemma_set or not re.search(r"\bдо \d", u.norm):
        return False
    reply = [x for x in prep.units_of("client") if x.turn == u.turn + 1]
    return bool(reply) and bool(_CONFIRM_RX.match(reply[0].norm))


# the manager reads the client's sum back: "в ваши четыреста вы укладываетесь" (ASR: «вылокладывайтесь»)
_YOUR_SUM_RX = re.compile(r"\bв ваш\w*\s+\d{1,3}(?:[.,]\d)?(?![\d.,]*\d)(?=.*(?:клад|писыва|влез))")


def _limit_next(prep: Prepared, u: Unit) -> bool:
    """The limit word in the speaker's next short segment ("… в 6500." | "Это прям край."): ASR cut
    the sentence in two."""
    nxt = prep.units[u.index + 1] if u.index + 1 < len(prep.units) else None
    return bool(
        nxt is not None
        and nxt.speaker == u.speaker
        and len(nxt.norm.split()) <= 4
        and not re.search(r"\d", nxt.norm)
        and _FINAL_RX.search(nxt.norm)
    )


def _norm_with_lead(u: Unit) -> str:
    """The unit's text with a number's first digits cut off into the segment before ("… для себя 6"
    | ",5 миллиона"): "6,5 миллиона"."""
    lead = re.search(r"(\d+)$", u.lead_norm)
    if lead and re.match(r"\s*[.,]\d", u.text):
        return normalize_numbers(lead.group(1) + u.text.strip()).lower().replace("ё", "е")
    return u.norm


def _amounts_of(spec: FieldSpec, prep: Prepared, u: Unit, answer: bool, not_budget: frozenset[str]) -> list[float]:
    """The sums a unit names, read as budget: ``answer`` when it answers the budget question (or
    names the client's limit), then bare numbers count too."""
    nxt = prep.units[u.index + 1] if u.index + 1 < len(prep.units) else None
    if nxt is not None and nxt.speaker == u.speaker and _norm_with_lead(nxt) != nxt.norm:
        return []  # "… для себя 6" | ",5 миллиона": the number is read in the next segment
    norm = _norm_with_lead(u)
    amounts = parse_amounts(norm)
    if not amounts and (answer or "бюджет" in u.lemma_set):
        amounts = parse_amounts(norm, 1000)  # rent, a service: "до сорока тысяч в месяц"
    if not amounts and u.speaker == "client" and _LIMIT_RX.search(norm):
        amounts = parse_amounts(norm, 1000)  # "до пятнадцати тысяч в месяц вписываемся"
    if amounts and u.speaker == "client" and max(amounts) < 100_000 and answer:
        amounts = _in_millions(spec, prep, u, amounts)  # ASR's "6500" for «шесть пятьсот» (миллионов)
    if not amounts and u.speaker == "client" and _CEILING_RX.search(norm):
        amounts = _bare_amounts(norm, _scale_of(spec, prep, u))  # "ну максимум пятьсот": its own bound first
    if not amounts and answer and u.speaker == "client":
        utt = " ".join(x.norm for x in prep.utterance_units(u.utt))  # "2,5. Край — 2 700."
        scale = _scale_of(spec, prep, u)  # "два с половиной"; the sentence's own number before its neighbours'
        amounts = _bare_amounts(norm, scale) or parse_amounts(utt, 1000) or _bare_amounts(utt, scale)
    if not amounts and u.speaker == "client" and (_bare_cue(u) or "стоить" in u.lemma_set - not_budget):
        amounts = _bare_amounts(norm, _scale_of(spec, prep, u))  # "до шести максимум", "платим сто шестьдесят"
    if not amounts and u.speaker == "manager" and (m := _YOUR_SUM_RX.search(u.pattern_text)):
        amounts = _bare_amounts(m.group(0), _scale_of(spec, prep, u))  # "в ваши четыреста укладываетесь"
    if not amounts and _read_back(prep, u):
        amounts = _bare_amounts(
            norm[max(0, norm.find("бюджет")) :], _scale_of(spec, prep, u)
        )  # "бюджет до 11, так же?"
    if len(amounts) == 1 and u.speaker == "client":
        amounts = _with_upper(norm, amounts[0])
    return _corrected(spec, prep, u, amounts)


_SCALED_RX = re.compile(
    r"(?:\b(?:тысяч\w*|тыщ\w*|тыс|миллион\w*|млн|лям\w*|лимон\w*)\s+(\d{1,3}(?:[.,]\d+)?)(?![\d.,]*\d))"
    r"|(?:(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:тысяч\w*|тыщ\w*|тыс\b|миллион\w*|млн|лям\w*|лимон\w*))"
)


# what may stand between a sum and its upper end: "в месяц, может,", "максимум", "край", "ну", "а то и"
_UPPER_GAP = frozenset(
    {"в", "месяц", "год", "ну", "может", "быть", "максимум", "край", "крайний", "случай", "а", "то", "и", "или", "до"}
)


def _with_upper(norm: str, amount: float) -> list[float]:
    """ "миллиона четыре, максимум четыре с половиной", "тысяч десять, край двенадцать", "тыщ пятнадцать
    в месяц, может, двадцать": a bare number after the amount, a little larger, is its upper end at
    the same scale."""
    for m in _SCALED_RX.finditer(norm):
        base = float((m.group(1) or m.group(2)).replace(",", "."))
        scale = round(amount / base) if base else 0
        if scale not in (1000, 1_000_000) or abs(amount / base - scale) > 1e-6:
            continue  # another number of the sentence, not the amount read
        for b in _BARE_RX.finditer(norm, m.end()):
            if _NOT_MONEY_AFTER.match(norm[b.end() :]) or _NOT_MONEY_BEFORE.search(norm[: b.start()]):
                continue
            top = float(b.group(1).replace(",", ".")) + (int(b.group(2)) / 10 if b.group(2) else 0)
            between = set(re.findall(r"[а-яё]+", norm[m.end() : b.start()]))
            if base < top <= 2 * base and between <= _UPPER_GAP and not _SCALED_RX.match(norm, b.start()):
                return [amount, top * scale]  # not "бюджет был тыщ сто пятьдесят, а выходит почти триста"
    return [amount]


_ONE_OFF = frozenset({"разово", "разовый", "единоразово", "единоразовый", "сразу"})
_CEILING_RX = re.compile(r"\bмаксимум\b|\bпотол[оке]\w*|\bпредел\b")


def _floor_before(spec: FieldSpec, prep: Prepared, u: Unit, ceiling: float, not_budget: frozenset[str]) -> list[float]:
    """The lower end the client said just before their upper bound in the same turn ("тысяч четыреста…
    ну максимум пятьсот" is 400–500 thousand): one smaller amount, at least half the bound."""
    for x in reversed(prep.units[: u.index]):
        if x.speaker != u.speaker or x.turn != u.turn:
            break
        got = _amounts_of(spec, prep, x, True, not_budget)
        if got:
            return [got[0]] if len(got) == 1 and ceiling / 2 <= got[0] < ceiling else []
    return []


_MONTHLY_WORDS = frozenset({"месяц", "ежемесячный", "ежемесячно", "помесячный", "помесячно"})
# what is paid for, month by month: "счёт", "платёж", "за свет", "коммуналка"
_BILL_WORDS = frozenset({"счёт", "счет", "платёж", "платеж", "плата", "оплата", "рубль", "руб", "тратить", "платить"})
_RECURRING_RX = re.compile(
    r"\bв мес|\bза месяц|\bежемесячн|\bпомесячн|\bза (?:свет|электричеств\w*|газ|отоплени\w*|коммуналк\w*|воду)\b"
)


def is_monthly(spec: FieldSpec) -> bool:
    """A sum per month ("Бюджет в месяц", "Ежемесячный счёт за электричество")."""
    return bool(set(lemmas(_described(spec))) & _MONTHLY_WORDS)


def _recurring(prep: Prepared, u: Unit) -> bool:
    """A sum said per month or for a utility ("тысяч шесть-семь" answering "сколько платите за свет
    в месяц?"): what the client pays now, in its words or in the manager's question it answers."""
    if _RECURRING_RX.search(u.norm):
        return True
    if u.lemma_set & _ONE_OFF:
        return False  # "а если покупать — до двухсот тысяч разово", whatever was asked
    asked = [x for x in prep.units_of("manager") if x.turn == u.turn - 1] if u.speaker == "client" else []
    how_much = any(x.question or "сколько" in x.lemma_set for x in asked)  # not a price quoted "… в месяц."
    return how_much and any(_RECURRING_RX.search(x.norm) for x in asked)


def budget(spec: FieldSpec, prep: Prepared, monthly_column: bool = False) -> FieldValue:
    """The client's sum. ``monthly_column``: the table splits the money into a column for the sum per
    month (a bill, a payment) and one for the one-off sum (the purchase): the monthly column takes only
    sums said per month, the other none of them."""
    budget_q = _budget_questions(spec, prep)
    price_is_budget = bool(set(lemmas(_described(spec))) & _PRICE_WORDS)
    not_budget = _NOT_BUDGET - _PRICE_WORDS if price_is_budget else _NOT_BUDGET
    budget_words = _BUDGET_WORDS | _PRICE_WORDS if price_is_budget else _BUDGET_WORDS
    best: tuple[float, list[float], Unit] | None = None
    monthly = is_monthly(spec)
    for u in prep.units:
        if monthly_column and not monthly and _recurring(prep, u):
            continue  # "за свет тысяч семь в месяц": the bill's column, not the budget for the purchase
        final = u.speaker == "client" and bool(
            _FINAL_RX.search(u.norm) or _limit_next(prep, u) or (u.lemma_set & _FITS and re.search(r"\bдо \d", u.norm))
        )  # "у нас на всё до пятнадцати тысяч, укладываемся": the client's firm limit
        recurring = monthly and _recurring(prep, u)  # "платим тысяч пять, шесть" after "сколько в месяц?"
        if monthly_column and monthly and not recurring:
            continue  # the budget column's one-off sum ("бюджет где-то миллион"), not the bill
        amounts = _amounts_of(spec, prep, u, (u.turn - 1) in budget_q or final or recurring, not_budget)
        if not amounts:
            continue
        score = 0.0
        if u.speaker == "client" or not prep.roles_known:
            score += 2
        if u.lemma_set & budget_words or (u.speaker == "client" and _TOTAL_RX.search(u.norm)):
            score += 2  # "а всего — миллионов шесть-семь": the total the client means
        if "бюджет" in u.lemma_set:
            score += 1
        if (u.turn - 1) in budget_q:
            score += 3
        if final:
            score += 8  # "шесть пятьсот — это край, больше не потянем": the limit, also said late in the call
        elif u.speaker == "client" and _CEILING_RX.search(u.norm):
            score += 2  # "максимум семьсот", "это прям потолок": the client's upper bound
        reads_back = _read_back(prep, u) or bool(_YOUR_SUM_RX.search(u.pattern_text))
        if u.speaker == "manager" and (_accepted(prep, u) or reads_back):
            score += 3  # "Это миллионов восемнадцать-двадцать." — "В эту вилку и укладываемся."
        if u.speaker == "manager" and _RECAP_RX.search(u.norm) and re.search(r"\bдо \d", u.norm):
            score += 1  # "Напомню: студия до пяти миллионов": the manager reads back the client's limit
        if (u.speaker == "client" or not prep.roles_known) and re.search(
            r"\bдо \d|\bот \d+ до \d|\d\s*[-–]\s*\d|\bне (?:больше|более|дороже)\b|\bв пределах\b", u.norm
        ):
            score += 1  # "до трёх миллионов", "2-2,5 млн", "в пределах": the client's limit
        if recurring:
            score += 2  # "тыщ пятнадцать в месяц" for "Сколько готов тратить в месяц"
        elif monthly and u.lemma_set & _ONE_OFF:
            score -= 3  # "до двухсот тысяч разово": the purchase, not the monthly sum
        if u.lemma_set & not_budget and not (u.speaker == "client" and _CORRECTION_RX.search(u.norm)):
            score -= 3
        elif u.lemma_set & _MAYBE_BUDGET:
            score -= 1
        if best is None or score > best[0]:
            best = (score, amounts, u)
    if best is None or best[0] < 3:
        return FieldValue(spec.key, None, 0)
    score, amounts, u = best
    amounts = sorted(set(amounts))
    said = _INVERTED_RX.sub(_inverted, u.norm)  # "миллионов и 6 7" reads "6000000-7000000"
    ranged = len(amounts) == 2 and len(_with_upper(u.norm, amounts[0])) == 2  # "тысяч десять, край двенадцать"
    if len(amounts) > 1 and not ranged and not re.search(r"\bот\b.*\bдо\b|\d\s*[-–—]\s*\d|\bили\b|\bдо\b", said):
        amounts = amounts[-1:]  # not a range: several amounts said, the largest is the budget
    if len(amounts) == 1 and u.speaker == "client" and _CEILING_RX.search(u.norm):
        amounts = _floor_before(spec, prep, u, amounts[0], not_budget) + amounts
    if spec.type == "number":
        return _fv(spec, float(amounts[-1]), 80, u)
    if len(amounts) >= 2:
        lo, hi = amounts[0], amounts[-1]
        if lo >= 1_000_000 and hi >= 1_000_000:
            text = f"{_fmt_money(lo).replace(' млн', '')}–{_fmt_money(hi)} руб"
        else:
            text = f"{_fmt_money(lo)}–{_fmt_money(hi)} руб"
    else:
        text = f"{_fmt_money(amounts[0])} руб"
    return _fv(spec, text, int(min(95, 50 + 8 * score)), u)


def price_or_budget(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "Стоимость: цена, которую назвал администратор, а если не называл — бюджет клиента": the
    price the staff quoted (the total, a range), else the client's own sum."""
    fv = price_quoted(spec, prep)
    if fv.value is not None or not set(lemmas(spec.description)) & _CLIENT_MONEY - {"клиент"}:
        return fv
    return budget(spec, prep)


# --- places ------------------------------------------------------------------------------------


def _nomn_phrase(words: list[str], gender_from: str | None = None) -> str:
    out = []
    m = morph()
    gender = None
    if gender_from:
        p = m.parse(gender_from.lower())[0]
        gender = p.tag.gender
    for w in words:
        ps = m.parse(w.lower())
        p = ps[0]
        if "ADJF" in p.tag:
            want = {"nomn", "sing"} | ({gender} if gender else set())
            infl = p.inflect(want)
            word = infl.word if infl else p.normal_form
        elif "NOUN" in p.tag and "Fixd" not in p.tag:
            geo = [x for x in ps if "Geox" in x.tag or "Name" in x.tag or "Surn" in x.tag]
            q = geo[0] if geo else p
            if q.tag.case in {"gent"} and w[:1].isupper():
                word = w  # "улица Гагарина": the genitive stays
            else:
                word = q.normal_form if q.tag.case != "gent" else w.lower()
        else:
            word = w.lower()
        out.append(word)
    return " ".join(out)


def _title(s: str) -> str:
    parts = s.split()
    return " ".join(p[:1].upper() + p[1:] if i == 0 or p not in _PLACE_NOUNS else p for i, p in enumerate(parts))


def _has_inner_capital(text: str) -> bool:
    return bool(re.search(r"[^.!?…\s]\s+[«\"]?[А-ЯЁA-Z]", text))


def _proper(word: str) -> bool:
    """A place's own name: capitalised, or (ASR lower case) a geographic / out-of-dictionary word."""
    if not word[:1].isalpha():
        return False
    if word[:1].isupper():
        return True
    return is_geo(word) or not is_known(word)


def _district_adjective(u: Unit, i: int) -> bool:
    """A capitalised adjective standing alone (no noun after it) that is a known district's name,
    or said in a sentence about a district ("район")."""
    toks = u.tokens
    t = toks[i]
    if not t.text[:1].isupper() or len(t.text) < 6 or not any("ADJF" in tg for _, tg, _ in tags(t.text)):
        return False  # ("Невский" parses first as a surname)
    if i + 1 < len(toks) and "NOUN" in tags(toks[i + 1].text)[0][1]:
        return False  # "Московский проспект", "Северный вокзал"
    if i == 0:  # "Приморский, там у метро": a known district's very name opening the answer
        return t.text in _KNOWN_DISTRICTS and len(toks) > 1
    return snap_district(t.text[:1].upper() + t.low[1:], True) is not None or "район" in u.lemma_set


_KNOWN_DISTRICTS = frozenset(DISTRICTS)


def _lower_district(toks: list[Token], i: int) -> bool:
    """ "в промышленном" (ASR writes names in lower case): an adjective after «в» whose dictionary
    form is a known district's name, with no noun after it."""
    t = toks[i]
    if i == 0 or toks[i - 1].low not in {"в", "во"} or not t.text.islower() or len(t.text) < 6:
        return False
    if i + 1 < len(toks) and "NOUN" in tags(toks[i + 1].text)[0][1]:
        return False  # "в октябрьском районе", "в центральном парке"
    return t.lemma[:1].upper() + t.lemma[1:] in _KNOWN_DISTRICTS


def _hyphen_district(lemma: str) -> str:
    """A known district's name that ASR wrote as two hyphenated halves, or ""."""
    parts = lemma.split("-")
    if len(parts) != 2 or not all(p.isalpha() and len(p) >= 3 for p in parts):
        return ""
    joined = "".join(parts)
    if not re.search(r"(?:ский|цкий|ный|ской|ый|ий)$", joined):
        return ""
    name = snap_district(joined, real_word=True) or ""
    return name if abs(len(name) - len(joined)) <= 2 else ""  # not one half alone ("северо-западный")


def _glued_locality(low: str) -> str:
    """A known locality with a preposition glued on by ASR ("улюберцах", "нахимки"); "" otherwise."""
    m = re.match(r"(?:в|во|у|на|с|со|из|под)(\w{5,})$", low)
    if not m or is_known(low):
        return ""
    return snap_locality(_nomn_phrase([m.group(1)]), exact=True) or ""


_STREET_NOUNS = frozenset(
    {"улица", "проспект", "остров", "набережная", "шоссе", "бульвар", "переулок", "тракт", "проезд", "аллея"}
)


# «какой район», «тихий район»: adjectives before «район» that name no district
_NOT_DISTRICT_ADJ = frozenset(
    {"какой", "который", "этот", "тот", "другой", "свой", "наш", "ваш", "любой", "хороший", "тихий", "зеленый"}
)


def _place_candidates(u: Unit) -> list[tuple[str, float]]:
    toks = u.tokens
    out: list[tuple[str, float]] = []
    for i, t in enumerate(toks):
        lem = t.lemma
        if lem in {"район", "микрорайон", "округ"}:
            if (
                i > 0
                and "ADJF" in tags(toks[i - 1].text)[0][1]
                and toks[i - 1].lemma not in _NOT_DISTRICT_ADJ
            ):
                out.append((_nomn_phrase([toks[i - 1].text], lem) + " " + lem, 3.0))
            elif i + 1 < len(toks) and _proper(toks[i + 1].text):
                out.append((toks[i + 1].text, 2.5))
        elif lem in {"филиал", "отделение"} and i + 2 < len(toks) and toks[i + 1].low in {"на", "в", "во"}:
            # "в филиале на Республики", "филиал в Заречном": the branch by its street or district
            nxt = toks[i + 2].text
            if nxt[:1].isupper() and nxt.isalpha() and not is_name(nxt):
                out.append((nxt if toks[i + 1].low == "на" else _nomn_phrase([nxt]), 2.5))
        elif lem in _STREET_NOUNS:
            if i > 0 and "ADJF" in tags(toks[i - 1].text)[0][1] and toks[i - 1].lemma not in {"какой", "этот", "тот"}:
                out.append((_nomn_phrase([toks[i - 1].text], lem) + " " + lem, 2.0))
            elif i + 1 < len(toks) and _proper(toks[i + 1].text):
                out.append((lem + " " + toks[i + 1].text, 2.0))
        elif (
            i > 0
            and toks[i - 1].low in {"в", "во"}
            and t.text[:1].isupper()
            and "ADJF" in tags(t.text)[0][1]
            and (i + 1 >= len(toks) or "NOUN" not in tags(toks[i + 1].text)[0][1])
        ):
            # "В Приморском, возле метро": a district adjective on its own
            out.append((_nomn_phrase([t.text], "район") + " район", 2.0))
        elif _hyphen_district(t.lemma):
            # ASR splits a compound district name: "красно-сельский" for "Красносельский"
            out.append((_hyphen_district(t.lemma) + " район", 2.0))
        elif _district_adjective(u, i):
            # "Лучше Красносельский", "Район вам подходит — Северный?": a district named by its adjective
            out.append((_nomn_phrase([t.text], "район") + " район", 2.0))
        elif lem in {"метро", "станция"} and i + 1 < len(toks) and _proper(toks[i + 1].text):
            out.append(("метро " + toks[i + 1].text, 1.5))
        elif _lower_district(toks, i):
            # lower-case ASR text: "нам бы в промышленном", "остаться в кировском"
            out.append((lem[:1].upper() + lem[1:] + " район", 1.8))
        elif _glued_locality(t.low):
            # ASR glues the preposition on: "в улюберцах" (в Люберцах), "нахимки" (на Химки)
            out.append((_glued_locality(t.low), 2.0))
        elif (
            u.speaker != "manager"
            and i > 0
            and toks[i - 1].low in {"в", "во", "на"}
            and len(t.text) >= 4
            and t.text.isalpha()
            and not is_name(t.text)
            and not is_patronymic(t.text)
            and (is_geo(t.text) or (not is_known(t.text) and not t.text[:1].isupper() and not fuzzy_lemma(t.low)))
        ):
            # lower-case ASR text: "в девяткино", "в хамовниках" (weak: ASR also garbles words)
            out.append((_nomn_phrase([t.text]), 0.5))
        elif len(t.text) >= 5 and t.text.isalpha() and snap_locality(_nomn_phrase([t.text]), exact=True):
            # a known locality, however the ASR cased it: "в кудрово"
            out.append((snap_locality(_nomn_phrase([t.text]), exact=True) or t.text, 2.5))
        elif (
            lem == "центр"
            and i > 0
            and toks[i - 1].low in {"в", "во"}
            and not (i + 1 < len(toks) and toks[i + 1].lemma in {"продажа", "недвижимость"})
        ):
            out.append(("центр", 1.5))
    return out + _tagged_places(u)


# banks, listing sites and chain stores the tagger takes for places ("одобрение в Сбере", "видели в Икее")
_ORG_NAMES = frozenset(
    {"сбер", "сбербанк", "втб", "альфа", "тинькофф", "газпромбанк", "райффайзен", "росбанк", "совкомбанк"}
    | {"домклик", "циан", "авито", "яндекс", "икея", "леруа", "озон", "вайлдберриз", "хофф"}
)


def _tagged_places(u: Unit) -> list[tuple[str, float]]:
    """Places the natasha tagger finds (it needs capitalised names: lower-case text is skipped)."""
    out: list[tuple[str, float]] = []
    if not _has_inner_capital(u.text):
        return out
    for typ, s, e in entities.spans(u.text):
        if typ != "LOC":
            continue
        words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", u.text[s:e])
        if re.search(r"\b(?:из|от)\s*$", u.text[:s]):
            continue  # "она из Саратова переезжает": where someone comes from
        if re.search(r"\b(?:точка|собака)\s*$", u.text[:s].lower()):
            continue  # an e-mail read out: "кнопом точка Ро" (ASR for «точка ру»)
        mid_sentence = s > 0 and u.text[s - 1 : s].isspace()
        if not words or not (
            mid_sentence or any(is_geo(w) or not is_known(w) or lemmas(w)[0] in _PLACE_NOUNS for w in words)
        ):
            continue  # an ordinary word the tagger took for a place ("Двухкомнатную")
        phrase = _nomn_phrase(words, words[-1])
        if set(lemmas(phrase)) & _CITIES or phrase.lower() in _CITIES or set(lemmas(phrase)) & _ORG_NAMES:
            continue
        out.append((phrase, 1.8))
    return out


def location(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """The place the description asks for: a route, an address (else the area when it allows one),
    a named complex or a district."""
    wanted = places.facets(spec.description, spec.key)
    if "destination" in wanted:
        found = places.destination(prep)
        return _fv(spec, found[0], 70, found[1]) if found else FieldValue(spec.key, None, 0)
    if "route" in wanted:
        found = places.route(prep)
        return _fv(spec, found[0], 70, found[1]) if found else FieldValue(spec.key, None, 0)
    if "address" in wanted:
        found = places.address(prep)
        if found is not None:
            return _fv(spec, found[0], 75, found[1])
        if "area" not in wanted:
            return FieldValue(spec.key, None, 0)
    return _area(spec, prep, "complex" in wanted)


_TOWN_WORDS = frozenset({"город", "населенный", "населить", "поселок", "село", "деревня", "city"})
_LOCALITY_NOUNS = frozenset({"поселок", "посёлок", "село", "деревня", "снт", "станица", "хутор", "пгт", "днт"})


def _town_weight(spec: FieldSpec) -> float:
    """How much a town or village counts for the field: "Город офиса" asks for one (CITY_ONLY), "Адрес или
    населённый пункт" allows one, "Район / ЖК" does not (the city the whole call is in is no district)."""
    words = set(lemmas(spec.key.replace("_", " ") + " " + spec.description))
    if not words & _TOWN_WORDS:
        return 0.0
    if not words & {"город", "city"} or words & _OTHER_PLACES:
        return 2.0
    return _CITY_ONLY


_CITY_ONLY = 4.0
_OTHER_PLACES = frozenset(
    {"район", "жк", "микрорайон", "улица", "адрес", "филиал", "поселок", "направление", "шоссе", "регион", "область"}
)
_TOWN_NICKNAMES = {"питер": "Санкт-Петербург", "спб": "Санкт-Петербург", "мск": "Москва", "екб": "Екатеринбург"}
_NOT_TOWNS = frozenset({"россия", "рф", "земля", "мир", "европа", "азия"})


# a street (not an island, a district of its own): "на Красном проспекте" names no town, a city field takes none
_STREETS_ONLY = (_STREET_NOUNS - {"остров"}) | {"площадь"}
_RARE_GEO = 0.1  # a place reading less likely than this is not the word's sense (pymorphy3 scores)


def _town_at(toks: list[Token], i: int, weight: float) -> str:
    """The town a token names ("в екатеринбурге", "Питер"): after в/на/под/до, or anywhere in a field
    that asks for the city; "" otherwise."""
    t = toks[i]
    nick = _TOWN_NICKNAMES.get(t.low) or _TOWN_NICKNAMES.get(t.lemma)
    if nick:
        return nick
    if len(t.text) < 4 or not t.text.isalpha():
        return ""
    if weight < _CITY_ONLY and not (i and toks[i - 1].low in {"в", "во", "на", "под", "до"}):
        return ""
    if i and toks[i - 1].low in {"из", "от", "с", "со"}:
        return ""  # "везём из Твери": where something comes from
    if i + 1 < len(toks) and toks[i + 1].lemma in _STREETS_ONLY:
        return ""  # "на Красном проспекте": a street's name, not a town
    if not is_known(t.low) or is_name(t.text):
        return ""  # the analyser guesses «Geox» for words it does not know (ASR slips)
    parses = morph().parse(t.low)[:4]
    after = i and toks[i - 1].low in {"в", "во", "на", "под", "до"}
    geo = [p for p in (parses if after else parses[:1]) if "Geox" in p.tag and "NOUN" in p.tag]
    if not geo or {"Name", "Surn", "Patr"} & set(geo[0].tag.grammemes):
        return ""
    if geo[0].score < _RARE_GEO and not t.text[:1].isupper():
        return ""  # "на пару панелей": a common word that is also some river's name, said in lower case
    town = str(geo[0].normal_form)
    return "" if snap_country(town) or town in _NOT_TOWNS else _title(town)


def _towns(u: Unit, weight: float) -> list[tuple[str, float]]:
    """Towns and villages however the ASR cased them: "в екатеринбурге", "привезти в покровское",
    "посёлок луговой" (a settlement word and the name after it)."""
    toks = u.tokens
    out: list[tuple[str, float]] = []
    for i, t in enumerate(toks):
        if i and toks[i - 1].lemma in _LOCALITY_NOUNS and t.text.isalpha() and len(t.text) >= 4:
            if not is_name(t.text) and t.lemma not in {"который", "этот", "наш", "ваш", "свой", "где"}:
                # a word no dictionary knows may be an ASR slip: weak unless the client answers "where?"
                out.append((_title(_nomn_phrase([t.text])), min(weight, 2.5) if is_known(t.low) else 0.9))
            continue
        town = _town_at(toks, i, weight)
        if town:
            out.append((town, weight))
    return out


def _answers_with_place(prep: Prepared, u: Unit, asked_where: bool) -> bool:
    """The client's answer opens with a place adjective: "Заречный." to "какой район?", or, in any case
    (ASR writes names in lower case), the option it picks from the manager's "центр или заречный?"."""
    if not u.tokens:
        return False
    first = u.tokens[0]
    if len(first.text) < 6 or "ADJF" not in tags(first.text)[0][1]:
        return False
    if asked_where and first.text[:1].isupper():
        return True
    if asked_where and _bare_place_adjective(u):
        return True  # ASR: "заречный, у меня работа там"
    if u.index and prep.units[u.index - 1].turn == u.turn:
        return False  # only the first words of the client's turn
    offered = [x for x in prep.turn_units(u.turn - 1) if x.speaker == "manager" and x.question and "или" in x.lemma_set]
    return any(first.lemma in x.lemma_set and x.lemma_set & _CHOICE_PLACES for x in offered)


def _asks_area(prep: Prepared, u: Unit) -> bool:
    """The manager asks for the district: a question with «район», also as ASR writes it without "?"
    and with the preposition glued on ("а пырайону есть пожелание" for «а по району …»), closing
    the manager's turn."""
    if u.question and u.lemma_set & BY_KEY["district"].lemmas:
        return True
    last = u.index + 1 >= len(prep.units) or prep.units[u.index + 1].turn != u.turn
    return last and any(re.fullmatch(r"(?:по|в|на|пы|па)район\w*", t.low) for t in u.tokens)


# adjectives that say what a district should be like, not which it is ("тихий, зелёный")
_QUALITY_ADJECTIVES = frozenset(
    {"хороший", "тихий", "зеленый", "спокойный", "удобный", "любой", "недорогой", "дешевый", "чистый", "нормальный"}
)


def _bare_place_adjective(u: Unit) -> bool:
    """The answer opens with a lone adjective in the nominative ("заречный, …"): a place's name, unless
    it says what the place should be like."""
    first = u.tokens[0]
    after = u.text[first.end : first.end + 1]
    if after not in {",", ".", "!", ""} and len(u.tokens) > 1:
        return False
    parses = [p for p in morph().parse(first.low)[:1] if "ADJF" in p.tag and p.tag.case == "nomn"]
    lemma = first.lemma.replace("ё", "е")
    return bool(parses) and lemma not in _QUALITY_ADJECTIVES and lemma not in places.PLAIN_ADJECTIVES


# what a manager offers a choice of places by ("какой филиал удобнее — центр или заречный?")
_CHOICE_PLACES = frozenset({"район", "филиал", "отделение", "офис", "адрес", "микрорайон", "жк", "комплекс"})


def _area(spec: FieldSpec, prep: Prepared, complexes: bool) -> FieldValue:
    scores: dict[str, tuple[float, Unit, str]] = {}
    ask = {u.turn for u in prep.units_of("manager") if _asks_area(prep, u)}
    wh = {u.turn for u in prep.units_of("manager") if u.lemma_set & {"какой", "где", "куда"}}
    base_of: dict[str, float] = {}
    named: dict[int, list[tuple[str, float]]] = {}
    # a place named by an adjective the call comes back to ("в береговом" twice, lower case from ASR)
    towns = _town_weight(spec)
    found = places.named_complexes(prep) + places.unquoted_complexes(prep) if complexes else []
    if not complexes and towns < _CITY_ONLY:  # not in "Город офиса": a company's «Солнечный берег»
        said_in = places.unquoted_complexes(prep)  # a district said in two sentences at least ("в заречном")
        found = [f for f in said_in if len({g[2].index for g in said_in if g[0] == f[0]}) >= 2]
    lives = "жить" in lemmas(spec.description)  # "район, где живут": where the client lives IS the answer
    for name, strength, nu in found:
        named.setdefault(nu.index, []).append((name, strength))
    if set(lemmas(spec.description)) & {"шоссе", "направление", "трасса"}:
        for u in prep.units_of("client"):  # "по Дмитровке", "Новорижку смотрю": a highway by its short name
            named.setdefault(u.index, []).extend(places.highway_nicknames(u))
    listed = places.described_places(spec.description)  # «Площадка (Набережная или Лесная)»
    if listed:
        for u in prep.units:  # the listed names however the ASR spelled them («на бережное», «обережной»)
            named.setdefault(u.index, []).extend((name, 2.5) for name in places.described_in(u, listed))
    quoted = {name for found in named.values() for name, _ in found}
    said: dict[str, set[int]] = {}
    town_names: set[str] = set()
    for u in prep.units:
        own = places.own_office(u)  # the office's street is not the place the client wants
        in_town = [] if own or not towns else _towns(u, towns)
        town_names.update(name for name, _ in in_town)
        cands = [] if own else _place_candidates(u) + in_town
        if towns >= _CITY_ONLY:  # "Город, где нужны сотрудники": a street of it is no answer
            cands = [c for c in cands if not set(lemmas(c[0])) & _STREETS_ONLY]
        cands += named.get(u.index, [])
        if u.speaker == "client" and _answers_with_place(prep, u, (u.turn - 1) in ask):
            cands.append((_nomn_phrase([u.tokens[0].text], "район") + " район", 2.0))
        for phrase, base in cands:
            base_of[phrase] = max(base_of.get(phrase, 0.0), base)
            s = base
            if u.speaker == "client" or not prep.roles_known:
                s += 2
                if (u.turn - 1) in ask:
                    s += 2
                elif (u.turn - 1) in wh:
                    s += 1.5
            key = " ".join(sorted(w for w in lemmas(phrase) if w not in _PLACE_NOUNS and w != "метро")) or phrase
            said.setdefault(key, set()).add(u.index)
            if (
                u.speaker == "client"
                and not lives
                and u.lemma_set & ({"свой", "жить"} if complexes else {"жить"})
                and (phrase not in quoted)
            ):
                s -= 2  # "у меня сейчас своя двушка, в Заречном": where the client lives, not what they want
            prev = scores.get(key)
            total = s + (prev[0] * 0.25 if prev else 0)
            if prev is None or total > prev[0]:
                keep = phrase if prev is None or len(phrase) >= len(prev[2]) else prev[2]
                scores[key] = (total, u, keep)
    if not scores:
        return FieldValue(spec.key, None, 0)
    if complexes:  # the complex the whole call keeps coming back to, not the client's current district
        scores = {k: (v[0] + 0.5 * min(3, len(said[k]) - 1), v[1], v[2]) for k, v in scores.items()}

    def strong_enough(v: tuple[float, Unit, str]) -> bool:
        return v[0] >= (3 if base_of.get(v[2], 0) < 1 else 2.5 if v[2] in quoted else 2)

    # only weak hints (a name-like word the tagger guessed, ASR noise) are no answer, nor do they
    # hide a real place said as strongly ("в стулеся" beside "в солнечном береге")
    passing = [v for v in scores.values() if strong_enough(v)]
    if not passing:
        return FieldValue(spec.key, None, 0)
    score, u, phrase = max(passing, key=lambda x: x[0])
    if phrase in quoted:
        return _fv(spec, phrase, int(min(95, 40 + 10 * score)), u)  # «Крона Парк» as its owner names it
    if towns >= _CITY_ONLY or phrase in _TOWN_NICKNAMES.values() or _title(phrase) in town_names:
        # a city or a town as said, not snapped to a district ("в Раменском" is Раменское, not Раменки)
        return _fv(spec, phrase, int(min(95, 40 + 10 * score)), u)
    return _fv(spec, canonical_place(_title(phrase), is_known), int(min(95, 40 + 10 * score)), u)


# --- other kinds -------------------------------------------------------------------------------


def rooms(spec: FieldSpec, prep: Prepared) -> FieldValue:
    if prep.roles_known:
        got = _rooms_in(spec, prep.units_of("client"))
        said = [u for u in prep.units_of("manager") if not u.question]
        if got.value is None:  # the manager's statement, not a question ("по однушкам смотрели или побольше?")
            got = _rooms_in(spec, said, unique=True)
        if got.value is None:  # several: the one in the answer to the client's question
            asked = {x.turn for x in prep.units_of("client") if x.question}
            got = _rooms_in(spec, [u for u in said if u.turn - 1 in asked], unique=True)
        return got
    return _rooms_in(spec, prep.units)


_STUDIO_RX = re.compile(r"студи\w*\s*(?:[—=:–-]|это)?\s*(\d)")
_CHANGE_RX = re.compile(r"\b(?:хотя нет|нет,? давайте|точнее|вернее|передумал\w*|или даже)\b")


def _rooms_in(spec: FieldSpec, units: list[Unit], unique: bool = False) -> FieldValue:
    """The first room count said, or the one the same turn changes it to ("Двушку. Хотя нет…
    трёшку"); with `unique`, None when several different counts are said."""
    studio = _STUDIO_RX.search(spec.description.lower())
    zero = (studio and studio.group(1) == "0") or _studio_option(spec) is not None
    found: list[tuple[float, Unit]] = []
    for u in units:
        found += [(0.0 if v == -1 and zero else max(v, 1.0), u) for v in _rooms_all(u)]
    if not found or (unique and len({v for v, _ in found}) > 1):
        return FieldValue(spec.key, None, 0)
    first = found[0]
    in_first = [x for x in found if x[1] is first[1]]
    if len({v for v, _ in in_first}) > 1 and _CHANGE_RX.search(first[1].norm):
        first = in_first[-1]  # "Двушку, хотя нет, подождите, жена хочет трёшку" in one sentence (ASR)
    same_turn = [(v, u) for v, u in found if u.turn == first[1].turn and u.index > first[1].index]
    later = [u for u in units if u.turn == first[1].turn and u.index > first[1].index]
    if same_turn and any(_CHANGE_RX.search(u.norm) for u in later):
        first = same_turn[-1]
    value: str | float | None = first[0]
    if spec.type == "enum" and spec.options:
        value = _room_option(first[0], spec)
    return _fv(spec, value, 75 if not unique else 60, first[1])


def _studio_option(spec: FieldSpec) -> str | None:
    return next((o for o in spec.options if "студи" in o.lower()), None) if spec.type == "enum" else None


def _room_option(n: float, spec: FieldSpec) -> str | None:
    """A room count as the enum writes it: 0 is «студия», 2 is «2» or «2-комнатная», 5 is «4+»."""
    if n == 0 and _studio_option(spec):
        return _studio_option(spec)
    best: tuple[int, str] | None = None
    for opt in spec.options:
        m = re.match(r"\s*(\d+)\s*(?:-?\s*(?:х\s*)?к\w*\.?)?\s*(\+|и более|и больше|или больше)?", opt)
        if not m:
            continue
        k = int(m.group(1))
        if k == round(n):
            return opt
        if m.group(2) and n >= k and (best is None or k > best[0]):
            best = (k, opt)
    return best[1] if best else None


def _rooms_all(u: Unit) -> list[float]:
    found: list[float] = []
    for t in u.tokens:
        w = t.low
        if t.lemma in _ROOM_SLANG:
            found.append(float(_ROOM_SLANG[t.lemma]))
        elif _asr_rooms(w):
            found.append(float(_asr_rooms(w)))
        elif "комнатн" in w:
            m = re.match(r"(\d+)", w)
            if m:
                found.append(float(m.group(1)))
            else:
                for pre, n in _ROOM_PREFIX.items():
                    if w.startswith(pre):
                        found.append(float(n))
                        break
    for a, b in pairwise(u.tokens):  # «одну шку»: ASR cut «однушку» in two (the number normaliser made it «1 шку»)
        joined = ("одну" if a.low == "1" else a.low) + b.low
        if len(b.low) <= 4 and joined.isalpha() and lemma(joined) in _ROOM_SLANG:
            found.append(float(max(_ROOM_SLANG[lemma(joined)], 1)))
    found += [float(m.group(1)) for m in re.finditer(r"\b(\d)\s*(?:-?х\s*)?к[ао]мнат", u.norm)]
    words = {"одно": 1, "двух": 2, "трех": 3, "четырех": 4}
    found += [float(words[m.group(1)]) for m in re.finditer(r"\b(одно|двух|трех|четырех)\s+к[ао]мнат", u.norm)]
    return found


# Room counts as ASR writes them: «европтрёжки», «отрёжка», «евродушку», «трехком», «ухкомнатную»
_ASR_ROOMS = (
    (re.compile(r"^(?:одн|однo)(?:уш|ош)к"), 1),
    (re.compile(r"^(?:дв|д)[уо][шж]к"), 2),
    (re.compile(r"^(?:от|о|п)?тр[еоё][шжх]к"), 3),
    (re.compile(r"^(?:одно|одн)к[ао]м"), 1),
    (re.compile(r"^(?:двух|дву|ух)к[ао]м"), 2),
    (re.compile(r"^(?:трех|трёх|тре)к[ао]м"), 3),
)


def _asr_rooms(word: str) -> int:
    """The room count of a word the dictionary does not know, read as a garbled «двушка»,
    «трёшка», «трёхкомнатная» (with «евро» in front or a preposition glued on)."""
    w = word.replace("ё", "е")
    if len(w) < 5 or not w.replace("-", "").isalpha() or (is_known(w) and not w.startswith("евро")):
        return 0
    w = re.sub(r"^евро-?(?:п(?=тр))?", "", w)
    return next((n for rx, n in _ASR_ROOMS if rx.match(w)), 0)


_FUNCTION_POS = ("PREP", "CONJ", "PRCL")


def _option_vocabulary(opt: str, opts: tuple[str, ...]) -> set[str]:
    """The words that say an object-type option: its content words that no other option shares
    («предчистовой» of «новостройка с предчистовой», not «с» nor the shared «новостройка»), less
    what it says is absent («отделка» of «без отделки» is no sign of it)."""
    toks = tokenize(opt.lower())
    negated = {toks[i + 1].lemma for i, t in enumerate(toks[:-1]) if t.low == "без"}
    content = {t.lemma for t in toks if not (tags(t.text) and tags(t.text)[0][1].startswith(_FUNCTION_POS))}
    shared = {w for o in opts if o != opt for w in lemmas(o.lower())}
    return (content - shared or content) - negated


def _object_signs(opt: str) -> list[frozenset[str]]:
    """What the call says of an object that tells this option (data/object_signs.json):
    «хрущёвка», «панелька», «дом старый» -> «вторичка»; «голый бетон» -> «без отделки»."""
    low = opt.lower()
    out: list[frozenset[str]] = []
    for concept in _OBJECT_SIGNS.values():
        if isinstance(concept, dict) and any(k in low for k in concept["option_has"]):
            out += [frozenset(sign) for sign in concept["signs"]]
    return out


_OBJECT_SIGNS: dict[str, Any] = load_json("object_signs.json")


def _heard_as(u: Unit, words: set[str]) -> set[str]:
    """The words of ``words`` an ASR-garbled token of the unit stands for: a word the dictionary does
    not know that starts with the word's stem or resembles it closely («в Хрущёвте» -> «хрущевка»,
    «фанелька» -> «панелька»)."""
    out: set[str] = set()
    long_words = {w.replace("ё", "е") for w in words if len(w) >= 6}
    for t in u.tokens:
        low = t.low.replace("ё", "е")
        if len(low) < 6 or not low.isalpha() or is_known(low):
            continue
        for w in long_words:
            if low.startswith(w[:-2]) or SequenceMatcher(None, low, w).ratio() >= 0.76:
                out.add(w)
    return out


def object_type(spec: FieldSpec, prep: Prepared) -> FieldValue:
    opts = spec.options or tuple(_OBJ_TYPES)
    score: dict[str, float] = {}
    where: dict[str, Unit] = {}
    vocab = {opt: _OBJ_TYPES.get(opt.lower(), frozenset()) | _option_vocabulary(opt, opts) for opt in opts}
    signs = {opt: _object_signs(opt) for opt in opts}
    heard = {w for opt in opts for w in vocab[opt] | {next(iter(x)) for x in signs[opt] if len(x) == 1}}
    for u in prep.units:
        weight = 2.0 if u.speaker == "client" else 1.0
        said = u.lemma_set | set(lemmas(u.text))  # the words as said: the weekday fixer made «вторичка» «вторника»
        said |= _heard_as(u, heard)
        for opt in opts:
            hits = len(said & vocab[opt])
            hits += sum(1 for t in u.tokens if "комнатн" in t.low and opt.lower() == "квартира")
            hits += sum(1 for sign in signs[opt] if sign <= said and not sign <= vocab[opt])
            if (
                opt.lower() == "дом"
                and "дом" in u.lemma_set
                and ("продажа" in u.lemma_set or "участок" in u.lemma_set or "сотка" in u.lemma_set)
            ):
                hits += 1
            if opt.lower() == "дом" and "дом" in u.lemma_set and u.speaker != "client":
                hits -= 1  # "дом в пяти минутах от метро" is a building, not the object type
            if hits > 0:
                score[opt] = score.get(opt, 0.0) + weight * hits
                where.setdefault(opt, u)
    if not score:
        return FieldValue(spec.key, None, 0)
    opt = max(score, key=lambda k: score[k])
    return _fv(spec, opt, 70, where[opt])


# Payment words as ASR writes them: split at a vowel that reads as "и" ("и потека"), the "ма(т)"
# of маткапитал assimilated ("маккопитом", "моткопиталом", "мотка писал"), "помесячно" with its
# middle garbled ("помидесячно", "по миниссячной", "поменью сячена").
_ASR_PAYMENT = (
    # «и патека», «патечный», «и под тека», «и польтека»
    (
        "ипотека",
        re.compile(r"\bи\s?п[ао]т[еи]к|\bп[ао]т[еи]к[аиуе]\b|\bп[ао]т[еи]чн|\bи\s?п[ао](?:д|ль)\s?т[еи]к[аиуе]?\b"),
    ),
    ("материнский капитал", re.compile(r"\bм[ао][тк]{1,2}\s?к[ао]\s?п[иеы][тс]")),
    ("помесячно", re.compile(r"\bпо\s?м[иеа]\w{0,4}\s?с[яеи]ч")),
)


def _asr_payment(norm: str) -> set[str]:
    low = norm.lower().replace("ё", "е")
    return {label for label, rx in _ASR_PAYMENT if rx.search(low)}


def _asr_payment_option(option: str, u: Unit) -> bool:
    """The option (a payment way) said in an ASR-garbled form in this unit."""
    opt = option.strip().lower()
    return any(opt == label and rx.search(u.norm.lower().replace("ё", "е")) for label, rx in _ASR_PAYMENT)


def _confirmed_offers(prep: Prepared) -> list[Unit]:
    """The manager's questions the client answers with a yes ("вы в ипотеку берёте, да?" — "да"): what
    they name is the client's own answer."""
    out: list[Unit] = []
    for u in prep.units_of("manager"):
        reply = [x for x in prep.units_of("client") if x.turn == u.turn + 1]
        last = u.index + 1 >= len(prep.units) or prep.units[u.index + 1].turn != u.turn
        if u.lemma_set & {"или", "не", "либо"}:
            continue  # a yes picks nothing from "наличными или в ипотеку?", says nothing to "не рассматриваете?"
        if (
            reply
            and (u.question or last)
            and _CONFIRM_RX.match(reply[0].norm)
            and not _NEGATED_RX.search(reply[0].norm)
        ):
            out.append(u)
    return out


_NEGATED_RX = re.compile(r"\bнет\b|\bне\s+(?:будем|буду|планиру|хоч)")


_REFUSING = frozenset({"без", "никакой", "ни", "не"})
_REFUSED_AFTER_RX = re.compile(r"^\s*(?:\w+\s+)?не\s+(?:рассматр|хот|хоч|будем|буду|планир|нуж|интерес)")


def _refused(words: set[str], u: Unit) -> bool:
    """Every mention of the way in this unit is ruled out: "никакой ипотеки", "без кредита",
    "ипотеку не рассматриваем"."""
    hits = [i for i, t in enumerate(u.tokens) if t.lemma in words]
    if not hits:
        return False
    for i in hits:
        before = {t.lemma for t in u.tokens[max(0, i - 2) : i]}
        after = " ".join(t.low for t in u.tokens[i + 1 : i + 4])
        if not (before & _REFUSING or _REFUSED_AFTER_RX.match(after)):
            return False
    return True


def payment(spec: FieldSpec, prep: Prepared) -> FieldValue:
    found: list[str] = []
    first: Unit | None = None
    vocab = (
        ("ипотека", {"ипотека", "ипотечный"}),
        ("наличные", {"наличные", "наличка", "наличный"}),
        ("материнский капитал", {"материнский", "маткапитал"}),
        ("рассрочка", {"рассрочка"}),
        ("кредит", {"кредит", "кредитный", "автокредит"}),
        ("лизинг", {"лизинг"}),
        ("трейд-ин", {"трейд-ин"}),
        ("безналичный расчёт", {"безнал", "безналичный", "карта"}),
        ("продажа своего жилья", {"продавать", "продать", "продажа"}),
    )
    for u in prep.units_of("client") + _confirmed_offers(prep) if prep.roles_known else prep.units:
        for label, words in vocab:
            if (u.lemma_set & words or label in _asr_payment(u.norm)) and label not in found:
                if label == "ипотека" and re.search(
                    r"\bбез ипотек|\bне (?:будем|буду|планиру)\w* ипотек|\bнет,? (?:у нас|у меня) налич",
                    u.norm,
                ):
                    continue
                if _refused(words, u):
                    continue  # "никакой ипотеки", "кредит не рассматриваем": the way the client rules out
                found.append(label)
                first = first or u
    if not found:
        return FieldValue(spec.key, None, 0)
    return _fv(spec, ", ".join(found), 70, first)


def objections(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """Every objection the client raised, as a list: "дорого; далеко"."""
    labels: list[str] = []
    units = objection_units(prep)
    units = [u for u in units if any(u.lemma_set & words for words, _ in _OBJECTION_LABELS) or _objecting(u)]
    for u in units:
        found = [lab for words, lab in _OBJECTION_LABELS if u.lemma_set & words]
        for label in found or [u.text.strip(" .!?")[:80]]:
            if label not in labels:
                labels.append(label)
    if not labels:
        return FieldValue(spec.key, None, 0)
    return _fv(spec, "; ".join(labels), 65, units[0])


_OBJECTING = frozenset(
    {"не", "нет", "но", "зачем", "боюсь", "бояться", "смысл", "уже", "опять", "сомневаться", "страшно", "проблема"}
)


def _objecting(u: Unit) -> bool:
    """A sentence kept as an objection in its own words says no, but, why, fear: not a description
    of the client's business or a goodbye ("Всего доброго")."""
    return bool(u.lemma_set & _OBJECTING) or "не " in u.norm


_ISO_EXAMPLE_RX = re.compile(r"\b\d{4}-\d{2}-\d{2}(\s+\d{1,2}:\d{2})?")


_ISO_WORDS_RX = re.compile(r"гггг|дд\.мм|yyyy", re.IGNORECASE)


def next_step(spec: FieldSpec, prep: Prepared, dated_apart: bool = False) -> FieldValue:
    """ "осмотр — четверг, 11:00"; for a date field, the date (and time) only: "2026-12-03 11:00";
    ``dated_apart``: the table has a column for the date, so this one names the action alone."""
    found = outcome.next_step(prep)
    if found is None:
        return FieldValue(spec.key, None, 0)
    value, u = found
    proposed = steps.proposal(prep)
    step_u = proposed[1] if proposed is not None else u
    iso = _ISO_EXAMPLE_RX.search(spec.description)
    words = set(lemmas(spec.description))
    if spec.type == "date" or iso or _ISO_WORDS_RX.search(spec.description) or {"дата", "время"} <= words:
        step_u = steps.agreed_day_unit(prep) or u  # the last agreement: the client may move the day
        day, time_ = steps.when_iso(prep, step_u)
        with_time = bool(iso and iso.group(1)) or "время" in words or "чч" in spec.description.lower()
        if day:  # "суббота, двенадцатое декабря, десять ноль-ноль" -> 2026-12-12 (10:00)
            return _fv(spec, day + (f" {time_}" if with_time and time_ else ""), 75, step_u)
        if spec.type == "date" or with_time:
            when = steps.when_phrase(prep, step_u)
            return _fv(spec, when, 60, step_u) if when else FieldValue(spec.key, None, 0)
    if proposed is not None:
        what = proposed[0]
    else:
        turn = [u, *(x for x in prep.turn_units(u.turn) if x is not u)]
        what = steps.action_phrase(turn) or steps.action_phrase(prep.prev_turn_units(u)) or value.split(" — ")[0]
    when = "" if dated_apart else steps.when_phrase(prep, step_u)
    text = what + (f" — {when}" if when else "")  # "осмотр — четверг, 11:00"
    return _fv(spec, text, 60 + 8 * text.count(",") + (8 if when else 0), step_u)


# the client's own occasion a date field may ask for (not the day of the next contact)
_EVENT_WORDS = frozenset(
    {"мероприятие", "праздник", "торжество", "свадьба", "банкет", "юбилей", "корпоратив", "событие", "заезд"}
    | {"вылет", "поездка", "тур", "вечеринка", "выпускной", "event"}
)
_ORDINAL_DAY_RX = re.compile(
    r"\b(?:(?:двадцать|тридцать)\s+)?(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат"
    r"|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|семнадцат|восемнадцат|девятнадцат|двадцат|тридцат)"
    r"(?:ое|ого|ье|ьего|ьем|ом|ое)\b|\b\d{1,2}-?(?:е|го|ое)\b"
)
_MONTH_AFTER_RX = re.compile(r"^\s*(январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)")
_WEEKDAY_NEAR_RX = re.compile(r"\b(понедельник|вторник|сред[уае]|четверг|пятниц[уае]|суббот[уае]|воскресень[ея])\b")
_WEEKDAY_STEMS = ("понед", "вторн", "сред", "четв", "пятн", "субб", "воскр")
_DATE_ASKED_RX = re.compile(r"\b(?:какое число|на какое|какую дату|на когда|когда планир|дат[ауы]\b)")
_CLOCK_RX = re.compile(r"\d{1,2}:\d{2}|\bчас\w*|\b(?:утра|вечера)\b")
_STEP_CUES = frozenset(
    {"созвониться", "перезвонить", "набрать", "приехать", "подъехать", "посмотреть", "дегустация", "окно", "звонок"}
)


_MONTH_WORD_RX = re.compile(
    r"(?<!\d )\b(январ|феврал|март|апрел|ма[яйе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
)


def _month_no(stem: str) -> int:
    return 5 if stem in {"мая", "май", "мае"} else outcome._month_of(stem)  # «в мае» too


def _month_context(prep: Prepared, u: Unit) -> int | None:
    """The month a bare day number refers to: the last one the same speaker named before it
    ("Вторая половина июля. С семнадцатого", "свадьба в январе … двадцать шестого")."""
    for x in reversed(prep.units[: u.index]):
        m = _MONTH_WORD_RX.search(x.norm) if x.speaker == u.speaker else None
        if m:
            return _month_no(m.group(1))
    return None


def _days_in(u: Unit, context: int | None = None) -> list[tuple[int, int | None, int | None]]:
    """The days of the month a unit names: (day, month or ``context``, weekday said beside it or None)."""
    out: list[tuple[int, int | None, int | None]] = []
    low = u.text.lower()
    wd = _WEEKDAY_NEAR_RX.search(low)
    weekday = next((k for k, st in enumerate(_WEEKDAY_STEMS) if wd and wd.group(1).startswith(st)), None)
    for m in _ORDINAL_DAY_RX.finditer(low):
        digits = re.findall(r"\d+", normalize_numbers(m.group(0)))
        if not digits or not 1 <= int(digits[0]) <= 31:
            continue
        mo = _MONTH_AFTER_RX.match(low[m.end() :])
        before = _MONTH_WORD_RX.findall(low[: m.start()])
        month = _month_no(mo.group(1) if mo else before[-1]) if mo or before else context
        out.append((int(digits[0]), month, weekday))
    for m in outcome._DATE_RX.finditer(u.norm):  # "17 июля" as the ASR writes it
        out.append((int(m.group(1)), outcome._month_of(m.group(2)), weekday))
    return out


def _calendar_day(day: int, month: int | None, weekday: int | None, ref: dt.date) -> dt.date | None:
    """The first such day from the call day on (within a year): a month when said, else the month
    whose ``day`` falls on the weekday said, else the nearest."""
    for shift in range(13):
        y, mo = divmod(ref.month - 1 + shift, 12)
        if month is not None and mo + 1 != month:
            continue
        try:
            d = dt.date(ref.year + y, mo + 1, day)
        except ValueError:
            continue
        if d >= ref and (weekday is None or month is not None or d.weekday() == weekday):
            return d
    return None


def event_date(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "Дата мероприятия": the day the client names for their event (asked for, repeated by the
    manager), not a day agreed for the next contact ("в пятницу, четвёртого, созвонимся")."""
    asked = {u.turn for u in prep.units_of("manager") if _DATE_ASKED_RX.search(u.norm)}
    ref = outcome.today()
    scores: dict[dt.date, tuple[float, Unit]] = {}
    for u in prep.units:
        seen: set[dt.date] = set()
        for day, month, weekday in _days_in(u, _month_context(prep, u)):
            d = _calendar_day(day, month, weekday, ref)
            if d is None or d in seen:
                continue
            seen.add(d)
            w = 2.0 if u.speaker == "client" else 1.0
            w += 3 if (u.turn - 1) in asked else 0
            w += 1 if month is not None else 0
            w -= 3 if u.lemma_set & _STEP_CUES or _CLOCK_RX.search(u.norm) else 0
            prev = scores.get(d)
            scores[d] = (w + (prev[0] if prev else 0), prev[1] if prev else u)
    best = max(scores.items(), key=lambda kv: kv[1][0], default=None)
    if best is None or best[1][0] < 2:
        return FieldValue(spec.key, None, 0)
    return _fv(spec, best[0].isoformat(), int(min(90, 50 + 8 * best[1][0])), best[1][1])


# "К какой дате нужен тираж", "До какого числа сделать", "Срок готовности заказа"
_NEED_BY_RX = re.compile(
    r"\b(?:к|до)\s+(?:какой|какому|какого)\s+(?:дат|числ|срок|дн)|\bсрок\w*\s+(?:готовност|изготовлен|сдачи|выполнен)"
)


def _asks_need_by(spec: FieldSpec) -> bool:
    """A date column for the day the client needs the order by."""
    return spec.type in {"date", "string"} and bool(_NEED_BY_RX.search(spec.description.lower()))


_BY_WEEKDAY_RX = re.compile(
    r"\b(?:к|до|не позже|не позднее)\s+(понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)\w*"
)
_BY_DAY_RX = re.compile(r"\b(?:к|до|не позже|не позднее)\s+(?:числа\s+)?\d{1,2}(?:-?(?:го|му|е))?\b|\bне позже\b")
# a sentence about a deadline: "к открытию", "нужно", "успеете?", "не позже", "будет готов"
_NEED_CUE_RX = re.compile(r"\bк [а-яё]{4,}|\bнуж|\bнадо\b|\bуспе|\bне позже|\bне позднее|\bготов|\bсделаете\b")
_NEED_ASKED_RX = re.compile(r"\bк (?:какому|какой|какого) (?:числ|дат|срок|дн)|\bкогда нужн|\bпо срокам|\bсроки\b")


def _need_days(prep: Prepared, u: Unit) -> list[tuple[dt.date, bool]]:
    """The days a sentence names, each with whether «к / до / не позже» stands right before it."""
    ref = outcome.today()
    low = normalize_numbers(u.text.lower())
    out: list[tuple[dt.date, bool]] = []
    for day, month, weekday in _days_in(u, _month_context(prep, u)):
        d = _calendar_day(day, month, weekday, ref)
        if d is not None:
            out.append((d, bool(_BY_DAY_RX.search(low))))
    if not out:
        for m in _WEEKDAY_ANY_RX.finditer(low):
            wd = next(k for k, st in enumerate(_WEEKDAY_STEMS) if m.group(1).startswith(st[:4]))
            ahead = (wd - ref.weekday()) % 7 or 7
            direct = bool(_BY_WEEKDAY_RX.search(low[max(0, m.start() - 12) : m.end()]))
            out.append((ref + dt.timedelta(days=ahead), direct))
    return out


_WEEKDAY_ANY_RX = re.compile(r"\b(понедельник|вторник|сред[уаеы]|четверг|пятниц|суббот|воскресень)\w*")


def need_by(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "К какой дате нужен тираж": the day the client needs it by — said with «к / до / не позже»
    («к субботе», «числа до двадцатого»), in answer to «к какому числу?», in a sentence about the
    deadline («нам к открытию, в субботу, пятого»); the client's words count twice. A day said with
    no deadline words (the day the invoice or the design is sent) does not count."""
    asked = {u.turn for u in prep.units_of("manager") if _NEED_ASKED_RX.search(u.norm)}
    scores: dict[dt.date, tuple[float, Unit]] = {}
    for u in prep.units:
        answer = u.speaker == "client" and (u.turn - 1) in asked
        cue = bool(_NEED_CUE_RX.search(u.norm))
        for d, direct in dict(_need_days(prep, u)).items():
            if not (direct or answer or cue):
                continue
            w = (2.0 if u.speaker == "client" else 1.0) + 2 * direct + 3 * answer
            prev = scores.get(d)
            scores[d] = (w + (prev[0] if prev else 0), prev[1] if prev else u)
    best = max(scores.items(), key=lambda kv: kv[1][0], default=None)
    if best is None:
        return FieldValue(spec.key, None, 0)
    return _fv(spec, best[0].isoformat(), int(min(85, 45 + 6 * best[1][0])), best[1][1])


def timeline(spec: FieldSpec, prep: Prepared) -> FieldValue:
    tl = BY_KEY["timeline"]
    asked = {u.turn for u in prep.units_of("manager") if u.lemma_set & tl.lemmas and u.question}
    for u in prep.units_of("client") if prep.roles_known else prep.units:
        if (u.turn - 1) in asked:
            return _fv(spec, u.text.strip(" ."), 65, u)
    return FieldValue(spec.key, None, 0)


def phone(spec: FieldSpec, prep: Prepared) -> FieldValue:
    for u in prep.units:
        m = re.search(r"(?:\+?7|8)?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}", u.norm)
        if m:
            return _fv(spec, re.sub(r"\D", "", m.group(0)), 70, u)
    return FieldValue(spec.key, None, 0)


def email(spec: FieldSpec, prep: Prepared) -> FieldValue:
    for u in prep.units:
        m = re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", u.text)
        if m:
            return _fv(spec, m.group(0), 80, u)
    return FieldValue(spec.key, None, 0)


def _interest(prep: Prepared) -> tuple[str | None, Unit | None]:
    """No level where nobody was sold anything (a customer's own matter, a wrong number, «перезвоните,
    я занят»); low for a refusal however short; otherwise the client's signals, and an objection
    left standing keeps it from high."""
    refusal = calltype.refused(prep, "", busy_counts=False)
    if refusal is not None and not outcome.step_agreed(prep):
        return "low", refusal  # «Уже не актуально, мы уже купили»
    if calltype.classify(prep).kind != "sales":
        return None, None
    if _busy_callback(prep) or not is_sales_call(prep, set()):
        return None, None
    level, u = outcome.interest_level(prep)
    if level == "high" and objection_units(prep) and not outcome.step_agreed(prep):
        level = "medium"
    return level, u


def _busy_callback(prep: Prepared) -> bool:
    """«Я за рулём, перезвоните завтра»: a short call put off by the client in his first words."""
    return calltype.callback(prep, turns=4, first=2) is not None


def enum(spec: FieldSpec, prep: Prepared) -> FieldValue:
    interest = outcome.is_interest_field(set(lemmas(spec.key.replace("_", " ") + " " + spec.description)))
    if definitions.readable(spec):  # «горячий — назначен показ; тёплый — даты нет»: the description's own reading
        level, u = _interest(prep) if interest else ("", None)
        by_definition = definitions.decide(spec, prep) if level is not None else None
        if level is None or by_definition is None:
            return FieldValue(spec.key, None, 0)  # no level where nobody was sold anything
        return _fv(spec, by_definition[0], 60, by_definition[1] or u)
    if interest:
        by_level = {outcome.level_of_option(o): o for o in spec.options}
        if len(by_level.keys() - {None}) >= 2:
            level, u = _interest(prep)
            if level is None:
                return FieldValue(spec.key, None, 0)
            opt = by_level.get(level) or by_level.get("medium")
            if opt is not None:
                return _fv(spec, opt, 55, u)
    if yesno.is_yes_no(spec.options):  # "Есть ли у клиента ...": да / нет
        return yes_no(spec, prep)
    replies = choices.answers(prep, spec.description)
    claimed = options.claims(spec.options)
    chosen = options.choose(replies, spec.options) or choices.pick(replies, spec.options, not claimed)
    if chosen is not None:  # "Откуда узнали о клинике?" — "Друзья посоветовали"
        return _fv(spec, chosen[0], 55, chosen[1])
    if claimed:  # "после работы, часов в семь" -> вечер; else «не выяснено»
        other = next((o for o in spec.options if o.strip().lower() in {"другое", "иное", "прочее"}), None)
        read = options.read(prep, spec.options) or ((other, replies[0]) if other and replies else None)
        if read is None or read[1] is None:  # an option no concept covers, said in its own words («КП»)
            named = _option_named(spec, prep, skip_unknown=True)
            if named.value is not None and options.concept_of(str(named.value)) is None:
                return named
        if any(options.is_default(o, spec.options) for o in spec.options) and _not_ours(prep):
            return FieldValue(spec.key, None, 0)  # a wrong number or a supplier is nobody's «физлицо»
        return _fv(spec, read[0], 50 if read[1] else 35, read[1]) if read else FieldValue(spec.key, None, 0)
    named = _option_named(spec, prep)
    return named if named.value is not None or _not_ours(prep) else _option_asked_for(spec, prep)


# words that narrow an option down («только проверка»): they tell no option apart
_RESTRICTIVE = frozenset({"только", "просто", "другой", "иной", "весь", "любой", "свой"})
_STEM = 5  # a verb and its noun share this many letters: «проверить» / «проверка», «заказывать» / «заказ»


def _stem_said(word: str, said: frozenset[str]) -> bool:
    return word in said or (len(word) >= _STEM and any(w[:_STEM] == word[:_STEM] for w in said if len(w) >= _STEM))


def _option_asked_for(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """What the client asks for, in the words that set each option apart from the others («очки» of
    «очки для зрения», «линза» of «контактные линзы», «проверка» of «только проверка зрения» —
    said as «хочу проверить»): the option the client's own sentences say most."""
    clients = prep.units_of("client") if prep.roles_known else []
    score: dict[str, int] = {}
    where: dict[str, Unit] = {}
    for opt in spec.options:
        if options.is_unknown(opt) or opt.strip().lower() in {"другое", "иное", "прочее"}:
            continue
        words = {w for w in _option_vocabulary(opt, spec.options) - _RESTRICTIVE if len(w) > 2}
        for u in clients:
            hits = sum(1 for w in words if _stem_said(w, u.lemma_set))
            if hits:
                score[opt] = score.get(opt, 0) + hits
                where.setdefault(opt, u)
    if not score:
        return FieldValue(spec.key, None, 0)
    best = max(score, key=lambda o: score[o])
    if sum(1 for v in score.values() if v == score[best]) > 1:
        return FieldValue(spec.key, None, 0)  # as many words for two options: the call does not decide
    return _fv(spec, best, 45, where[best])


def _not_ours(prep: Prepared) -> bool:
    """A wrong number or a supplier: nobody who chooses among the company's offers."""
    kind = calltype.classify(prep)
    return kind.kind == "not_client" or kind.why == calltype.VENDOR


def listed_name(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """One of the names the description lists; where it also admits other places («Площадка
    (Набережная или Лесная) либо район»), a place read the usual way when no listed name is said."""
    if _not_ours(prep):
        return FieldValue(spec.key, None, 0)  # a wrong number or a supplier chooses no branch of ours
    chosen = listed.choice(spec, prep)
    if chosen is not None:
        return _fv(spec, chosen[0], 60, chosen[1])
    if _place_field(spec, set(lemmas(spec.key.replace("_", " ") + " " + _described(spec)))):
        return location(spec, prep)
    return FieldValue(spec.key, None, 0)


def yes_no(spec: FieldSpec, prep: Prepared) -> FieldValue:
    said = yesno.flag(prep, spec)
    if said is None:
        return FieldValue(spec.key, None, 0)
    value, u = said
    return _fv(spec, value, 60, u) if u else FieldValue(spec.key, value, 40)  # «нет»: nothing in the call says it


# "Юбилей считаем днём рождения": the description counts another word as one of the options
_COUNTED_AS_RX = re.compile(r"([а-яё]{3,})\s+(?:считаем|считается|засчитываем|относим к)\s+([а-яё]+(?:\s+[а-яё]+)?)")


def _counted_as(spec: FieldSpec) -> dict[str, set[str]]:
    """Option -> the lemmas the description counts as that option."""
    out: dict[str, set[str]] = {}
    for m in _COUNTED_AS_RX.finditer(spec.description.lower()):
        said = set(lemmas(m.group(2)))
        opt = next((o for o in spec.options if set(lemmas(o)) and set(lemmas(o)) <= said), None)
        if opt is not None:
            out.setdefault(opt, set()).update(lemmas(m.group(1)))
    return out


def _option_named(spec: FieldSpec, prep: Prepared, skip_unknown: bool = False) -> FieldValue:
    """The option whose own words the call says most, the client's words counting twice; a
    sentence naming several options lists them ("есть стандарт, премиум и VIP") and chooses none."""
    said: dict[str, list[Unit]] = {}
    counted_as = _counted_as(spec)
    for opt in spec.options:
        if opt.strip().lower() in {"другое", "иное", "прочее"} or (skip_unknown and options.is_unknown(opt)):
            continue  # "на другой день" does not choose "другое", nor "нет" «нет»
        ol = [w for w in lemmas(opt) if len(w) > 2]
        alias = counted_as.get(opt, set())
        if ol:
            said[opt] = [
                u
                for u in prep.units
                if all(w in u.lemma_set for w in ol) or u.lemma_set & alias or _asr_payment_option(opt, u)
            ]
    listing = {u.index for units in said.values() for u in units if sum(u in us for us in said.values()) > 1}
    score: dict[str, float] = {}
    for opt, units in said.items():
        if units:  # a listing sentence counts a quarter
            weights = [(2.0 if u.speaker == "client" else 1.0) * (0.25 if u.index in listing else 1.0) for u in units]
            score[opt] = sum(weights)
    if not score:
        return FieldValue(spec.key, None, 0)
    opt = max(score, key=lambda k: score[k])
    first = [u for u in said[opt] if u.index not in listing] or said[opt]
    return _fv(spec, opt, 50, first[0])


_PERSON_WORDS = frozenset({"врач", "доктор", "специалист", "фио", "фамилия", "мастер", "преподаватель"})
_ORG_WORDS = frozenset({"компания", "организация", "фирма", "контора", "предприятие", "юрлицо"})
_QUOTED_RX = re.compile(r"«([^»]{2,40})»")


def _own_company(prep: Prepared) -> set[str]:
    """The quoted names in the manager's first words: the manager's own company."""
    first = [u for u in prep.units_of("manager") if u.turn_of_speaker == 0 and not u.question]
    return {m.lower() for u in first for m in _QUOTED_RX.findall(u.text)}


def _capitalised(u: Unit) -> list[int]:
    """Token positions of capitalised or Latin words that are not the sentence's first word."""
    return [i for i, t in enumerate(u.tokens) if (i and t.text[:1].isupper()) or re.match(r"[A-Za-z]{2,}", t.text)]


def _client_words(spec: FieldSpec, prep: Prepared) -> set[str]:
    """The words of the client's name as lemmas ("Миша Козлов" -> {"миша", "козлов"})."""
    name = client_name(spec, prep).value
    return {w.lower() for w in str(name).split()} | set(lemmas(str(name))) if name else set()


def _person(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "Врач (ФИО или фамилия)": "к Кравцову Михаилу Юрьевичу" -> "Кравцов Михаил Юрьевич"."""
    skip = manager_names(prep) | _client_words(spec, prep)
    for u in prep.units_of("manager"):
        toks = u.tokens
        for i, t in enumerate(toks):
            if not (t.text[:1].isupper() and is_surname(t.text) and not is_name(t.text)) or t.lemma in skip:
                continue
            words = [_nominative_surname(t.text)]
            for nxt in toks[i + 1 : i + 3]:
                if nxt.text[:1].isupper() and (is_name(nxt.text) or is_patronymic(nxt.text)):
                    words.append(_inflect_nomn(nxt.text))
            return _fv(spec, " ".join(words), 60, u)
    return FieldValue(spec.key, None, 0)


def _inflect_nomn(word: str) -> str:
    for p in morph().parse(word):
        if {"Name", "Patr"} & set(str(p.tag).replace(" ", ",").split(",")):
            infl = p.inflect({"nomn"})
            w = str(infl.word if infl else p.normal_form)
            return w[:1].upper() + w[1:]
    return word


_RIVAL_CUES = frozenset(
    {"подрядчик", "провайдер", "оператор", "убирать", "обслуживать", "работать", "раздел", "конкурент", "предлагать"}
)
_BUSINESS_NOUNS = frozenset(
    {
        "компания",
        "фирма",
        "контора",
        "магазин",
        "салон",
        "клиника",
        "школа",
        "студия",
        "кафе",
        "ресторан",
        "агентство",
        "бюро",
        "склад",
        "офис",
        "типография",
        "автосервис",
        "автомойка",
        "хостел",
        "гостиница",
        "отель",
        "пиццерия",
        "пекарня",
        "аптека",
        "цех",
        "завод",
        "производство",
        "сто",
        "шиномонтаж",
        "центр",
        "клуб",
    }
)


def _organisation(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "Компания клиента": a quoted name the manager checks ("Вы СТО «Мотор»?") or the client
    gives, not the manager's own company nor a rival ("у нас «Блеск» убирает"); else, when the
    description allows it, the kind of business ("для вашего склада" -> "склад")."""
    own = _own_company(prep)
    scores: dict[str, tuple[float, Unit]] = {}
    rivals: set[str] = set()
    for u in prep.units:
        for m in _QUOTED_RX.finditer(u.text):
            name = m.group(1).lower()
            if name in own:
                continue
            rival = u.lemma_set & _RIVAL_CUES or (u.speaker == "client" and "сейчас" in u.lemma_set)
            if rival or _answers_rival_question(prep, u):
                rivals.add(name)  # "у нас «Блеск» убирает", "сейчас «Клинкомфорт»"
            before = {t.low for t in u.tokens if t.end <= m.start()}
            if u.speaker == "manager":  # the client named by the manager, not the manager's own product
                near = {t.lemma for t in u.tokens if t.end <= m.start() and m.start() - t.end < 25}
                if near & _OFFER_WORDS or "вам" in before:
                    continue  # "тариф «Бизнес-Старт»", "вам подойдёт «Склад-Про»"
                score = 3.0 if before & {"вы", "это", "вашего", "вашей", "вашем", "ваш", "ваша"} else 0.5
            else:
                score = 1.0
            if name not in scores or score > scores[name][0]:
                scores[name] = (score, u)
    quoted = [(sc, n, u) for n, (sc, u) in scores.items() if n not in rivals and sc > 0]
    if quoted:
        score, name, u = max(quoted, key=lambda x: x[0])
        original = next(m for m in _QUOTED_RX.findall(u.text) if m.lower() == name)
        return _fv(spec, _quoted_nomn(original), 55, u)
    named = _business_named(prep, _KIND_OF_BUSINESS & set(lemmas(spec.description)) != set())
    if named is not None:
        return _fv(spec, named[0], 50, named[1])
    named = _calling_from(prep)
    if named is not None:
        return _fv(spec, named[0], 45, named[1])
    return FieldValue(spec.key, None, 0)


_FROM_SPEAKER = frozenset({"я", "мы", "звонить", "беспокоить"})


def _calling_from(prep: Prepared) -> tuple[str, Unit] | None:
    """The organisation the caller says they are from in the first turns: «я из сети суши-баров
    Самурай», «звоню от Альфа-Строя» -> the capitalised name after «из / от» (not a person's name
    nor a place: «я из Москвы»)."""
    for u in prep.units_of("client"):
        if u.turn > 3:
            break
        toks = u.tokens
        for i, t in enumerate(toks[1:], 1):
            if t.low not in {"из", "от"} or toks[i - 1].lemma not in _FROM_SPEAKER:
                continue
            for x in toks[i + 1 : i + 6]:
                if x.text[:1].isupper() and x.text.replace("-", "").isalpha():
                    if is_name(x.text) or is_geo(x.text):
                        break
                    word = _nominative_word(x.text)
                    return word[:1].upper() + word[1:], u  # a name keeps its capital («Зерно»)
    return None


def _answers_rival_question(prep: Prepared, u: Unit) -> bool:
    """ "Кто у вас сейчас убирает?" — "«Блеск»": the answer names the current supplier."""
    if u.speaker != "client":
        return False
    return any(x.question and x.lemma_set & _RIVAL_CUES for x in prep.prev_turn_units(u))


def _quoted_nomn(name: str) -> str:
    """ "Мебель-Маркета" -> "Мебель-Маркет": a one-word name said in another case."""
    if " " in name:
        return name
    head, _, last = name.rpartition("-")
    p = morph().parse(last.lower())[0]
    if "NOUN" not in p.tag or p.tag.case in {None, "nomn"} or p.tag.number != "sing":
        return name
    infl = p.inflect({"nomn"})
    if infl is None:
        return name
    word = str(infl.word)
    k = next((i for i, (a, b) in enumerate(zip(last.lower(), word, strict=False)) if a != b), min(len(last), len(word)))
    return (head + "-" if head else "") + last[:k] + word[k:]


_OFFER_WORDS = frozenset({"тариф", "пакет", "услуга", "программа", "опция", "абонемент", "акция", "раздел", "линейка"})
_KIND_OF_BUSINESS = frozenset({"вид", "бизнес", "сфера", "деятельность", "тип", "отрасль"})


def _business_named(prep: Prepared, kind_ok: bool) -> tuple[str, Unit] | None:
    """The kind of business as the first turns name it: "для вашего склада", "нотариальная
    контора Беловой", "Вы школа танцев?"."""
    prev_unit: Unit | None = None
    for u in prep.units:
        if u.turn > 3:
            break
        toks = u.tokens
        # ASR breaks a sentence into lines: "… для вашего" / "магазина."
        carried = prev_unit.tokens[-1].lemma if prev_unit and prev_unit.turn == u.turn and prev_unit.tokens else ""
        prev_unit = u
        for i, t in enumerate(toks):
            if t.lemma not in _BUSINESS_NOUNS or (u.speaker == "manager" and t.lemma == "компания"):
                continue
            before = toks[i - 1].lemma if i else carried
            # "для вашего магазина", "Вы школа танцев?", "дозвонился в автосервис на …?"
            if u.speaker == "manager" and before not in {"ваш", "для", "вы", "в"}:
                continue
            if before == "в" and (
                t.lemma in {"офис", "компания"} or u.lemma_set & {"позвонить", "работать", "наш", "приглашать", "ждать"}
            ):
                continue  # "Вы позвонили в агентство «Дом»": the manager's own business
            start = i
            while start > 0 and "ADJF" in tags(toks[start - 1].text)[0][1] and toks[start - 1].lemma != "ваш":
                start -= 1
            words = [_nominative_word(x.text) if k == 0 else x.text for k, x in enumerate(toks[start : i + 1])]
            if i + 1 < len(toks) and toks[i + 1].text[:1].isupper() and not is_name(toks[i + 1].text):
                words.append(toks[i + 1].text)  # "контора Беловой": a named business
            elif not kind_ok:
                continue  # only its kind, and the field asks for a name
            return " ".join(words), u
    return None


def _nominative_word(word: str) -> str:
    p = morph().parse(word.lower())[0]
    infl = p.inflect({"nomn", "sing"})
    w = str(infl.word) if infl else word.lower()
    return w.upper() if word.isupper() else w


def _named_thing(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """ "Какая модель автомобиля интересует клиента": the proper names the client says (not people,
    not the manager's company) in the first turns that name them."""
    own = _own_company(prep)
    people = manager_names(prep)
    for u in prep.units_of("client") if prep.roles_known else prep.units:
        idx = [i for i in _capitalised(u) if not is_name(u.tokens[i].text) and u.tokens[i].lemma not in people]
        idx = [i for i in idx if u.tokens[i].low not in own and not is_geo(u.tokens[i].text)]
        if idx:
            words = [u.tokens[i].lemma for i in idx[:3]]
            return _fv(spec, " ".join(w[:1].upper() + w[1:] for w in words), 45, u)
    return FieldValue(spec.key, None, 0)


def generic(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """A field the vocabulary does not know, read from its description: a person, an organisation,
    or a named thing (a model, a brand) the client says."""
    words = set(lemmas(spec.key.replace("_", " ") + " " + spec.description))
    if spec.type != "string":
        return FieldValue(spec.key, None, 0)
    if words & _PERSON_WORDS:
        return _person(spec, prep)
    if words & _ORG_WORDS:
        return _organisation(spec, prep)
    if words & _THING_WORDS:
        return _named_thing(spec, prep)
    return FieldValue(spec.key, None, 0)


_THING_WORDS = frozenset({"модель", "марка", "бренд", "автомобиль", "машина", "товар", "продукт"})


def product(spec: FieldSpec, prep: Prepared) -> FieldValue:
    """A course, a service, a model, an insured object: what the client asked for."""
    skip = manager_names(prep) | _client_words(spec, prep)
    return asked_for(spec, prep, skip)


_EXTRACTORS: dict[str, Callable[[FieldSpec, Prepared], FieldValue]] = {
    "product": product,
    "age": age,
    "price_quoted": price_quoted,
    "price_or_budget": price_or_budget,
    "unknown": generic,
    "name": client_name,
    "manager_name": manager_name,
    "child_name": child_name,
    "budget": budget,
    "location": location,
    "listed": listed_name,
    "rooms": rooms,
    "object_type": object_type,
    "payment": payment,
    "objections": objections,
    "next_step": next_step,
    "event_date": event_date,
    "need_by": need_by,
    "timeline": timeline,
    "phone": phone,
    "email": email,
    "enum": enum,
    "yes_no": yes_no,
    "count": quantities.count,
    "pieces": pieces.piece_count,
    "time": quantities.time_of_day,
    "part_payment": part_payment,
    "size": phrases.size,
    "goal": phrases.goal,
    "vacancy": roles.vacancy,
}
