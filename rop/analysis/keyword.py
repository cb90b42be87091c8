"""KeywordEvaluator: a deliberately simple, honest fallback used only until the embedded
evaluator (rop.analysis.embedded.EmbeddedEvaluator) is installed.

It looks for the stage's hint phrases and for word stems of its name/criterion in the
utterances of the stage's speaker. A hint phrase found verbatim -> completed (60-75 %);
most criterion stems in one utterance -> completed (40-55 %); otherwise failed with a low
percentage (20-30 %): "not found" is weak evidence, and the percentage says so. It never
returns not_applicable (it cannot judge applicability).
"""

from __future__ import annotations

import re

from rop.analysis.quotes import fold_text
from rop.analysis.types import (
    ChecklistSpec,
    FieldValue,
    StageSpec,
    StageVerdict,
    TableResult,
    TableSpec,
    Utterance,
)

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = {
    "мрк", "менеджер", "клиент", "клиента", "клиенту", "который", "которые", "чтобы", "этого", "всех",
    "если", "когда", "также", "было", "были", "есть", "нужно", "звонка", "звонке", "звонок", "выяснил",
    "уточнил", "спросил", "узнал",
}
_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2,4})\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(fold_text(text)) if len(w) >= 4 and w not in _STOP}


class KeywordEvaluator:
    name = "keyword"

    def evaluate_checklist(self, transcript: list[Utterance], checklist: ChecklistSpec) -> list[StageVerdict]:
        return [self._stage(transcript, st) for st in checklist.stages]

    def _stage(self, transcript: list[Utterance], st: StageSpec) -> StageVerdict:
        pool = [u for u in transcript if st.speaker == "any" or u.speaker in (st.speaker, "unknown")]
        for hint in st.hints:
            h = fold_text(hint)
            if not h:
                continue
            for u in pool:
                if h in fold_text(u.text):
                    return StageVerdict(st.stage_id, "completed", 70, f"Найдена ключевая фраза «{hint}»",
                                        u.text, u.start, u.speaker)
        wanted = _stems(f"{st.name} {st.criterion}")
        best: tuple[float, Utterance] | None = None
        if wanted:
            for u in pool:
                share = len(wanted & _stems(u.text)) / len(wanted)
                if best is None or share > best[0]:
                    best = (share, u)
        if best is not None and best[0] >= 0.5:
            u = best[1]
            pct = 40 + int(15 * min(1.0, best[0]))
            return StageVerdict(st.stage_id, "completed", pct,
                                "Похожие слова найдены в реплике (простая проверка по ключевым словам)",
                                u.text, u.start, u.speaker)
        pct = 20 if not pool else 30
        return StageVerdict(st.stage_id, "failed", pct,
                            "Подтверждение не найдено (простая проверка по ключевым словам, низкая уверенность)")

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableResult:
        out = TableResult(table.table_id)
        for f in table.fields:
            value: FieldValue = FieldValue(f.key, None, 0)
            if f.type == "enum":
                for u in transcript:
                    t = fold_text(u.text)
                    hit = next((o for o in f.options if fold_text(o) and fold_text(o) in t), None)
                    if hit is not None:
                        value = FieldValue(f.key, hit, 40, u.text, u.start)
                        break
            elif f.type == "date":
                for u in transcript:
                    m = _DATE.search(u.text)
                    if m:
                        d, mo, y = (int(x) for x in m.groups())
                        y = y + 2000 if y < 100 else y
                        value = FieldValue(f.key, f"{y:04d}-{mo:02d}-{d:02d}", 30, u.text, u.start)
                        break
            elif f.type == "number":
                wanted = _stems(f"{f.key} {f.description}")
                for u in transcript:
                    if wanted & _stems(u.text):
                        m = _NUMBER.search(u.text)
                        if m:
                            num = float(m.group().replace(",", "."))
                            value = FieldValue(f.key, int(num) if num.is_integer() else num, 30, u.text, u.start)
                            break
            out.values[f.key] = value
        return out
