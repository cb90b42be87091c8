"""ASR output of telephone audio: garbled words, turns split into segments, no punctuation."""

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fuzzy import fuzzy_lemma
from rop.analysis.embedded.numbers import normalize_numbers
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import NEEDS, OBJECTIONS, checklist, dialog, stage

FINANCE = "МРК выяснил бюджет и способ оплаты (ипотека или наличные)"


def _status(transcript: list[Utterance], criterion: str) -> str:
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(stage(criterion)))
    return v.status


def test_garbled_words_map_to_the_vocabulary() -> None:
    assert fuzzy_lemma("потеку") == "ипотека"
    assert fuzzy_lemma("расщитываете") == "рассчитывать"
    assert fuzzy_lemma("вечерогенство") == "агентство"
    assert fuzzy_lemma("квартал") is None  # a real word stays itself
    assert fuzzy_lemma("дом") is None  # short words are never guessed


def test_misheard_mortgage_still_counts() -> None:
    transcript = dialog(
        ("M", "Добрый день, агентство «Дом», меня зовут Анна. Какой у вас бюджет?"),
        ("C", "Шесть миллионов на квартиру."),
        ("M", "И потеку планируете?"),
        ("C", "Да, и потека одобрена."),
    )
    assert _status(transcript, FINANCE) == "completed"


def test_question_with_a_garbled_word_counts_by_its_answer() -> None:
    transcript = dialog(
        ("M", "Здравствуйте, агентство «Дом», меня зовут Анна, вы оставляли заявку на квартиру."),
        ("C", "Да."),
        ("M", "Сколько комнат вам нужно и в каком проюне ищете,"),
        ("C", "Двушку в Невском районе."),
        ("M", "А когда планируете переезд,"),
        ("C", "Весной."),
    )
    assert _status(transcript, NEEDS) == "completed"


def test_a_turn_split_into_segments_is_one_answer_to_an_objection() -> None:
    transcript = dialog(
        ("M", "Здравствуйте, есть квартира за шесть миллионов, рядом метро."),
        ("C", "Мне нужно посоветоваться с мужем."),
        ("M", "Конечно, это правильно,"),
        ("M", "давайте я пришлю планировку, а на просмотр вы приедете вместе с мужем,"),
        ("M", "чтобы сразу всё обсудить, квартиры здесь быстро уходят."),
        ("C", "Да, так будет удобно."),
    )
    assert _status(transcript, OBJECTIONS) == "completed"


def test_number_lost_by_asr_is_not_an_amount() -> None:
    assert normalize_numbers("где-то до миллионов") == "где-то до миллионов"
    assert normalize_numbers("где-то до семьи миллионов") == "где-то до 7000000"  # "семи", misheard


def test_unpunctuated_questions_are_recognised_by_the_answer() -> None:
    transcript = dialog(
        ("M", "добрый день агентство дом меня зовут анна какую квартиру ищете"),
        ("C", "двушку"),
        ("M", "ипотека или наличные"),
        ("C", "ипотека"),
        ("M", "и бюджет"),
        ("C", "до шести миллионов"),
    )
    assert _status(transcript, FINANCE) == "completed"
