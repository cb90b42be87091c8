"""What kind of call it is, read once per call, and the detectors of the conditions that depend on it.

Most stages of a sales checklist do not apply to a call that is no sales conversation: a wrong
number, a job seeker (``not_client``: everything but the etiquette stages is not applicable), or an
existing customer calling about documents, keys, a claim, a cancellation (``service``: the stages
whose criterion says «если звонок не о покупке — не применимо» do not apply). A manager who opens
with his name and company and offers something makes a cold sales call, even a short one.

Every detector is domain-neutral: it reads who says what in which turn, and phrase lists in
``data/calltype.json``, never a checklist's own subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from rop.analysis.embedded.lang import is_name, pos, tags
from rop.analysis.embedded.lexicon import BY_KEY, load_json
from rop.analysis.embedded.transcript import Prepared, Unit

Kind = Literal["sales", "not_client", "service"]

NOT_CLIENT = "Собеседник не клиент ({why}): этап не оценивается."
_OPENING_TURNS = 2  # the client states why he calls in his first turns


@dataclass(frozen=True)
class CallKind:
    kind: Kind
    why: str = ""  # plain Russian: «ошиблись номером», «соискатель», «звонок действующего клиента»
    unit: Unit | None = None  # where it shows


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    d: dict[str, Any] = dict(load_json("calltype.json"))
    for key in (
        "objection_patterns",
        "not_objection_patterns",
        "doubt_asked_patterns",
        "service_patterns",
        "repeat_client_patterns",
        "repeat_manager_patterns",
        "holder_patterns",
        "wish_patterns",
        "refusal_patterns",
        "employer_client_patterns",
        "employer_manager_patterns",
    ):
        d[key + "_rx"] = tuple(re.compile(p) for p in d[key])
    sets = (
        "service_lemmas",
        "purchase_lemmas",
        "job_seeker_lemmas",
        "objection_lemmas",
        "etiquette_concepts",
        "job_call_lemmas",
    )
    for key in (*sets, "describing_lemmas"):
        d[key + "_set"] = frozenset(d[key])
    return d


_PUNCT_RX = re.compile(r"[^\w\s-]+")


def _plain(text: str) -> str:
    """ "правда, неудобно" and "правда неудобно" alike (ASR punctuates at random)."""
    return " " + " ".join(_PUNCT_RX.sub(" ", text.lower().replace("ё", "е")).split()) + " "


def says(u: Unit, phrases: list[str]) -> bool:
    """A phrase from the start of a word («подума» is «подумаю», «подумать»); a trailing space in
    the phrase asks for the word's end («я занят », not «я занятие»)."""
    text = _plain(u.norm)
    return any(" " + _plain(p).strip() + (" " if p.endswith(" ") else "") in text for p in phrases)


def _first(units: list[Unit], phrases: list[str]) -> Unit | None:
    return next((u for u in units if says(u, phrases)), None)


def _opening(prep: Prepared, speaker: str) -> list[Unit]:
    """The speaker's first turns (ASR splits a turn into several utterances)."""
    units = prep.units_of(speaker)
    turns = sorted({u.turn for u in units})[:_OPENING_TURNS]
    return [u for u in units if u.turn in turns]


_last: list[tuple[Prepared, CallKind]] = []  # the call being evaluated: every stage asks


def classify(prep: Prepared) -> CallKind:
    """sales (the default), not_client (wrong number, job seeker) or service (an existing customer
    calls about what he already has, with no wish to buy in his opening turns; or a supplier calls
    to offer his own goods or services: «хотела предложить сотрудничество»)."""
    last = _last[0] if _last else None
    if last is not None and last[0] is prep:
        return last[1]
    kind = _classify(prep)
    _last[:] = [(prep, kind)]
    return kind


def _distinct(units: list[Unit], words: frozenset[str]) -> set[str]:
    return {w for u in units for w in u.lemma_set & words}


def job_call(prep: Prepared) -> Unit | None:
    """A talk about a job, not a purchase: two different words of hiring said in the call by either
    side («вакансия» and «резюме», «собеседование»), so one garbled word does not hide it."""
    words = rules()["job_call_lemmas_set"]
    if len(_distinct(prep.units, words)) < 2:
        return None
    return next((u for u in prep.units if u.lemma_set & words), None)


def job_seeker(prep: Prepared) -> Unit | None:
    """The client looks for work for himself: «ищу работу», «хочу устроиться» always; «я по
    вакансии», «насчёт работы», «резюме» in his opening only when nothing shows him hiring."""
    r = rules()
    own = _first(prep.units_of("client"), r["job_seeker_self"])
    if own is not None or employer(prep) is not None:
        return own
    seeker = _first(prep.units_of("client"), r["job_seeker"]) or _first(prep.units_of("manager"), ["насчёт работы"])
    return seeker or next((u for u in _opening(prep, "client") if u.lemma_set & r["job_seeker_lemmas_set"]), None)


def employer(prep: Prepared) -> Unit | None:
    """The client hires: he speaks of his own vacancies or the people he needs («у нас вакансия»,
    «нам нужны водители», «ищем сотрудников»), the manager of the client's («ваши вакансии», «вам
    кто-нибудь нужен?»), or the manager calls out offering to recruit for him («подбор персонала»).
    Talk of vacancies and CVs then is the client's order, not a job seeker's call."""
    r = rules()
    for speaker, key in (("client", "employer_client_patterns_rx"), ("manager", "employer_manager_patterns_rx")):
        found = next((u for u in prep.units_of(speaker) if any(p.search(_plain(u.norm)) for p in r[key])), None)
        if found is not None:
            return found
    if cold_opening(prep):
        return _first(prep.turn_units(prep.units[0].turn), r["hiring_offer_phrases"])
    return None


# «Нет, это стоматология», «Нет, вы попали в автосервис», «Нет, вы ошиблись» (not «нет, это не сегодня»)
_DENIAL_RX = re.compile(
    r"^ нет (?:это (?!не )|вы (?:\w+ )?(?:попали|звоните|позвонили|дозвонились|ошиблись|ошибаетесь) "
    r"|у нас (?!не |нет |есть ))"
)
_SHORT_CALL = 16  # turns: a wrong number is settled in a few
# «…, вы ошиблись.» closing a sentence (not «вы ошиблись в цифрах»), «это частный номер»
_MISTAKEN_RX = re.compile(
    r" вы (?:\w+ )?(?:ошиблись|ошибаетесь) $| это (?:мой )?(?:частный|личный|домашний|мобильный) номер "
)


def misdialled(prep: Prepared) -> Unit | None:
    """«Это шиномонтаж?» — «Нет, вы попали в стоматологию» — «Ой, извините»: in a short call the
    manager denies being whom the client wanted, and someone names the mistake or the client
    apologises — three cues, any single word of which the ASR may garble."""
    r = rules()
    if len({u.turn for u in prep.units}) > _SHORT_CALL or not prep.units_of("client"):
        return None
    # the side that answered the phone: the manager (his greeting is his first turn), or the client
    # the manager rang («Это компания «Вектор»?» — «Это частный номер, вы ошиблись.»)
    managers, clients = ({u.turn for u in prep.units_of(side)} for side in ("manager", "client"))
    answered = [*sorted(managers)[1:3], *sorted(clients)[:2]]
    for turn in answered:
        units = prep.turn_units(turn)
        text = _plain(" ".join(u.norm for u in units))
        if _DENIAL_RX.match(text) or any(_MISTAKEN_RX.search(_plain(u.norm)) for u in units):
            after = [u for u in prep.units if u.turn > turn]
            if any(says(u, r["mistake_words"]) for u in after):
                return units[0]
    return None


VENDOR = "звонит поставщик, а не покупатель"


def vendor(prep: Prepared) -> Unit | None:
    """«Хотела предложить вам сотрудничество», «мы поставщик упаковки»: the caller sells to the
    company (a supplier, a contractor, an advertiser), he buys nothing."""
    return _first(_opening(prep, "client"), rules()["vendor_phrases"])


def holder_call(prep: Prepared) -> Unit | None:
    """«Подскажите номер договора»: in his first turns the manager looks up the client's contract or
    order — a customer calling about what he has (the client's opening is the evidence), when that
    opening holds no wish to buy."""
    turns = sorted({u.turn for u in prep.units_of("manager")})[:3]
    found = any(u.turn in turns and says(u, rules()["lookup_phrases"]) for u in prep.units_of("manager"))
    opening = _opening(prep, "client")
    if not found or not opening or any(_wants(u) for u in opening):
        return None
    return opening[0]


def complaint_call(prep: Prepared) -> Unit | None:
    """An existing customer complains about what he has: the client says he is unhappy (a complaint,
    «недовольна», «не устраивает») in the first half of the call, and the manager answers the way
    a complaint is answered («передам заведующей», «разберёмся», «приносим извинения»); no wish to
    buy in the client's opening."""
    r = rules()
    half = prep.units[: max(4, len(prep.units) // 2)]
    said = next((u for u in half if u.speaker == "client" and says(u, r["complaint_phrases"])), None)
    if said is None or any(_wants(u, _TICKET) for u in _opening(prep, "client")):
        return None  # «заявку в пятницу оставляла, никто не приехал»: the request complained of
    answered = any(says(u, r["complaint_answers"]) for u in prep.units_of("manager"))
    return said if answered else None


def same_matter(words: set[str], prep: Prepared) -> bool:
    """Whether a service call is about what a condition names: «жалоба — н/п» is no reschedule's
    condition, «перенос — н/п» no complaint's. Words of neither kind («сервисный звонок») fit any."""
    r = rules()
    complaint_words = words & set(r["complaint_condition_words"])
    other_words = words & set(r["service_condition_words"]) - complaint_words
    if bool(complaint_words) == bool(other_words):
        return True
    unit = classify(prep).unit
    is_complaint = complaint_call(prep) is not None or (unit is not None and says(unit, r["complaint_phrases"]))
    return is_complaint == bool(complaint_words)


def _classify(prep: Prepared) -> CallKind:
    r = rules()
    wrong = _first(prep.units, r["wrong_number"])
    if wrong is not None:
        return CallKind("not_client", "ошиблись номером", wrong)
    seeker = job_seeker(prep)
    if seeker is not None:
        return CallKind("not_client", "соискатель, а не клиент", seeker)
    # who states the call's purpose: the manager who calls out, else the client who calls in
    cold = cold_opening(prep)
    offer = None if cold else vendor(prep)
    if offer is not None:
        return CallKind("service", VENDOR, offer)
    opening = prep.turn_units(prep.units[0].turn) if cold else _opening(prep, "client")
    service = next((u for u in opening if _service(u)), None)
    wants = any(_wants(u) or _needs(u) for u in opening)
    if service is not None and not wants:
        return CallKind("service", "звонок действующего клиента не о покупке", service)
    # the opening words may be lost (ASR): what the whole call says, read from several words
    wrong = misdialled(prep)
    if wrong is not None:
        return CallKind("not_client", "ошиблись номером", wrong)
    seeker = None if employer(prep) else job_call(prep)
    if seeker is not None:
        return CallKind("not_client", "соискатель, а не клиент", seeker)
    claim = complaint_call(prep) or holder_call(prep)
    if claim is not None:
        return CallKind("service", "звонок действующего клиента не о покупке", claim)
    return CallKind("sales")


_BOUGHT = frozenset(
    {
        "купить",
        "покупка",
        "приобрести",
        "оформить",
        "покупать",
        "приобретать",
        "оформлять",
        "заказать",
        "заказывать",
        "забронировать",
        "бронировать",
    }
)


_TICKET = frozenset({"заявка"})


def _wants(u: Unit, besides: frozenset[str] = frozenset()) -> bool:
    """A wish to buy; «я уже купил у вас …» is about what the client has, not a wish."""
    wish = u.lemma_set & rules()["purchase_lemmas_set"] - besides
    past = {t.lemma for t in u.tokens if t.lemma in _BOUGHT and t.low.endswith(("л", "ла", "ли"))}
    if says(u, rules()["service_phrases"]) or past:  # «я у вас квартиру купил», «оформили в августе»
        wish -= _BOUGHT
    if any(p.search(_plain(u.norm)) for p in rules()["service_patterns_rx"]):
        wish -= {"стоить"}  # «у вас моя машина стоит»: stands there, costs nothing
    return bool(wish)


_QUOTED_RX = re.compile(r"«[^»]*»")


def _named_words(u: Unit) -> set[str]:
    """The lemmas of the words in «»: a company's or a product's name («Ключ»), not what is said."""
    spans = [m.span() for m in _QUOTED_RX.finditer(u.text)]
    inside = {t.lemma for t in u.tokens if any(a < t.start < b for a, b in spans)}
    outside = {t.lemma for t in u.tokens if not any(a < t.start < b for a, b in spans)}
    return inside - outside


def _needs(u: Unit) -> bool:
    """ "Мы получили ключи, и нам нужен ремонт": the client asks for something new (a noun after
    «нужен / нужна / нужны»), a wish to buy; «нужна справка», «нужно перенести» are no such need."""
    toks = u.tokens
    for k, t in enumerate(toks[:-1]):
        if t.low not in ("нужен", "нужна", "нужны", "нужно"):
            continue
        nxt = toks[k + 1]
        if nxt.lemma in rules()["service_lemmas_set"] or nxt.low == "не":
            continue
        if pos(nxt.text) == "NOUN" and t.lemma != nxt.lemma:
            return True
    return False


def _service(u: Unit) -> bool:
    r = rules()
    return (
        bool((u.lemma_set - _named_words(u)) & r["service_lemmas_set"])
        or says(u, r["service_phrases"])
        or any(p.search(_plain(u.norm)) for p in r["service_patterns_rx"])  # «вы нам в прошлом году окна ставили»
    )


def _introduces(u: Unit) -> bool:
    intro = BY_KEY["introduce"]
    said = u.lemma_set & intro.lemmas or any(" ".join(p) in " ".join(u.lemma_list) for p in intro.phrases)
    return bool(said) or bool(re.search(r"\bменя зовут\b", u.norm))


def cold_opening(prep: Prepared) -> bool:
    """The manager speaks first and names himself («Меня зовут Вадим, «НетЛайн»», «Вадим Нетлэн»
    from ASR), not «слушаю вас», and the client has no request of his own: an outbound sales call,
    however short the client keeps it."""
    if len(prep.utterances) < 4 or not prep.units or prep.units[0].speaker != "manager":
        return False
    first = prep.turn_units(prep.units[0].turn)  # ASR splits the opening into several utterances
    if any(says(u, rules()["inbound_markers"]) for u in first):
        return False  # «…, слушаю вас»: the client called
    client = [u for u in prep.units_of("client") if u.turn == prep.units[0].turn + 1]
    if any(_request(u) for u in client):
        return False  # «Здравствуйте, у меня договор …»: the client called with his own request
    return any(_introduces(u) or _named(u) for u in first)


def manager_opens(prep: Prepared) -> bool:
    """The manager answers or places the call and it goes on for a while: a business call of his
    company, whatever the ASR made of its words (the wrong number and the job seeker are read
    from the words that do survive)."""
    return bool(prep.units) and prep.units[0].speaker == "manager" and len(prep.utterances) >= 6


def _request(u: Unit) -> bool:
    return _service(u) or bool(u.lemma_set & rules()["purchase_lemmas_set"])


def _named(u: Unit) -> bool:
    """«я... Станислав, компания …»: a first name in the manager's opening."""
    return any(is_name(t.text) for t in u.tokens[:8])


def refused(prep: Prepared, when: str, examples: tuple[str, ...] = (), busy_counts: bool = True) -> Unit | None:
    """The client's refusal: at the start («сразу»: a short talk that went no further), at the end
    («окончательно») or anywhere. «Мне сейчас некогда, перезвоните» is a refusal to talk only when
    the criterion speaks of talking; the criterion's own examples («не интересно», «договор на три
    года») count as refusals too."""
    r = rules()
    phrases = [*r["hard_refusals"], *(p.lower() for p in examples)]
    if busy_counts:
        phrases += r["busy_phrases"]
    units = prep.units_of("client")
    turns = sorted({u.turn_of_speaker for u in units})
    if when == "start":  # "сразу отказался": refused, and the talk went no further
        if len(turns) > 5:
            return None
        units = [u for u in units if u.turn_of_speaker in turns[:3]]
    elif when == "end":
        units = [u for u in units if u.turn_of_speaker in turns[-2:]]
    return next((u for u in units if says(u, phrases) or _example_words(u, examples)), None)


_SELF_DECIDES = ("это я", "я отвечаю", "я решаю", "решаю я", "я и решаю", "я занимаюсь", "я этим занимаюсь")


def not_reached(prep: Prepared) -> Unit | None:
    """«Андрей Павлович на совещании, пришлите на почту, я передам»: the manager asked for the
    person who decides (or a secretary answered) and was turned away, never put through."""
    r = rules()
    ask = _first(prep.units_of("manager"), r["connect_requests"])
    desk = _first(prep.units_of("client"), r["gatekeeper_markers"])
    start = min((u.index for u in (ask, desk) if u is not None), default=None)
    if start is None:
        return None
    after = [u for u in prep.units_of("client") if u.index > start or u is desk]
    if any(says(u, [*r["transfer_phrases"], *_SELF_DECIDES]) for u in after if u is not desk):
        return None  # put through, or the one who answered decides himself
    return _first(after, r["gatekeeper_deflections"])


def agent(prep: Prepared) -> Unit | None:
    """«Агентство «…», у меня клиент хочет трёшку»: an intermediary calls for someone else."""
    return _first(_opening(prep, "client"), rules()["agent_phrases"])


_CUT_RX = re.compile(r"(?:\.\.\.|…|[—–-])\s*$")


def hung_up(prep: Prepared) -> Unit | None:
    """The client ended the call: his words are the last, the manager said no goodbye, and the
    manager was cut off («Нет, ну подождите, у нас…»), left asking, or heard a refusal; or the
    line broke («Алло? Вас не слышно…») and the call ended there."""
    lost = dropped(prep)
    if lost is not None:
        return lost
    if not prep.units or prep.units[-1].speaker != "client":
        return None
    managers = prep.units_of("manager")
    if not managers:
        return None
    last_turn = [u for u in managers if u.turn == managers[-1].turn]
    if any(_says_goodbye(u) for u in last_turn):
        return None
    end = last_turn[-1]
    cut_off = bool(_CUT_RX.search(end.text)) or any(says(u, rules()["cut_phrases"]) for u in last_turn)
    client_end = [u for u in prep.units_of("client") if u.index > end.index]
    refusal = any(says(u, rules()["hard_refusals"]) for u in client_end)
    if not cut_off and not refusal and _leaves(client_end):
        return prep.units[-1]  # «извините, у меня вторая линия, потом наберу»: he broke off the talk
    if not cut_off and not refusal and _takes_leave(prep):
        # «Если что, звоните.» — «Ага. До свидания.» / «Спасибо.»: the client took his leave
        return prep.units[-1] if _asked_and_left(prep) else None
    return prep.units[-1] if cut_off or end.question or refusal else None


def _leaves(client_end: list[Unit]) -> bool:
    """«Ой, у меня вторая линия, потом наберу. Всё, отключаюсь.»: the client's last words break the talk
    off, and he takes no leave."""
    return any(says(u, rules()["leaving_phrases"]) for u in client_end) and not any(
        _says_goodbye(u) for u in client_end
    )


_DROPPED_TAIL = 3  # the last utterances of the call


def dropped(prep: Prepared) -> Unit | None:
    """«Алло? Алло, вас не слышно…»: the line broke in the last utterances and nobody said goodbye
    after it: the call was cut off, not finished."""
    tail = prep.units[-_DROPPED_TAIL:]
    lost = _first(tail, rules()["dropped_phrases"])
    if lost is None:
        return None
    after = [u for u in tail if u.index >= lost.index]
    return None if any(_says_goodbye(u) for u in after) else lost


def customer(prep: Prepared) -> Unit | None:
    """«У меня бронь на двушку», «мы у вас уже купили»: the client already holds a booking, a
    contract or a purchase with the company. Only a condition that names such clients («уже
    бронировал», «действующий клиент») reads it: a booking alone makes no service call."""
    if classify(prep).kind == "service":
        return classify(prep).unit or prep.units[0]
    units = prep.units_of("client")[:6]
    # «у меня бронь на …», «я у вас в прошлом году квартиру брал»: what he holds or has bought here
    patterns = (*rules()["holder_patterns_rx"], *rules()["service_patterns_rx"])
    return next((u for u in units if any(p.search(_plain(u.norm)) for p in patterns)), None)


# «Всё, спасибо.»: the client takes his leave
_THANKS_RX = re.compile(
    r"^ (?:(?:ну|да|ага|угу|хорошо|ладно|понял|поняла|отлично|всё|все) )*"
    r"(?:спасибо|благодарю)(?: (?:вам|большое|огромное))* $"
)


def _thanks_only(u: Unit) -> bool:
    """«Спасибо.», «Хорошо, спасибо большое.»: thanks that close the talk (not «нет, спасибо»)."""
    return bool(_THANKS_RX.match(_plain(u.norm)))


_UNTIL_RX = re.compile(
    r"\bдо\s+(?:понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья|завтра|встречи)\b|"
    r"\bжд(?:у|ём|ем)\s+(?:вас\s+)?(?:в|во|к|завтра)\b"
)


def _takes_leave(prep: Prepared) -> bool:
    """The client's last turn closes the talk: a goodbye or thanks in any of its sentences, or a
    farewell to the agreed day («Хорошо, Станислав, до понедельника», «Спасибо. Жду в субботу»)."""
    last = prep.units[-1]
    turn = [u for u in prep.units if u.turn == last.turn and u.speaker == last.speaker]
    return any(_says_goodbye(u) or _thanks_only(u) or _UNTIL_RX.search(_plain(u.norm)) for u in turn)


def _asked_and_left(prep: Prepared) -> bool:
    """ "Триста тысяч за обои? Вы серьёзно? … Всё, спасибо, до свидания.": the client's last turn asks
    and then says goodbye; he left without waiting for the answer."""
    last = prep.units[-1]
    turn = [u for u in prep.units if u.turn == last.turn and u.speaker == last.speaker]
    bye = next((k for k, u in enumerate(turn) if _says_goodbye(u)), None)
    return bye is not None and any(u.question for u in turn[:bye])


def _says_goodbye(u: Unit) -> bool:
    bye = BY_KEY["farewell"]
    return bool(u.lemma_set & bye.lemmas) or any(" ".join(p) in " ".join(u.lemma_list) for p in bye.phrases)


def inbound(prep: Prepared) -> Unit | None:
    """The client called: the manager answers («…, слушаю вас») or the client speaks first or
    opens with a request of his own."""
    if not prep.units:
        return None
    first = prep.turn_units(prep.units[0].turn)
    if prep.units[0].speaker != "manager":
        return prep.units[0]
    if any(says(u, rules()["inbound_markers"]) for u in first):
        return first[0]
    if any(u.question or says(u, rules()["outbound_markers"]) for u in first):
        return None  # «Людмила Ивановна? Здравствуйте, это Роман»: the manager calls
    client = [u for u in prep.units_of("client") if u.turn == prep.units[0].turn + 1]
    told = sum(len(u.tokens) for u in client) >= 5  # «Мы ищем перевозчика на Казань»: he says why he calls
    return client[0] if client and (told or any(_request(u) for u in client)) else None


_NOT_REACHED = ["не дозвон", "не смог дозвон", "не смогла дозвон", "не могу дозвон", "не мог дозвон"]


_ONLINE_RX = re.compile(
    r"\b(?:на\s+(?:сайте|авито|форуме|карте|картах)|в\s+(?:интернете|приложении|каталоге|объявлении|соцсетях|инстаграме|"
    r"телеграме|рекламе))\b"
)
_CONTACT_RX = re.compile(
    r"\b(?:был[аи]?|приходил\w*|приезжал\w*|заходил\w*|звонил\w*|обращал\w*|общал\w*|говорил\w*)\b"
)


def _seen_online(u: Unit) -> bool:
    """«Я на сайте у вас смотрела …»: the client read about the company, he never dealt with it."""
    text = _plain(u.norm)
    return bool(_ONLINE_RX.search(text)) and not _CONTACT_RX.search(text)


def repeat(prep: Prepared) -> Unit | None:
    """«Я вам уже звонила», «мы у вас были на просмотре», «вы у нас уже были»: not the first contact."""
    r = rules()
    for speaker in ("client", "manager"):
        units = prep.units_of(speaker)
        units = [u for u in units if not says(u, _NOT_REACHED)]  # «звонил, но не дозвонился»: no contact
        units = [u for u in units if not _seen_online(u)]
        found = _first(units, r[f"repeat_{speaker}_phrases"]) or next(
            (u for u in units[:4] if any(rx.search(_plain(u.norm)) for rx in r[f"repeat_{speaker}_patterns_rx"])), None
        )
        if found:
            return found
    return None


_TALK_WORDS = 5  # a turn longer than this, that puts nothing off, is talk about the matter


def callback(prep: Prepared, *, turns: int = 5, first: int = 3) -> Unit | None:
    """«Я за рулём, перезвоните через час»: the client puts the talk off in his first ``first`` turns
    and says no more than ``turns`` turns in all, or no more than two that are talk (the rest put it
    off again, give a name or a time, ask who calls, say goodbye)."""
    client = prep.units_of("client")
    busy = rules()["busy_phrases"]
    words: dict[int, int] = {}
    put_off: set[int] = set()
    for u in client:
        words[u.turn] = words.get(u.turn, 0) + len(u.text.split())
        put_off |= {u.turn} if says(u, busy) else set()
    talk = sum(n > _TALK_WORDS for t, n in words.items() if t not in put_off)
    if sum(n > 2 for n in words.values()) > turns and talk > 2:  # «Ага.», «Наталья.», «Кому звоните?»: no talk
        return None
    return _first([u for u in client if u.turn_of_speaker < first], busy)


_ELSEWHERE_RX = re.compile(
    r"\b(?:в\s+другом|из\s+другого)\s+(?:город|регион|област|стран)\w*|\bиногородн\w*|\bне\s+местн\w*|"
    r"\bдистанционн\w*|\bудал[её]нн?о\b|\bприезжать\s+не\s+(?:нужно|надо|обязательно)"
)
_FROM_RX = re.compile(r"\b(?:я|мы|сам|сама|сами)\s+(?:\w+\s+)?из\s+(\w+)(?!\s+(?:район|области|округ|микрорайон))")


def _a_town(word: str) -> bool:
    return any("Geox" in tg and "NOUN" in tg for _, tg, _ in tags(word)[:2])


def elsewhere(prep: Prepared) -> Unit | None:
    """«Я из Сургута звоню», «мы в другом городе», «приезжать не нужно, всё дистанционно»: the client
    lives in another town and buys without coming."""
    for u in prep.units_of("client")[:8]:
        text = _plain(u.norm)
        m = _FROM_RX.search(text)
        if _ELSEWHERE_RX.search(text) or (m is not None and _a_town(m.group(1))):
            return u
    return next((u for u in prep.units_of("manager") if _ELSEWHERE_RX.search(_plain(u.norm))), None)


OTHER_KINDS = ("gatekeeper", "agent", "hung_up", "inbound", "repeat", "callback", "remote", "vendor")  # in a condition
_DETECTORS = {
    "vendor": "vendor",
    "remote": "elsewhere",
    "gatekeeper": "not_reached",
    "agent": "agent",
    "hung_up": "hung_up",
    "inbound": "inbound",
    "repeat": "repeat",
    "callback": "callback",
}


def of_kind(kind: str, prep: Prepared) -> bool:
    if kind == "repeat" and classify(prep).kind == "service":
        return True  # a customer calling about what he has bought is no first contact
    detector: Any = globals()[_DETECTORS[kind]]
    return detector(prep) is not None


def _example_words(u: Unit, examples: tuple[str, ...]) -> bool:
    """«договор на три года» shows in «у нас договор до лета»: the example's first content word."""
    for ex in examples:
        words = [w for w in re.findall(r"\w+", ex.lower()) if len(w) > 4]
        if words and words[0][:-2] and words[0][:-2] in u.norm and len(words) > 1:
            return True
    return False


def do_not_call(prep: Prepared) -> Unit | None:
    """«Больше не звоните, номер наш удалите»: the client asks never to be called again."""
    return _first(prep.units_of("client"), rules()["do_not_call"])


SERVICE_NA = "Звонок действующего клиента не о покупке: этап продажи здесь не оценивается."
_CLOSING = frozenset({"meeting", "date", "time", "summary", "farewell", "contact", "client_name"})


def sales_only_stage(concepts: set[str]) -> bool:
    """A stage of the sale itself (needs, budget, presentation, offer): on a service call it has no
    place. Etiquette, the client's name and the closing (a date, a recap, goodbye) apply to any call."""
    return not concepts & (_CLOSING | rules()["etiquette_concepts_set"])


def etiquette_stage(concepts: set[str]) -> bool:
    """A stage about greeting, introduction or goodbye only: it applies to any call the manager
    takes, a wrong number included."""
    return bool(concepts) and concepts <= rules()["etiquette_concepts_set"]
