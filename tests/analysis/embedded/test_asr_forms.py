"""ASR forms the evaluator reads like the written text: an organisation named without quotes, times
with a hyphen, a range with its scale first and no hyphen."""

from rop.analysis.embedded.numbers import asr_times, normalize_numbers
from rop.analysis.embedded.transcript import NAME_MARK, prepare
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import dialog, stage, status_of

INTRO = "Назвал своё имя и компанию"
REST = (
    ("C", "Да, слушаю."),
    ("M", "Вы оставляли заявку на доставку грузов, сколько машин в месяц нужно?"),
    ("C", "Штук десять, наверное."),
    ("M", "Могу прислать коммерческое предложение с ценами."),
    ("C", "Присылайте."),
)


def test_an_unquoted_organisation_name_after_the_managers_name_makes_it_their_own() -> None:
    # written: «Добрый день, Олег, «Вектор-Плюс».»; the ASR lost the quotes
    transcript = dialog(
        ("M", "Добрый день, Олег, Вектор-Плюс."),
        *REST,
    )
    assert status_of(transcript, stage(INTRO)) == "completed"


def test_an_unknown_proper_word_beside_the_introduction_is_the_company() -> None:
    transcript = dialog(
        ("M", "Здравствуйте, меня зовут Олег Лесторгпром, звоню по поводу поставки."),
        *REST,
    )
    assert status_of(transcript, stage(INTRO)) == "completed"


def test_without_an_organisation_name_the_company_is_still_missing() -> None:
    transcript = dialog(
        ("M", "Здравствуйте, меня зовут Олег, звоню по поводу поставки."),
        *REST,
    )
    assert status_of(transcript, stage(INTRO)) == "failed"


def test_the_person_addressed_after_a_greeting_is_not_an_organisation() -> None:
    prep = prepare(dialog(("M", "Добрый день, Зульфия, это Олег."), ("C", "Да.")))
    assert NAME_MARK not in prep.units[0].fuzzy
    assert not prep.units[0].org_name


def test_only_the_managers_opening_is_searched_for_an_organisation_name() -> None:
    prep = prepare(dialog(("M", "Добрый день."), ("C", "Здравствуйте, это Лесторгпром?"), ("M", "Да, Лесторгпром.")))
    assert all(NAME_MARK not in u.fuzzy for u in prep.units)


def test_times_written_with_a_hyphen_are_times() -> None:
    prep = prepare(dialog(("M", "Ждём вас в субботу в 11-00."), ("C", "Хорошо.")))
    assert "11:00" in prep.units[0].norm
    assert asr_times("подъезжайте в 14-00, корпус 2") == "подъезжайте в 14:00, корпус 2"
    assert asr_times("к 9-30 буду") == "к 9:30 буду"
    assert asr_times("с 9-00 до 12-00") == "с 9:00 до 12:00"
    assert asr_times("в 16 ноль-ноль") == "в 16:00"


def test_hyphenated_numbers_that_are_not_times_stay() -> None:
    assert asr_times("10-30 тысяч") == "10-30 тысяч"  # a range of money
    assert asr_times("в 10-15 минут") == "в 10-15 минут"
    assert asr_times("в 2-3 раза") == "в 2-3 раза"
    assert asr_times("код 4-7-8-2") == "код 4-7-8-2"
    assert asr_times("5-10") == "5-10"


def test_a_range_with_its_scale_first_survives_a_lost_hyphen_and_a_filler() -> None:
    assert normalize_numbers("миллионов и шесть семь") == "6000000-7000000"
    assert normalize_numbers("тысяч семьдесят восемьдесят") == "70000-80000"
    assert normalize_numbers("миллионов пять, шесть") == "5000000-6000000"
    # one number said in two words is no range
    assert normalize_numbers("тысяч двадцать пять") != "20000-5000"
    assert "-" not in normalize_numbers("тысяч сто двадцать")


def test_lower_case_name_after_a_kind_of_organisation_is_the_organisation() -> None:
    # written: «Ветклиника «Пушистик», Анна, здравствуйте»; the ASR: lower case, no quotes, cut short
    transcript = dialog(("M", "Ветклини, пушестик, анна, здравствуйте."), *REST)
    spec = stage("Приветствие + название клиники + своё имя")
    assert status_of(transcript, spec) == "completed"
    without = dialog(("M", "Здравствуйте, анна."), *REST)
    assert status_of(without, spec) != "completed"


def test_known_words_after_a_kind_of_organisation_are_not_its_name() -> None:
    prep = prepare(dialog(("M", "Компания большая, добрый день."), ("C", "Да.")))
    assert not prep.units[0].org_name


def test_a_scale_said_first_and_written_as_a_number_reads_as_the_word() -> None:
    # "тысяч по сорок за штуку" heard by the ASR as "1000 по 40"
    assert asr_times("в среднем 1000 по 40 за штуку") == "в среднем тысяч по 40 за штуку"
    assert asr_times("1000 рублей") == "1000 рублей"
    assert asr_times("1000 по 30,5") == "1000 по 30,5"


def test_a_first_name_glued_to_the_next_sound_or_with_its_vowel_misheard_is_the_name() -> None:
    from rop.analysis.embedded.fuzzy import asr_name

    assert asr_name("Тимофейту") == "Тимофей"  # «это Тимофей, «…»» run together
    assert asr_name("якатерина") == "екатерина"
    assert asr_name("Лесторгпром") is None  # no name inside
    assert asr_name("Тимофей") is None  # a known word stays itself
    transcript = dialog(("M", "Добрый день, это Тимофейту, компания Лесторгпром."), *REST)
    assert status_of(transcript, stage(INTRO)) == "completed"


def test_an_opening_cut_into_two_sentences_keeps_the_name_beside_the_company() -> None:
    """Written «Добрый день, Тимофей, компания «Лесторгпром».»; the ASR made two segments of it."""
    cut = dialog(("M", "Добрый день, Тимофей."), ("M", "Компания Лесторгпром."), *REST)
    assert status_of(cut, stage(INTRO)) == "completed"
    apart = dialog(("M", "Добрый день, Тимофей."), ("C", "Да."), ("M", "Компания Лесторгпром."), *REST)
    assert status_of(apart, stage(INTRO)) != "completed"  # the client's turn between: Тимофей is the client


def test_a_phrase_cut_between_two_segments_is_read_across_the_cut() -> None:
    """«Ждём вас в субботу, всего доброго.» cut by the ASR after «всего», the client's «угу» between."""
    spec = stage("Попрощался с клиентом")
    opening = dialog(("M", "Добрый день, компания «Лесторгпром», Тимофей."), *REST)
    end = opening[-1].end
    cut = [
        *opening,
        Utterance(end + 1, end + 4, "manager", "Ждём вас в субботу, всего"),
        Utterance(end + 4.2, end + 4.8, "client", "Угу."),
        Utterance(end + 5, end + 6, "manager", "доброго."),
    ]
    assert status_of(cut, spec) == "completed"
    stopped = [*cut[:-3], Utterance(end + 1, end + 4, "manager", "Ждём вас в субботу, всего."), *cut[-2:]]
    assert status_of(stopped, spec) != "completed"  # a full stop: no sentence was cut there


def test_a_question_cut_in_two_is_a_question_in_both_parts() -> None:
    prep = prepare(dialog(("M", "Ипотеку берёте"), ("M", "или наличные?"), ("C", "Ипотеку.")))
    assert [u.question for u in prep.units] == [True, True, False]
    stopped = prepare(dialog(("M", "Ипотеку берёте."), ("M", "Или наличные?"), ("C", "Ипотеку.")))
    assert [u.question for u in stopped.units] == [False, True, False]


def test_an_unknown_word_opening_the_managers_first_words_is_the_organisation() -> None:
    """«Лесторгпром, отдел продаж, Тимофей» heard as «Листаргпрам, отдел продаж, Тимофей»."""
    opened = prepare(dialog(("M", "Листаргпрам, отдел продаж, Тимофей, добрый день."), ("C", "Да.")))
    assert NAME_MARK in opened.units[0].fuzzy
    garbled_greeting = prepare(dialog(("M", "Здраствуйте, отдел продаж, Тимофей."), ("C", "Да.")))
    assert NAME_MARK not in garbled_greeting.units[0].fuzzy
    later = prepare(dialog(("M", "Добрый день. Листаргпрам, отдел продаж."), ("C", "Да.")))
    assert all(NAME_MARK not in u.fuzzy for u in later.units)


def test_a_glued_name_keeps_its_doubled_letter_and_a_declined_head_is_no_name() -> None:
    from rop.analysis.embedded.fuzzy import asr_name

    assert asr_name("Кирилду") == "Кирилл"
    assert asr_name("Миники") is None  # «Мини» is a case of another word, not a name said


def test_a_configured_name_in_asr_spelling_is_not_repaired_into_a_person() -> None:
    prep = prepare(dialog(("M", "Здравствуйте, у Миники меня зовут Роза."), ("C", "Да.")), ("Умники",))
    assert NAME_MARK in prep.units[0].fuzzy
    assert "Миники" in [t.text for t in prep.units[0].tokens]


RECAP = "Резюмировал договорённости, попрощался"


def _ending(*last: str) -> list[Utterance]:
    """A short call whose manager ends with ``last``, one ASR segment each."""
    opening = dialog(("M", "Добрый день, компания «Лесторгпром», Тимофей."), *REST)
    end = opening[-1].end
    return [*opening, *(Utterance(end + 1 + 3 * i, end + 3.5 + 3 * i, "manager", t) for i, t in enumerate(last))]


def test_a_recap_the_asr_left_without_commas_is_a_recap() -> None:
    said = _ending("Напомню поставка в среду десять поддонов по цене из предложения", "До свидания.")
    assert status_of(said, stage(RECAP)) == "completed"
    short = _ending("Напомню позже", "До свидания.")
    assert status_of(short, stage(RECAP)) != "completed"


def test_a_recap_marker_cut_off_into_its_own_segment_reads_with_what_follows() -> None:
    cut = _ending("Напомню:", "поставка в среду, десять поддонов, цена из предложения,", "До свидания.")
    assert status_of(cut, stage(RECAP)) == "completed"
    stopped = _ending("Напомню.", "Поставка в среду, десять поддонов, цена из предложения.", "До свидания.")
    assert status_of(stopped, stage(RECAP)) != "completed"

