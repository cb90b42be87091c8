"""Stage verdicts of the embedded evaluator on small hand-made transcripts."""

from typing import Any

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.types import StageVerdict, Utterance
from tests.analysis.embedded.helpers import GREETING, NEEDS, OBJECTIONS, checklist, dialog, stage

GOOD = dialog(
    ("M", "Добрый день! Меня зовут Анна, агентство недвижимости «Городской дом»."),
    ("C", "Здравствуйте."),
    ("M", "Сколько комнат вам нужно и в каком районе ищете квартиру?"),
    ("C", "Двушку в Приморском районе."),
    ("M", "А когда планируете покупку?"),
    ("C", "До конца лета. Бюджет у нас пять миллионов."),
    ("M", "Есть двухкомнатная квартира за четыре миллиона девятьсот тысяч, пять минут до метро."),
    ("C", "Дороговато, честно говоря."),
    ("M", "Понимаю вас. При этом застройщик даёт скидку три процента, и цена получится ниже вашего бюджета."),
    ("C", "Тогда интересно. Давайте посмотрим в субботу в двенадцать."),
)
POOR = dialog(
    ("M", "Алло, да."),
    ("C", "Здравствуйте, я по поводу квартиры на Гагарина."),
    ("M", "Есть такая, однокомнатная, четыре миллиона."),
    ("C", "Это дорого."),
    ("M", "Ну, такая цена."),
)


def _one(transcript: list[Utterance], criterion: str, **kw: Any) -> StageVerdict:
    (verdict,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(stage(criterion, **kw)))
    return verdict


def _assert_verbatim(v: StageVerdict, transcript: list[Utterance]) -> None:
    if v.quote:
        utt = [u for u in transcript if v.quote in u.text]
        assert utt, v.quote
        assert v.quote_speaker == utt[0].speaker
        assert v.quote_start is not None and utt[0].start <= v.quote_start <= utt[0].end


def test_all_aspects_asked_is_completed_with_a_verbatim_quote() -> None:
    v = _one(GOOD, NEEDS)
    assert v.status == "completed"
    assert v.percentage >= 70
    assert "район" in v.comment
    assert v.quote == "Сколько комнат вам нужно и в каком районе ищете квартиру?"
    assert v.quote_speaker == "manager"
    _assert_verbatim(v, GOOD)


def test_missing_aspect_fails_and_the_comment_names_it() -> None:
    transcript = dialog(
        ("M", "Добрый день, агентство «Этажи», меня зовут Ольга."),
        ("C", "Здравствуйте."),
        ("M", "Сколько комнат вам нужно?"),
        ("C", "Одну, для сына, квартиру ищем."),
        ("M", "Хорошо, есть однокомнатная квартира за пять миллионов."),
    )
    v = _one(transcript, NEEDS)
    assert v.status == "failed"
    assert v.percentage < 50
    assert "не найдено" in v.comment and "сроки" in v.comment and "район" in v.comment
    _assert_verbatim(v, transcript)


def test_nothing_found_gives_failed_with_empty_quote() -> None:
    v = _one(POOR, "МРК выяснил бюджет и способ оплаты (ипотека или наличные)")
    assert v.status == "failed"
    assert v.quote == "" and v.quote_start is None
    assert v.percentage <= 20


def test_objection_stage_without_objection_is_not_applicable() -> None:
    transcript = dialog(
        ("M", "Здравствуйте, агентство «Ключ», меня зовут Игорь. Какую квартиру ищете?"),
        ("C", "Трёшку в Кудрово, бюджет девять миллионов."),
        ("M", "Есть трёхкомнатная квартира за восемь миллионов семьсот тысяч, рядом школа."),
        ("C", "Отлично, подходит, давайте посмотрим."),
    )
    v = _one(transcript, OBJECTIONS)
    assert v.status == "not_applicable"
    assert v.quote == ""
    assert "возраж" in v.comment


def test_handled_objection_completes_and_ignored_objection_fails() -> None:
    good = _one(GOOD, OBJECTIONS)
    assert good.status == "completed"
    assert good.quote.startswith("При этом застройщик даёт скидку") or good.quote == "Понимаю вас."
    _assert_verbatim(good, GOOD)
    poor = _one(POOR, OBJECTIONS)
    assert poor.status == "failed"
    assert poor.quote == "Это дорого."  # the objection the manager left unanswered
    assert poor.quote_speaker == "client"


def test_client_saying_the_phrase_does_not_pass_a_manager_stage() -> None:
    transcript = dialog(
        (
            "C",
            "Добрый день, меня зовут Павел, я из агентства «Север», сколько комнат в квартире и в каком районе?",
        ),
        ("M", "Алло."),
        ("C", "Когда сдача дома?"),
        ("M", "Не знаю."),
        ("C", "Понятно, квартира мне не подходит."),
    )
    assert _one(transcript, NEEDS).status == "failed"
    assert _one(transcript, GREETING).status == "failed"
    # the same turns judged as a client stage pass
    assert _one(transcript, NEEDS, speaker="client").status == "completed"


def test_greeting_counts_only_at_the_start_of_the_call() -> None:
    transcript = dialog(
        ("M", "Да."),
        ("C", "Я по квартире звоню."),
        ("M", "Ну, квартира есть, двухкомнатная."),
        ("C", "Хорошо."),
        ("M", "Кстати, меня зовут Анна, агентство «Дом», добрый день."),
    )
    assert _one(transcript, GREETING).status == "failed"
    assert _one(GOOD, GREETING).status == "completed"


def test_one_verdict_per_stage_in_checklist_order() -> None:
    stages = [
        stage(GREETING, "a"),
        stage(OBJECTIONS, "b"),
        stage(NEEDS, "c"),
        stage("МРК договорился о следующем шаге: показ или встреча с конкретной датой и временем", "d"),
    ]
    verdicts = EmbeddedEvaluator().evaluate_checklist(GOOD, checklist(*stages))
    assert [v.stage_id for v in verdicts] == ["a", "b", "c", "d"]
    for v in verdicts:
        assert v.status in {"completed", "failed", "not_applicable"}
        assert 0 <= v.percentage <= 100
        assert v.comment
        _assert_verbatim(v, GOOD)


def test_not_a_sales_call_makes_every_stage_not_applicable() -> None:
    transcript = dialog(
        ("C", "Алло, это пиццерия на Лиговском?"),
        ("M", "Нет, вы ошиблись номером."),
        ("C", "Ой, извините, всего доброго."),
    )
    verdicts = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(stage(GREETING, "a"), stage(NEEDS, "b")))
    assert [v.status for v in verdicts] == ["not_applicable", "not_applicable"]
    assert all("не похож на продажный" in v.comment for v in verdicts)


def test_empty_transcript_is_not_applicable() -> None:
    verdicts = EmbeddedEvaluator().evaluate_checklist([], checklist(stage(NEEDS)))
    assert verdicts[0].status == "not_applicable"


def test_quote_is_a_contiguous_part_of_a_multi_sentence_utterance() -> None:
    transcript = dialog(
        (
            "M",
            "Добрый день, агентство «Дом», меня зовут Анна. Скажите, какой у вас бюджет? И ипотеку планируете?",
        ),
        ("C", "Пять миллионов, ипотека одобрена, хочу квартиру."),
    )
    v = _one(transcript, "МРК выяснил бюджет и способ оплаты (ипотека или наличные)")
    assert v.status == "completed"
    assert v.quote in transcript[0].text and v.quote != transcript[0].text
    assert v.quote_start is not None and v.quote_start > transcript[0].start


def test_number_words_from_asr_count_as_budget_evidence() -> None:
    transcript = dialog(
        ("M", "здравствуйте агентство дом меня зовут анна какую квартиру ищете"),
        ("C", "двушку"),
        ("M", "вы рассчитываете на восемь с половиной миллионов или на семь"),
        ("C", "на семь"),
    )
    v = _one(transcript, "МРК выяснил бюджет")
    assert v.status == "completed"


def test_hints_extend_an_aspect() -> None:
    transcript = dialog(
        ("M", "Добрый день, агентство «Дом». Квартиру ищете? Какой этаж предпочитаете?"),
        ("C", "Не первый и не последний, квартира нужна светлая."),
    )
    plain = _one(transcript, "МРК выяснил пожелания клиента по этажности")
    hinted = _one(transcript, "МРК выяснил пожелания клиента по этажности", hints=("какой этаж",))
    assert hinted.status == "completed"
    assert hinted.percentage >= plain.percentage
