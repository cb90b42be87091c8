"""Stage verdicts from ASR text: prices written in ASR forms, an offer that takes up the client's
words when ASR garbled their endings (domain-neutral calls written for these tests)."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.checklist import _garbled_free_words
from rop.analysis.embedded.fuzzy import fuzzy_lemma
from rop.analysis.embedded.transcript import Unit, prepare
from rop.analysis.types import StageSpec, StageVerdict, Utterance
from tests.analysis.embedded.helpers import checklist, dialog

OFFER = "Предлагает тариф с ценой и связывает его с тем, что клиент назвал (число сотрудников, проблема)."


def _one(transcript: list[Utterance], criterion: str) -> StageVerdict:
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(StageSpec("s", "Предложение", criterion)))
    return v


def _laundry(
    offer: str, price: str, client: str = "У нас прачечная, стиральные машины ломаются каждую неделю."
) -> list[Utterance]:
    return dialog(
        ("M", "Здравствуйте, компания «Чистота», обслуживание оборудования. Что у вас сейчас?"),
        ("C", client),
        ("M", offer),
        ("M", price),
        ("C", "Ну, подумаю."),
    )


def test_a_price_said_as_asr_writes_it_counts_as_a_price() -> None:
    offer = "Для ваших машин есть выездной сервис, стиральные машины чиним за день."
    for price in (
        "в пять-двести-вмесят.",
        "с выездом 390 за машину в месяц.",
        "4 900 в месяц,",
        "полный сервис 14,500,",
    ):
        assert _one(_laundry(offer, price), OFFER).status == "completed", price
    assert _one(_laundry(offer, "Это недорого, поверьте."), OFFER).status == "failed"


def test_an_offer_takes_up_a_client_word_whose_ending_asr_garbled() -> None:
    garbled = "У нас прачечнаямы, стиральныйе агрегатыми ломаются."  # ASR ran words together
    offer = "Для вашей прачечной есть сервис агрегатов, чиним за день."
    assert _one(_laundry(offer, "4 900 в месяц.", garbled), OFFER).status == "completed"
    unrelated = "Для вашего офиса есть кофемашины, ставим за день."
    assert _one(_laundry(unrelated, "4 900 в месяц.", garbled), OFFER).status == "failed"


def _units(text: str) -> list[Unit]:
    return prepare(dialog(("M", text))).units


def test_a_checklist_word_garbled_by_asr_still_shows_the_element() -> None:
    words = frozenset({"подрядчик", "текущий"})
    (garbled,) = _units("Подскажите, кто подрятчека у вас")
    assert _garbled_free_words(words, garbled) == {"подрядчик"}
    (real,) = _units("Подскажите, кто порядок у вас наводит")  # a real word: not a slip
    assert _garbled_free_words(words, real) == frozenset()


def test_a_long_vocabulary_word_with_an_asr_ending_is_recognised() -> None:
    assert fuzzy_lemma("моткопиталом") == "маткапитал"  # «маткапиталом» with a garbled vowel
    assert fuzzy_lemma("капитальный") is None  # a real word of the same root is not the slip


def test_a_garbled_word_glued_to_the_next_by_a_hyphen_is_recognised() -> None:
    (unit,) = _units("Жду вас в субботу в филиално-садовском")  # «в филиале на Садовой», glued by ASR
    assert "филиал" in unit.fuzzy
