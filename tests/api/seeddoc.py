"""The customer's API document (../shared/seed/api-v1.ru.md beside the repository), parsed at
test time so the tests follow the document itself, never a copy of it.

The repository stands alone: when the document is not beside the clone, every test that reads it is
skipped with SEED_MISSING as its visible reason (our own API document is docs/api.ru.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DOC = REPO_ROOT.parent / "shared" / "seed" / "api-v1.ru.md"
SEED_MISSING = "документ заказчика ../shared/seed/api-v1.ru.md не найден — проверки по нему пропущены"


@dataclass(frozen=True)
class Block:
    lang: str
    text: str
    heading: str  # the nearest heading above the block
    lead: str  # the bold/plain line just above the block ("**Пример cURL запроса:**")


def available() -> bool:
    return SEED_DOC.is_file()


def skip_marks() -> list[pytest.MarkDecorator]:
    """Marks for a test that replays the document: skipped, saying why, when it is not there."""
    return [] if available() else [pytest.mark.skip(reason=SEED_MISSING)]


def params(values: Callable[[], Sequence[object]], width: int = 1) -> list[Any]:
    """Parametrize values read from the document at collection time, or one skipped case without it."""
    if available():
        return list(values())
    return [pytest.param(*([None] * width), marks=skip_marks())]


def text() -> str:
    """The document's text; inside a test, skips it (SEED_MISSING) when the document is absent."""
    if not available():
        pytest.skip(SEED_MISSING)
    return _read()


@lru_cache(maxsize=1)
def _read() -> str:
    return SEED_DOC.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def blocks() -> tuple[Block, ...]:
    out: list[Block] = []
    heading = ""
    lead = ""
    lines = text().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("```"):
            lang = line[3:].strip()
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append(Block(lang, "\n".join(body), heading, lead))
            lead = ""
        elif line.strip():
            lead = line.strip()
        i += 1
    return tuple(out)


def example_key() -> str:
    """The example credential printed in the document (used only to substitute it away)."""
    block = next(b for b in blocks() if b.heading == "Аутентификация")
    return block.text.strip()


def base_url() -> str:
    """The document's base URL without the trailing slash (http://host/api/v1)."""
    block = next(b for b in blocks() if b.heading == "Базовый URL")
    return block.text.strip().rstrip("/")


def host_url() -> str:
    return base_url().rsplit("/api/v1", 1)[0]


def endpoints() -> list[tuple[str, str]]:
    """(METHOD, path under /api/v1) of every documented incoming endpoint, query stripped."""
    found: list[tuple[str, str]] = []
    prefix = base_url()
    for b in blocks():
        for m in re.finditer(r"\b(GET|POST)\s+(?:--\S+\s+)*'?(" + re.escape(prefix) + r"[^\s'?]*)", b.text):
            pair = (m.group(1), m.group(2)[len(prefix):])
            if pair not in found:
                found.append(pair)
        for m in re.finditer(r"--request\s+(GET|POST)\s+'(" + re.escape(prefix) + r"[^'?]*)", b.text):
            pair = (m.group(1), m.group(2)[len(prefix):])
            if pair not in found:
                found.append(pair)
    return found


def _strip_comments(src: str) -> str:
    return "\n".join(re.sub(r"\s*//.*$", "", line) for line in src.splitlines())


def _json_after(heading_part: str, lead_part: str) -> dict[str, Any]:
    block = next(
        b for b in blocks() if heading_part in b.heading and lead_part in b.lead and b.lang == "json"
    )
    parsed: dict[str, Any] = json.loads(_strip_comments(block.text))
    return parsed


def call_fields() -> dict[str, str]:
    """Field -> documented type ("string"/"integer") of the call intake request."""
    return _json_after("Загрузка аудиозаписей", "Параметры запроса")


def offices_params() -> dict[str, Any]:
    return _json_after("Обновление структуры офисов", "Параметры запроса")


def offices_example() -> dict[str, Any]:
    return _json_after("Обновление структуры офисов", "Пример запроса")


def managers_params() -> dict[str, Any]:
    return _json_after("Обновление данных менеджеров", "Параметры запроса")


def managers_example() -> dict[str, Any]:
    return _json_after("Обновление данных менеджеров", "Пример запроса")


def call_ready_params() -> list[str]:
    block = next(b for b in blocks() if "Проверка готовности" in b.heading and "Endpoint" in b.lead)
    return re.findall(r"[?&](\w+)=", block.text)


def call_ready_response() -> dict[str, Any]:
    return _json_after("Проверка готовности", "Ответ при готовности")


def curl_form() -> str:
    return next(b.text for b in blocks() if b.lang == "bash" and "--form" in b.text)


def curl_json() -> str:
    return next(b.text for b in blocks() if b.lang == "bash" and "--data-raw" in b.text)


def curl_json_body() -> dict[str, Any]:
    m = re.search(r"--data-raw '(.*)'", curl_json(), re.DOTALL)
    assert m, "JSON curl example has no --data-raw body"
    body: dict[str, Any] = json.loads(m.group(1))
    return body


def python_example() -> str:
    return next(b.text for b in blocks() if b.lang == "python")


def php_example() -> str:
    return next(b.text for b in blocks() if b.lang == "php")


def responses() -> dict[int, dict[str, Any]]:
    """The documented intake responses: status -> JSON body."""
    out: dict[int, dict[str, Any]] = {}
    for m in re.finditer(r"\*\*(\d{3})[^*]*\*\*:\s*`(\{.*?\})`", text()):
        out[int(m.group(1))] = json.loads(m.group(2))
    return out


def max_requests_per_minute() -> int:
    m = re.search(r"Частота запросов:\*\*\s*не более (\d+) запросов в минуту", text())
    assert m
    return int(m.group(1))


def audio_urls(src: str) -> list[str]:
    """Example audio URLs in a code sample (to be replaced by a loopback source)."""
    return sorted(set(re.findall(r"https://crm\.[\w.-]+/[\w/.-]+\.mp3", src)))


def substitute(src: str, *, server: str, key: str, audio_url: str) -> str:
    """The sample with only its base URL, key and audio URL changed."""
    out = src.replace(host_url(), server).replace(example_key(), key)
    for url in audio_urls(src):
        out = out.replace(url, audio_url)
    assert "10.28.32.81" not in out and example_key() not in out
    return out
