"""ASR text: questions written with a full stop, hundreds split in two, «миллион» misspelt after a number."""

import pytest

from rop.analysis.embedded.numbers import asr_number_words, normalize_numbers
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import Speaker, Utterance


def _questions(turns: list[tuple[Speaker, str]]) -> dict[str, bool]:
    tr = [Utterance(float(i), float(i) + 0.9, spk, text) for i, (spk, text) in enumerate(turns)]
    return {u.text: u.question for u in prepare(tr).units}


def test_addressed_statement_answered_yes_is_a_question() -> None:
    q = _questions(
        [
            ("manager", "Добрый день, ресторан «Омега»."),
            ("client", "Здравствуйте."),
            ("manager", "Вы бронировали столик на субботу."),
            ("client", "Да, на восемь вечера."),
        ]
    )
    assert q["Вы бронировали столик на субботу."]


def test_the_openings_recall_of_the_reason_stays_a_statement() -> None:
    q = _questions([("manager", "Добрый день. Вы оставляли отзыв на сайте."), ("client", "Да, оставляла.")])
    assert not q["Вы оставляли отзыв на сайте."]


def test_is_there_statement_answered_no_is_a_question() -> None:
    q = _questions([("manager", "Животные в доме есть."), ("client", "Нет, только рыбки.")])
    assert q["Животные в доме есть."]


def test_nibud_and_li_words_make_a_question() -> None:
    q = _questions([("manager", "Раньше к кому-нибудь обращались."), ("client", "К частнику одному.")])
    assert q["Раньше к кому-нибудь обращались."]
    q = _questions([("manager", "Удобно ли сейчас говорить."), ("client", "Говорите.")])
    assert q["Удобно ли сейчас говорить."]


@pytest.mark.parametrize(
    "sentence",
    ["Мы вам пришлём договор на почту.", "Стоимость для вас выйдет 40 тысяч.", "Записала время."],
)
def test_statements_answered_yes_stay_statements(sentence: str) -> None:
    assert not _questions([("manager", sentence), ("client", "Да, хорошо.")])[sentence]


def test_not_a_question_without_an_answer_from_the_other_side() -> None:
    q = _questions([("manager", "Вы оставляли отзыв."), ("manager", "Спасибо вам.")])
    assert not q["Вы оставляли отзыв."]


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("за шесть сот рублей", "за 600 рублей"),
        ("около восемь сот тысяч", "около 800000"),
        ("бюджет три милиона", "бюджет 3000000"),
        ("где-то 4,5 мильона", "где-то 4500000"),
        ("два с половиной милионов", "2500000"),
    ],
)
def test_asr_number_forms(said: str, digits: str) -> None:
    assert normalize_numbers(said) == digits


def test_million_like_words_without_a_number_stay() -> None:
    assert asr_number_words("милиция приехала, минуточку") == "милиция приехала, минуточку"


def test_organisation_name_heard_by_sound() -> None:
    from rop.analysis.embedded.fuzzy import name_span

    assert name_span("ГрадоСфера", "Здравствуйте, Гратасфира, слушаю".replace(",", "").split()) == (1, 2)
    assert name_span("ГрадоСфера", ["здравствуйте", "гражданин", "слушаю"]) is None


def test_first_name_with_a_vowel_and_last_consonant_slip() -> None:
    from rop.analysis.embedded.fuzzy import asr_name

    assert asr_name("морад") == "марат"
    assert asr_name("Богдон") is None or asr_name("Богдон") == "Богдан"


@pytest.mark.parametrize(
    ("said", "word"),
    [("А платить как будете, и по тека или наличные.", "ипотека"), ("Давайте за пишу вас на среду.", "записать")],
)
def test_words_the_asr_wrote_in_pieces(said: str, word: str) -> None:
    from rop.analysis.embedded.lang import tokenize
    from rop.analysis.embedded.transcript import split_words

    assert word in split_words(tokenize(said))


def test_ordinary_short_words_are_not_glued() -> None:
    from rop.analysis.embedded.lang import tokenize
    from rop.analysis.embedded.transcript import split_words

    assert split_words(tokenize("я из за этого и не поехал, мы вам до вечера")) == set()
    assert split_words(tokenize("мне надо обсудить с женой, без нее не решаю")) == set()


def test_glued_seven_oclock() -> None:
    from rop.analysis.embedded.numbers import asr_times

    assert normalize_numbers(asr_times("приезжайте в четверг всем вечера")) == "приезжайте в четверг в 7 вечера"
    assert asr_times("спасибо всем, всем 30 процентов") == "спасибо всем, всем 30 процентов"


def test_consent_asked_with_a_full_stop() -> None:
    q = _questions([("manager", "Созвонимся в пятницу после обеда удобно."), ("client", "В пятницу можно.")])
    assert q["Созвонимся в пятницу после обеда удобно."]
    q = _questions([("manager", "Мне так удобно."), ("client", "Ладно.")])
    assert not q["Мне так удобно."]


def test_terse_whether_questions_with_a_full_stop() -> None:
    q = _questions(
        [("manager", "Понял. Аллергии на лекарства были. Операции есть."), ("client", "Аппендицит вырезали.")]
    )
    assert q["Аллергии на лекарства были."] and q["Операции есть."] and not q["Понял."]


def test_is_there_answering_the_other_sides_question_is_a_statement() -> None:
    q = _questions([("client", "А рассрочка есть?"), ("manager", "Рассрочка есть."), ("client", "Хорошо.")])
    assert not q["Рассрочка есть."]
    q = _questions([("manager", "У нас парковка есть."), ("client", "Да, отлично.")])
    assert not q["У нас парковка есть."]


def test_bare_nouns_ending_a_turn_without_a_stop_ask() -> None:
    q = _questions([("manager", "Аллергии, операции,"), ("client", "Ничего такого.")])
    assert q["Аллергии, операции,"]
    q = _questions([("manager", "Хорошо, записала,"), ("client", "Ага.")])
    assert not q["Хорошо, записала,"]


def test_organisation_name_in_two_unknown_opening_words_then_the_managers_name() -> None:
    tr = [
        Utterance(0.0, 2.0, "manager", "Стромвелд брикстон, Семён, добрый день."),
        Utterance(2.5, 3.5, "client", "Добрый день."),
    ]
    assert {0, 1} <= set(prepare(tr).units[0].org_name)


def test_short_words_are_not_sound_alike_names() -> None:
    from rop.analysis.embedded.fuzzy import asr_name

    assert asr_name("дадо") is None  # «да-да» run together, not «Дада»


@pytest.mark.parametrize(
    "said", ["понятно, 3 на 2, а по цвету, что нравится,", "а в гостиной, обои, из-за чего какие,", "а пол там, какой,"]
)
def test_cut_turn_whose_last_clause_asks(said: str) -> None:
    assert _questions([("manager", said), ("client", "Светлые.")])[said]


def test_cut_turn_where_the_speaker_says_what_they_will_do() -> None:
    said = "Хорошо, записала вас на среду на утро, я уточню, какой мастер свободен"
    assert not _questions([("manager", said), ("client", "Спасибо.")])[said]


def test_cut_question_followed_by_its_options() -> None:
    said = "понятно, 3 на 2, а по полу, что хочется,"
    q = _questions([("manager", said), ("manager", "ламинат, плитка,"), ("client", "Плитку.")])
    assert q[said]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("Ждём вас в субботу 15.", "Ждём вас в субботу в 15:00."),
        ("в субботу 15-го", "в субботу 15-го"),
        ("во вторник 16 декабря", "во вторник 16 декабря"),
        ("завтра 14 человек", "завтра 14 человек"),
    ],
)
def test_day_then_bare_hour(said: str, read: str) -> None:
    from rop.analysis.embedded.numbers import asr_times

    assert asr_times(said) == read


def test_a_short_word_before_a_real_word_is_a_phrase() -> None:
    from rop.analysis.embedded.lang import tokenize
    from rop.analysis.embedded.transcript import split_words

    assert split_words(tokenize("поедем по липовому бульвару")) == set()
    assert "ипотека" in split_words(tokenize("и портепка, наверное"))
