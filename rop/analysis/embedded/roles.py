"""The job a client needs filled, for a field like «Вакансия (должность), по которой нужен подбор».

A vacancy is a noun for a person doing a job (an animate noun, not a name), said next to the words a
vacancy is named by: «видели ваши вакансии прорабов», «Повара нужны», «на подбор менеджеров по
продажам». Several are joined with commas, in the nominative singular, with a «по …» complement kept
(«менеджер по продажам»)."""

from __future__ import annotations

from rop.analysis.embedded.lang import Token, is_known, lemmas, morph, tags
from rop.analysis.embedded.lexicon import load_json
from rop.analysis.embedded.transcript import Prepared, Unit
from rop.analysis.types import FieldSpec, FieldValue

_DATA = load_json("roles.json")
_HEADS = frozenset(_DATA["field_heads"])
_CUES = frozenset(_DATA["cues"])
_NOT_ROLES = frozenset(_DATA["not_roles"])
_WINDOW = 3  # words between the cue and the job


def is_vacancy_field(head: set[str]) -> bool:
    """The description's head names a job title ("Вакансия (должность)", "Должность кандидата")."""
    return bool(head & _HEADS)


def _role(t: Token) -> bool:
    if not t.text.isalpha() or not is_known(t.low):
        return False  # an ASR slip the dictionary does not know («поводитель», «компания-и-виктор»)
    tg = tags(t.text)
    if not tg or not tg[0][1].startswith("NOUN") or "anim" not in tg[0][1]:
        return False
    return not {"Name", "Surn", "Patr"} & set(tg[0][1].replace(" ", ",").split(",")) and t.lemma not in _NOT_ROLES


def _nominative(t: Token) -> str:
    p = next((x for x in morph().parse(t.low) if x.tag.POS == "NOUN" and "anim" in x.tag), None)
    if p is None:
        return t.lemma
    infl = p.inflect({"nomn", "sing"})
    return str(infl.word) if infl else str(p.normal_form)


def _with_complement(toks: list[Token], i: int) -> str:
    """ "менеджеров по продажам" -> "менеджер по продажам"."""
    out = _nominative(toks[i])
    if i + 2 < len(toks) and toks[i + 1].low == "по" and tags(toks[i + 2].text)[0][1].startswith("NOUN"):
        out += f" по {toks[i + 2].low}"
    return out


def _roles_in(u: Unit) -> list[str]:
    toks = u.tokens
    cues = [i for i, t in enumerate(toks) if t.lemma in _CUES]
    return [
        _with_complement(toks, i)
        for i, t in enumerate(toks)
        if any(0 < abs(i - c) <= _WINDOW for c in cues) and _role(t)
    ]


def vacancy(spec: FieldSpec, prep: Prepared) -> FieldValue:
    found: list[str] = []
    first: Unit | None = None
    for u in prep.units:
        for role in _roles_in(u):
            if not any(set(lemmas(role)) & set(lemmas(f)) for f in found):
                found.append(role)
                first = first or u
    if not found or first is None:
        return FieldValue(spec.key, None, 0)
    return FieldValue(spec.key, ", ".join(found), 55, first.text, first.start_time)
