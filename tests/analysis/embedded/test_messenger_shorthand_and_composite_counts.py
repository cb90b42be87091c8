"""A head of sales' messenger note and an explicit enumeration compile as written: «Все три: а) …
б) … в) …. И хотя бы одно из преимуществ: …» needs all three and one advantage; «минимум два из:
а) …; б) …; в) …» counts three items, whatever words each item has; «a / b / c / d — мин. 3 из 4»
counts four; «н/п — как в п.2», «Не применимо там же, где этап 2» take stage 2's cases; «Для
текущих арендаторов — …» is how such calls are judged; an arrow after what the manager does
enumerates, after a case it branches; «= минус» is the outcome; «… тоже ок, если …» is another
way to complete, no element; a current tenant is an existing customer; «хотели предложить …» in the
caller's opening is a supplier's."""

from __future__ import annotations

from rop.analysis.embedded import EmbeddedEvaluator, calltype, compile_stage
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import ChecklistSpec, StageSpec
from tests.analysis.embedded.helpers import dialog


def test_all_items_and_one_of_a_list_in_a_sentence_of_its_own() -> None:
    c = compile_stage(
        "Предложение",
        "Все три: а) размер бокса (м² или м³); б) цена в месяц; в) на каком складе (Север, Юг). И хотя бы одно "
        "из преимуществ: круглосуточный доступ, видеонаблюдение и охрана, скидка при оплате за 3 месяца.",
    )
    assert c.requirement.mode == "all"
    assert len(c.elements) == 4
    assert "advantage" in c.elements[-1].concepts
    assert "круглосуточный доступ" in c.elements[-1].examples


def test_a_count_of_a_lettered_list_without_its_length() -> None:
    c = compile_stage(
        "Следующий шаг",
        "Минимум два из: а) дата и время визита на склад; б) бронь бокса (номер бокса или «держим за вами до …»); "
        "в) договор или ссылка на оплату на подтверждённый контакт (WhatsApp, Telegram, почта).",
    )
    assert (c.requirement.mode, c.requirement.n, len(c.elements)) == ("at_least", 2, 3)


def test_slashed_items_counted_by_the_note() -> None:
    c = compile_stage(
        "Потребность", "Для кого / сколько комнат / какой ЖК или район / когда планирует покупку — мин. 3 из 4."
    )
    assert (c.requirement.mode, c.requirement.n, len(c.elements)) == ("at_least", 3, 4)


def test_not_applicable_as_another_stage_tersely() -> None:
    for text in ("Назвал цену. н/п — как в п.2", "Назвал цену. Не применимо там же, где этап 2."):
        refs = [c for c in compile_stage("Цена", text).conditions if c.same_cases]
        assert [c.stage_ref for c in refs] == ["2"], text
    c = compile_stage(
        "Сомнения",
        "Если клиент сомневается — аргумент. Не применимо, если сомнений не было, а также там же, где этап 2.",
    )
    assert [c.stage_ref for c in c.conditions if c.same_cases] == ["2"]


def test_a_branch_for_current_customers_is_how_their_calls_are_judged() -> None:
    c = compile_stage(
        "Следующий шаг",
        "Для новых клиентов — минимум два из: а) дата визита; б) бронь бокса; в) договор на почту. Для текущих "
        "арендаторов — хотя бы одно из: вопрос решён прямо в разговоре; названо, что и в какой срок сделаем. "
        "Не применимо для поставщиков.",
    )
    assert len(c.elements) == 3
    branch = [x for x in c.conditions if x.outcome == "completed"]
    assert branch and "service" in branch[0].call_kinds


def test_an_arrow_after_the_greeting_enumerates_and_after_a_case_branches() -> None:
    c = compile_stage("Приветствие", "Здороваемся → «ЮгГрад» + своё имя, спросить как зовут клиента.")
    assert len(c.elements) == 4
    c = compile_stage(
        "Возражения",
        "Дорого / подумаю / у конкурентов дешевле → понять что именно смущает + аргумент. Согласился и попрощался "
        "= минус.",
    )
    assert any(x.only_if and x.objections for x in c.conditions)
    assert all("farewell" not in e.concepts for e in c.elements)


def test_another_way_to_complete_adds_no_element() -> None:
    c = compile_stage(
        "Презентация",
        "ЖК + лот (корпус/этаж/метраж) + цена, и 1-2 плюса ЖК (школа, парк). КП в мессенджер тоже ок, если "
        "сказал что именно в нём (какие лоты, цены).",
    )
    assert all("contact" not in e.key and "почта" not in e.label for e in c.elements)


def test_a_current_tenant_is_an_existing_customer() -> None:
    c = compile_stage(
        "Потребность", "Что хранить и на какой срок. Не применимо: текущие арендаторы с вопросом по обслуживанию."
    )
    assert "service" in c.not_applicable_if[0].call_kinds


SUPPLIER = dialog(
    ("M", "СкладОК, Денис, здравствуйте. Как к вам обращаться?"),
    ("C", "Здравствуйте. Максим, компания «МеталлПрофиль», мы производим стеллажи для складов."),
    ("M", "Так, Максим, слушаю."),
    ("C", "Мы знаем, что вы открываете новый склад, хотели предложить перегородки для боксов."),
    ("M", "Это не ко мне, пришлите на почту, я передам директору."),
    ("C", "Спасибо, до свидания."),
)


def test_an_offer_of_goods_in_the_callers_opening_is_a_suppliers() -> None:
    assert calltype.vendor(prepare(SUPPLIER, ())) is not None
    needs = StageSpec("s2", "Потребность", "Выяснить, что будут хранить и на какой срок. Не применимо: поставщики.")
    verdicts = EmbeddedEvaluator().evaluate_checklist(SUPPLIER, ChecklistSpec("Тест", (needs,)))
    assert verdicts[0].status == "not_applicable"


def test_bracketed_examples_belong_to_the_head_noun() -> None:
    c = compile_stage("Презентация", "ЖК, лот, цена и 1-2 плюса ЖК (школа, сад, парк, паркинг).")
    advantage = next(e for e in c.elements if "advantage" in e.concepts)
    assert "паркинг" in advantage.examples


def test_a_bracketed_example_of_no_kind_is_no_element() -> None:
    c = compile_stage("Закрытие", "Не готов ехать → созвон с датой и временем (напр. после одобрения банка).")
    assert all("одобрен" not in e.label for e in c.elements)
