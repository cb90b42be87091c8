"""The LLM evaluator: any OpenAI-compatible chat endpoint (ROP_LLM_BASE_URL, ROP_LLM_MODEL,
ROP_LLM_API_KEY), called through rop.net.http with the TRUSTED policy (operator-configured).

Request shape (built for the provider's prompt cache):
  1. system: fixed instructions (same for every call and every checklist/table);
  2. user: the transcript, "[MM:SS] Менеджер: ..." lines;
  3. user: the checklist's or the table's instructions.
Messages 1-2 form an identical prefix for all checklists and tables of one call, so a
provider with prefix caching (OpenAI, vLLM, llama.cpp ``cache_prompt``) processes the
transcript once. ``temperature`` is 0, output is constrained by ``response_format``
``json_schema`` with ``strict: true`` and ``additionalProperties: false`` everywhere;
stage ids are an ``enum`` so the model cannot invent stages. With ROP_LLM_SCHEMA_LIMITS
(default on) strings carry ``maxLength`` so a small model cannot ramble past max_tokens.

Reliability: connect/read timeouts (ROP_LLM_TIMEOUT); what rop.net.transport calls transient
(network errors, 408, 425, 429, 5xx; Retry-After honoured) is retried RETRIES times with its
backoff inside one stage attempt, then raises TransientError (the worker retries the stage later).
Output that is not valid JSON for the schema is re-requested once, then TransientError. 400 -> PermanentError;
401/403/404 -> TransientError with a message naming the configuration (operator can fix it).

Long calls (up to 45 min, more than the context): the transcript is split into time
windows that fit ROP_LLM_CONTEXT_TOKENS (estimated at CHARS_PER_TOKEN characters per token,
after reserving room for instructions and output), consecutive windows overlapping by
OVERLAP_SECONDS so an exchange on a border is seen whole by one window. Each window is
evaluated alone and verdicts are merged per stage:
  - completed if any window shows it with a quote that verifies verbatim (highest
    percentage of those wins, its comment and quote kept); else
  - completed-but-unverified windows count as completed with the capped percentage; else
  - failed if any window judged it failed (the window with the most confidence); else
  - not_applicable (no window found it applicable).
Table fields: the non-null value with the highest confidence wins, values with a verified
quote first.

Checklists are prompted in the compiled stage's terms (rop.analysis.llm_terms): each stage's
elements, requirement and conditions (the head of sales' corrections applied) and a few of the
organisation's reviewed calls; the model answers per element before its verdict, and the
comment names the elements found and missing.

The model's own confidence is never taken as is: rop.analysis.quotes caps the percentage
when the quote is not verbatim (swapped for the nearest utterance) or missing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rop import config
from rop.analysis import quotes
from rop.analysis.llm_terms import (
    StageTerms,
    compile_stages,
    element_comment,
    example_lines,
    stage_lines,
)
from rop.analysis.types import (
    ChecklistSpec,
    FieldValue,
    StageVerdict,
    TableResult,
    TableSpec,
    Utterance,
)
from rop.core.speech import SPEAKER_LABELS
from rop.net import http, transport
from rop.pipeline.errors import PermanentError, TransientError, stage_error

log = logging.getLogger(__name__)

CHARS_PER_TOKEN = 3.0  # conservative for Russian text with common tokenizers
OVERLAP_SECONDS = 60.0
RETRIES = 3
MAX_INLINE_WAIT = 60.0  # longest in-stage pause between tries (a longer Retry-After goes to the worker)
RESERVED_TOKENS = 1500  # system prompt + instructions
SPEAKER_RU = SPEAKER_LABELS
SPEAKER_TASK_RU = {"manager": "менеджер", "client": "клиент", "any": "любой участник"}
COMMENT_MAX = 500  # what we keep of a model's comment

SYSTEM_PROMPT = (
    "Ты — эксперт по контролю качества звонков отдела продаж (руководитель отдела продаж). "
    "Тебе дают расшифровку телефонного звонка менеджера с клиентом и задание: оценить звонок "
    "по чек-листу или извлечь данные для таблицы. Отвечай строго JSON по заданной схеме. "
    "Правила: опирайся только на расшифровку; цитата (quote) — дословный фрагмент одной реплики "
    "из расшифровки без изменений, либо пустая строка, если подтверждения нет; комментарий — "
    "кратко по-русски; percentage/confidence — насколько ты уверен (0-100). Этап, который к "
    "звонку неприменим (например, клиент не возражал — нельзя оценить отработку возражений), "
    "получает статус not_applicable."
)


def fmt_time(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60:02d}:{s % 60:02d}"


def render_transcript(transcript: list[Utterance]) -> str:
    return "\n".join(f"[{fmt_time(u.start)}] {SPEAKER_RU.get(u.speaker, 'Собеседник')}: {u.text}"
                     for u in transcript)


def chunk_transcript(transcript: list[Utterance], max_chars: int,
                     overlap_seconds: float = OVERLAP_SECONDS) -> list[list[Utterance]]:
    """Time windows whose rendering fits max_chars, overlapping by overlap_seconds."""
    if not transcript:
        return [[]]
    sizes = [len(render_transcript([u])) + 1 for u in transcript]
    if sum(sizes) <= max_chars:
        return [transcript]
    windows: list[list[Utterance]] = []
    i = 0
    n = len(transcript)
    while i < n:
        j, used = i, 0
        while j < n and (used + sizes[j] <= max_chars or j == i):
            used += sizes[j]
            j += 1
        windows.append(transcript[i:j])
        if j >= n:
            break
        # next window starts overlap_seconds before the end of this one (but always advances)
        border = transcript[j - 1].end - overlap_seconds
        k = j
        while k - 1 > i + 1 and transcript[k - 1].start >= border:
            k -= 1
        i = max(k, i + 1)
    return windows


@dataclass
class LlmSettings:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 120.0
    context_tokens: int = 16384
    max_output_tokens: int = 2048
    schema_limits: bool = True
    max_string_chars: int = 300  # maxLength of comment/quote/value strings (with schema_limits)

    @classmethod
    def from_config(cls) -> LlmSettings:
        cfg = config.get()
        return cls(cfg.llm_base_url, cfg.llm_model, cfg.llm_api_key, cfg.llm_timeout,
                   cfg.llm_context_tokens, cfg.llm_max_output_tokens, cfg.llm_schema_limits)


class LlmEvaluator:
    name = "llm"

    def __init__(self, settings: LlmSettings | None = None):
        self.settings = settings or LlmSettings.from_config()
        if not self.settings.base_url:
            raise PermanentError("Не настроен адрес LLM (ROP_LLM_BASE_URL) для ROP_ANALYZER=llm")
        self.requests_made = 0

    # ------------------------------------------------------------ public API

    def evaluate_checklist(self, transcript: list[Utterance], checklist: ChecklistSpec, *,
                           compiled: Mapping[str, Any] | None = None,
                           examples: Mapping[str, Sequence[Any]] | None = None) -> list[StageVerdict]:
        """One verdict per stage. The prompt gives each stage's compiled elements and conditions
        (`compiled`: stage_id -> the head of sales' corrected CompiledStage; others compiled here) and a
        few of the organisation's reviewed calls (`examples`: stage_id -> LabelledExample); the model
        answers per element (found or not), and the comment is written in those elements."""
        stages = compile_stages(checklist, compiled)
        instructions = self._checklist_instructions(checklist, stages, examples or {})
        schema = self._checklist_schema(checklist, stages)
        per_window: list[list[StageVerdict]] = []
        for window in self._windows(transcript, instructions):
            raw = self._ask(window, instructions, schema, "checklist_result")
            per_window.append(self._parse_checklist(raw, checklist, window, stages))
        return merge_checklist(checklist, per_window)

    def extract_table(self, transcript: list[Utterance], table: TableSpec) -> TableResult:
        per_window: list[TableResult] = []
        for window in self._windows(transcript):
            raw = self._ask(window, self._table_instructions(table), self._table_schema(table), "table_result")
            per_window.append(self._parse_table(raw, table, window))
        return merge_tables(table, per_window)

    # ------------------------------------------------------------ prompts and schemas

    def _windows(self, transcript: list[Utterance], instructions: str = "") -> list[list[Utterance]]:
        s = self.settings
        reserved = max(RESERVED_TOKENS, int((len(SYSTEM_PROMPT) + len(instructions)) / CHARS_PER_TOKEN) + 200)
        budget_tokens = s.context_tokens - reserved - s.max_output_tokens
        max_chars = max(1000, int(budget_tokens * CHARS_PER_TOKEN))
        return chunk_transcript(transcript, max_chars)

    def _str(self, max_len: int) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.settings.schema_limits:
            out["maxLength"] = max_len
        return out

    @staticmethod
    def _checklist_instructions(checklist: ChecklistSpec, stages: dict[str, StageTerms] | None = None,
                                examples: Mapping[str, Sequence[Any]] | None = None) -> str:
        lines = []
        for st in checklist.stages:
            line = f"- {st.stage_id} — {st.name} — {st.criterion or st.name} (кто: {SPEAKER_TASK_RU[st.speaker]})"
            lines.append(line + ("; ключевые фразы: " + "; ".join(st.hints) if st.hints else ""))
            terms = (stages or {}).get(st.stage_id)
            lines += stage_lines(terms) if terms is not None else []
            lines += example_lines(st, (examples or {}).get(st.stage_id) or ())
        return _task(f"Задание: оцени звонок по чек-листу «{checklist.name}».", checklist.prompt,
                     "Этапы (stage_id — название — критерий; элементы — что именно проверить):", lines,
                     "Для каждого этапа верни stage_id; elements — по каждому элементу этапа: id и found "
                     "(true — есть в звонке); затем status (completed — выполнено, failed — не выполнено, "
                     "not_applicable — неприменимо) по требованию и условиям этапа, percentage, comment "
                     "(по-русски, в терминах элементов) и quote (дословная цитата или \"\").")

    def _checklist_schema(self, checklist: ChecklistSpec,
                          stages: dict[str, StageTerms] | None = None) -> dict[str, Any]:
        ids = [s.stage_id for s in checklist.stages]
        element_ids = [e.id for terms in (stages or {}).values() for e in terms.elements]
        elements: dict[str, Any] = {}
        if element_ids:  # answered before the status: the verdict follows from the elements
            answers: dict[str, Any] = {"type": "array", "items": _object({
                "id": {"type": "string", "enum": element_ids}, "found": {"type": "boolean"}})}
            if self.settings.schema_limits:  # a small model cannot loop over the elements
                answers["maxItems"] = max(len(t.elements) for t in (stages or {}).values())
            elements = {"elements": answers}
        item = _object({
            "stage_id": {"type": "string", "enum": ids},
            **elements,
            "status": {"type": "string", "enum": ["completed", "failed", "not_applicable"]},
            "percentage": {"type": "integer"},
            "comment": self._str(self.settings.max_string_chars),
            "quote": self._str(self.settings.max_string_chars),
        })
        items: dict[str, Any] = {"type": "array", "items": item}
        if self.settings.schema_limits:
            items["minItems"] = len(ids)
            items["maxItems"] = len(ids)
        return _object({"stages": items})

    @staticmethod
    def _table_instructions(table: TableSpec) -> str:
        lines = []
        for f in table.fields:
            line = f"- {f.key} — {f.description or f.key} (тип: {f.type})"
            if f.type == "enum" and f.options:
                line += "; варианты: " + "; ".join(f.options)
            lines.append(line + ("; формат ГГГГ-ММ-ДД" if f.type == "date" else ""))
        return _task(f"Задание: извлеки из звонка данные для таблицы «{table.name}».", table.prompt,
                     "Поля (ключ — что извлечь):", lines,
                     "Для каждого поля верни value (null, если в звонке этого нет), confidence и quote "
                     "(дословная цитата или \"\").")

    def _table_schema(self, table: TableSpec) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for f in table.fields:
            value: dict[str, Any]
            if f.type == "number":
                value = {"type": ["number", "null"]}
            elif f.type == "enum":
                value = {"type": ["string", "null"], "enum": [*f.options, None]}
            else:
                value = {"type": ["string", "null"]}
                if self.settings.schema_limits:
                    value["maxLength"] = self.settings.max_string_chars
            props[f.key] = _object({"value": value, "confidence": {"type": "integer"},
                                    "quote": self._str(self.settings.max_string_chars)})
        return _object(props)

    # ------------------------------------------------------------ transport

    def _ask(self, window: list[Utterance], instructions: str, schema: dict[str, Any], name: str) -> dict[str, Any]:
        s = self.settings
        body = {
            "model": s.model or "default",
            "temperature": 0,
            "max_tokens": s.max_output_tokens,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": "Расшифровка звонка:\n" + (render_transcript(window) or "(пусто)")},
                {"role": "user", "content": instructions},
            ],
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": name, "strict": True, "schema": schema}},
        }
        bad_output = 0
        while True:
            content = self._post(body)
            try:
                data = json.loads(content)
                if isinstance(data, dict):
                    return data
            except ValueError:
                pass
            bad_output += 1
            log.warning("llm: output is not valid JSON (%d chars)", len(content))
            if bad_output > 1:
                raise TransientError("Модель вернула ответ не по схеме JSON")

    def _post(self, body: dict[str, Any]) -> str:
        """POST with RETRIES tries inside the stage attempt; rop.net.transport decides what is transient."""
        s = self.settings
        url = s.base_url.rstrip("/") + "/chat/completions"
        headers = {"Accept": "application/json"}
        if s.api_key:
            headers["Authorization"] = f"Bearer {s.api_key}"
        last: http.HttpError | None = None
        for attempt in range(1, RETRIES + 1):
            if last is not None:
                delay = transport.backoff_seconds(attempt - 1, base=1.0, cap=30.0, retry_after=last.retry_after)
                if delay > MAX_INLINE_WAIT:  # the server asks for a long pause: the worker waits, not this stage
                    raise TransientError(last.message, retry_after=last.retry_after)
                time.sleep(delay)
            self.requests_made += 1
            try:
                return self._post_once(url, body, headers)
            except http.HttpError as exc:
                if not exc.transient or exc.status in transport.CONFIGURATION_STATUSES:
                    raise stage_error(exc) from None
                last = exc
        assert last is not None
        raise TransientError(f"LLM недоступна после {RETRIES} попыток: {last.message}", retry_after=last.retry_after)

    def _post_once(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> str:
        """One request: the message content, or HttpError classified by rop.net.transport."""
        s = self.settings
        try:
            resp = http.request(url, method="POST", json=body, headers=headers,
                                connect_timeout=min(10.0, s.timeout), read_timeout=s.timeout, policy=http.TRUSTED)
        except http.HttpError as exc:
            raise http.HttpError(f"LLM недоступна: {exc.message}", transient=exc.transient, status=exc.status,
                                 retry_after=exc.retry_after) from None
        status = resp.status
        if status == 200:
            try:
                payload = resp.json()
                return str(payload["choices"][0]["message"]["content"] or "")  # type: ignore[index]
            except (ValueError, KeyError, IndexError, TypeError):
                raise http.HttpError("некорректный ответ сервера LLM", transient=True, status=status) from None
        raise transport.configured_endpoint_error(
            status, resp.headers.get("retry-after", ""),
            misconfigured=f"LLM ответила {status}: проверьте ROP_LLM_BASE_URL, ROP_LLM_MODEL и ROP_LLM_API_KEY",
            unavailable=f"LLM ответила {status}",
            rejected=f"LLM отклонила запрос ({status}): {resp.body[:300].decode('utf-8', 'replace')}")

    # ------------------------------------------------------------ parsing

    @staticmethod
    def _parse_checklist(raw: dict[str, Any], checklist: ChecklistSpec, window: list[Utterance],
                         stages: dict[str, StageTerms] | None = None) -> list[StageVerdict]:
        ids = {s.stage_id for s in checklist.stages}
        got: dict[str, StageVerdict] = {}
        items = raw.get("stages") if isinstance(raw.get("stages"), list) else []
        for item in items or []:
            if not isinstance(item, dict) or item.get("stage_id") not in ids or item["stage_id"] in got:
                continue
            status = item.get("status")
            if status not in ("completed", "failed", "not_applicable"):
                continue
            pct = _int(item.get("percentage"))
            comment = element_comment((stages or {}).get(item["stage_id"]), item.get("elements"),
                                      str(item.get("comment") or ""))
            v = StageVerdict(item["stage_id"], status, pct, comment[:COMMENT_MAX], str(item.get("quote") or ""))
            got[v.stage_id] = quotes.verify_verdict(v, window)
        out = []
        for st in checklist.stages:
            out.append(got.get(st.stage_id) or StageVerdict(st.stage_id, "failed", 0,
                                                            "Модель не оценила этап"))
        return out

    @staticmethod
    def _parse_table(raw: dict[str, Any], table: TableSpec, window: list[Utterance]) -> TableResult:
        result = TableResult(table.table_id)
        for f in table.fields:
            item = raw.get(f.key)
            if not isinstance(item, dict):
                result.values[f.key] = FieldValue(f.key, None, 0)
                continue
            value = _coerce(item.get("value"), f.type, f.options)
            fv = FieldValue(f.key, value, _int(item.get("confidence")), str(item.get("quote") or ""))
            result.values[f.key] = quotes.verify_field(fv, window) if value is not None else FieldValue(f.key, None, 0)
        return result


def _task(title: str, prompt: str, heading: str, items: list[str], answer: str) -> str:
    """The checklist's / table's instructions message: title, own prompt, items, what to return."""
    return "\n".join([title, *([prompt] if prompt else []), heading, *items, answer])


def _object(props: dict[str, Any]) -> dict[str, Any]:
    """A strict JSON-schema object: every property required, nothing else allowed."""
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def _int(value: Any) -> int:
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return 0


def _coerce(value: Any, ftype: str, options: tuple[str, ...]) -> str | float | None:
    if value is None or value == "":
        return None
    if ftype == "number":
        if isinstance(value, bool):
            return None
        try:
            num = float(str(value).replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
        return int(num) if num.is_integer() else num
    text = str(value).strip()
    if ftype == "enum":
        return text if text in options else None
    return text or None


def merge_checklist(checklist: ChecklistSpec, per_window: list[list[StageVerdict]]) -> list[StageVerdict]:
    if len(per_window) == 1:
        return per_window[0]
    merged: list[StageVerdict] = []
    for st in checklist.stages:
        cands = [v for w in per_window for v in w if v.stage_id == st.stage_id]
        verified = [v for v in cands if v.status == "completed" and v.quote]
        completed = [v for v in cands if v.status == "completed"]
        failed = [v for v in cands if v.status == "failed"]
        pool = verified or completed or failed or cands
        merged.append(max(pool, key=lambda v: v.percentage) if pool else
                      StageVerdict(st.stage_id, "failed", 0, "Нет оценки для этапа"))
    return merged


def merge_tables(table: TableSpec, per_window: list[TableResult]) -> TableResult:
    if len(per_window) == 1:
        return per_window[0]
    out = TableResult(table.table_id)
    for f in table.fields:
        cands = [w.values[f.key] for w in per_window if f.key in w.values and w.values[f.key].value is not None]
        if not cands:
            out.values[f.key] = FieldValue(f.key, None, 0)
            continue
        out.values[f.key] = max(cands, key=lambda v: (bool(v.quote), v.confidence))
    return out
