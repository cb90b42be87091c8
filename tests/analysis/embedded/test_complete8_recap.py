"""Wave 10, completed elements (b9-complete8), as classes with examples of our own: a recap whose
contents the criterion spells out after a colon ("проговаривает итог: что дальше и когда"), a bare
assent that restates nothing, the manager's own promise of the next step with its day and hour, a
clause of time after what the manager does ("представляется, когда снимает трубку"), and framing
words about the turn ("в первой-второй своей реплике") that are no element."""

from __future__ import annotations

from rop.analysis.embedded import compile_stage
from rop.analysis.embedded.aspects import head_mode
from rop.analysis.embedded.lang import lemmas
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import dialog, stage, status_of

_RECAP = "В конце разговора сотрудник проговаривает итог: что дальше и когда (приезд, звонок, смета)."


def _keys(criterion: str) -> list[str]:
    return [e.key for e in compile_stage("этап", criterion).elements]


def _call(*closing: tuple[str, str]) -> list[Utterance]:
    return dialog(
        ("M", "Мастерская «Верстак», Павел, здравствуйте."),
        ("C", "Здравствуйте, хочу заказать шкаф в прихожую."),
        ("M", "Какой ширины нужен шкаф?"),
        ("C", "Метр двадцать, до потолка."),
        ("M", "Сделаем из массива, срок изготовления две недели."),
        ("C", "Хорошо, давайте замер."),
        *closing,
    )


# --- what the recap must say, read from the colon -------------------------------------------------


def test_ongoing_telling_verb_heads_a_told_list() -> None:
    assert head_mode(set(lemmas("сотрудник проговаривает итог"))) is False
    assert head_mode(set(lemmas("сотрудник подводит итог"))) is False
    assert head_mode(set(lemmas("сотрудник выясняет"))) is True


def test_recap_spelt_out_after_colon_is_the_summary_and_its_day() -> None:
    keys = _keys(_RECAP)
    assert keys == ["summary", "date"]
    assert not any(k.startswith("free:") for k in keys)


def test_recap_said_over_counts() -> None:
    done = _call(
        ("M", "Итак, записываю: замерщик приедет в четверг в десять, смету пришлю вечером."),
        ("C", "Договорились, спасибо."),
    )
    assert status_of(done, stage(_RECAP)) == "completed"


# --- a bare assent restates nothing ---------------------------------------------------------------


def test_bare_assent_is_no_recap() -> None:
    bare = _call(
        ("M", "Замерщик может в четверг в десять, подходит?"),
        ("C", "Подходит."),
        ("M", "Хорошо, договорились."),
        ("C", "Всего доброго."),
    )
    assert status_of(bare, stage(_RECAP)) == "failed"


# --- the manager's own promise of the next step ----------------------------------------------------


def test_own_promise_with_day_and_hour_is_the_recap() -> None:
    promised = _call(
        ("C", "Сейчас неудобно, я в дороге."),
        ("M", "Понял, тогда я перезвоню вам завтра в одиннадцать и согласуем замер."),
        ("C", "Да, до завтра."),
    )
    assert status_of(promised, stage(_RECAP)) == "completed"


def test_invitation_still_to_be_agreed_is_no_promise() -> None:
    invited = _call(
        ("M", "Давайте на замер в пятницу в девять, покажу образцы фасадов."),
        ("C", "Посмотрим."),
        ("M", "Хорошо, договорились."),
    )
    assert status_of(invited, stage(_RECAP)) == "failed"


# --- framing: when, not what ----------------------------------------------------------------------


def test_clause_of_time_after_doing_is_no_element() -> None:
    keys = _keys("Сотрудник представляется, когда берёт трубку.")
    assert keys == ["introduce"]
    assert "timeline" in _keys("Сотрудник выяснил, когда нужна доставка.")


def test_turn_framing_words_are_no_element() -> None:
    keys = _keys("Сотрудник в первой-второй своей реплике называет мастерскую и своё имя.")
    assert not any(k.startswith("free:") and "реплик" in k for k in keys)
    assert "introduce" in keys


# --- the "when" of a next step, glossed; a detail only some cases add ------------------------------


def test_when_glossed_as_a_day_is_the_date_not_a_deadline() -> None:
    keys = _keys("Сотрудник договорился о следующем шаге и о том, когда — конкретный день или число.")
    assert "date" in keys and "timeline" not in keys
    assert "timeline" in _keys("Сотрудник выяснил, когда нужна доставка.")


def test_detail_for_some_cases_is_not_required() -> None:
    keys = _keys("Есть договорённость о шаге и дате, для замера ещё и время.")
    assert "time" not in keys and not any(k.startswith("free:") for k in keys)
    assert "time" in _keys("Есть договорённость о шаге, дате и времени.")
