"""The organisation's own name as ASR writes it: no quotes, lower case, split, declined, Latin."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator
from rop.analysis.embedded.fuzzy import name_spoken
from rop.analysis.embedded.transcript import configured_names
from rop.analysis.types import Utterance
from tests.analysis.embedded.helpers import checklist, dialog, stage


def test_a_quoted_name_is_heard_in_its_asr_spellings() -> None:
    for said in ("ро машка", "Ромашку", "romashka", "у Ромажки", "Рамашка"):
        assert name_spoken("Ромашка", said.split()), said
    for said in ("техно свет", "TEHNOSVET", "Техносвета", "техна свет"):
        assert name_spoken("ТехноСвет", said.split()), said


def test_other_words_are_not_the_name() -> None:
    for said in ("мошка", "ромашковый чай полезен", "техника светлая", "рамка"):
        assert not name_spoken("Ромашка", said.split()), said
    assert not name_spoken("ТехноСвет", ["нет", "света"])
    assert not name_spoken("Ока", ["около"])  # short names count only when said exactly


def test_configured_names_come_from_the_criteria() -> None:
    cl = checklist(stage("Назвал имя и компанию «ТехноСвет»"),
                   stage("Пригласил в салон «Ромашка», например «заходите»"))
    assert configured_names(cl) == ("ТехноСвет", "Ромашка")


def _verdict(transcript: list[Utterance], criterion: str) -> str:
    (v,) = EmbeddedEvaluator().evaluate_checklist(transcript, checklist(stage(criterion)))
    return v.status


def test_company_named_in_asr_spelling_completes_the_introduction() -> None:
    criterion = "Назвал своё имя и компанию «ТехноСвет»"
    transcript_turns = [
        ("M", "добрый день техна свет меня зовут игорь удобно говорить"),
        ("C", "да слушаю"),
        ("M", "вы оставляли заявку на светильники для офиса сколько точек нужно"),
        ("C", "штук сорок наверное"),
        ("M", "могу прислать коммерческое предложение с ценами"),
        ("C", "присылайте"),
    ]
    transcript = dialog(*transcript_turns)
    assert _verdict(transcript, criterion) == "completed"
    without = [("M", "добрый день меня зовут игорь удобно говорить"), *transcript_turns[1:]]
    assert _verdict(dialog(*without), criterion) != "completed"


def test_a_garbled_company_opening_still_makes_a_business_call() -> None:
    """Without quotes and with few sales words left by the ASR, the manager opening with the
    organisation's name is what shows a business call: the stages are judged, not «не применимо»."""
    criterion = "Выяснил, сколько сотрудников и какой нужен график"
    transcript = dialog(
        ("M", "здравствуйте ро машка светлана слушаю вас"),
        ("C", "добрый день хотел узнать сколько стоит уборка офиса"),
        ("M", "сколько у вас сотрудников и какой график удобен"),
        ("C", "человек двадцать по вечерам"),
        ("M", "посчитаю и пришлю предложение"),
    )
    cl = checklist(stage(criterion), stage("Назвала салон «Ромашка»", stage_id="s2"))
    verdicts = EmbeddedEvaluator().evaluate_checklist(transcript, cl)
    assert [v.status for v in verdicts] == ["completed", "completed"]


def test_the_name_beside_the_garbled_company_is_the_managers_own() -> None:
    """«Добрый день, Тамара, Техна свет» from ASR: Тамара introduces herself, the client is Виктор."""
    from rop.analysis.embedded.checklist import manager_names
    from rop.analysis.embedded.transcript import prepare

    transcript = dialog(
        ("M", "Добрый день, Тамара, техна свет, с кем могу поговорить про освещение"),
        ("C", "со мной виктор я директор"),
    )
    assert manager_names(prepare(transcript, ("ТехноСвет",))) == {"тамара"}
