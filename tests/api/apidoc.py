"""Our own API as the code declares it (the NinjaAPI's OpenAPI schema, the MSG_* messages) and as
docs/api.ru.md documents it. Needs nothing outside the repository."""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
API_DOC = REPO_ROOT / "docs" / "api.ru.md"
PREFIX = "/api/v1"


def endpoints() -> list[tuple[str, str]]:
    """(METHOD, path under /api/v1) of every v1 operation, from the router's OpenAPI schema."""
    from rop.api.main import api

    schema = api.get_openapi_schema(path_prefix="")
    return sorted((method.upper(), path) for path, item in schema["paths"].items() for method in item)


def messages() -> dict[str, str]:
    """Every module-level MSG_* string constant under rop/ ("rop/core/envelope.py:MSG_QUEUED" -> text)."""
    found: dict[str, str] = {}
    for path in sorted((REPO_ROOT / "rop").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
                continue
            for target in node.targets:
                if (
                    isinstance(target, ast.Name)
                    and target.id.startswith("MSG_")
                    and isinstance(node.value.value, str)
                ):
                    found[f"{path.relative_to(REPO_ROOT)}:{target.id}"] = node.value.value
    return found


def text() -> str:
    return API_DOC.read_text(encoding="utf-8")
