"""Structural rules of the code base: packages import downwards only, functions stay short."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "rop"
MAX_FUNCTION_LINES = 80


def _package_of(module: str) -> str | None:
    """The top-level unit of rop a dotted module belongs to: rop.X (package or module)."""
    parts = module.split(".")
    if parts[0] != "rop" or len(parts) < 2:
        return None
    return parts[1]


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:` (their else branches do count)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _imported_modules(path: Path) -> Iterator[str]:
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target
            for alias in node.names:  # `from rop import calls` imports the package rop.calls
                yield f"{target}.{alias.name}"


def _source_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def build_import_graph() -> dict[str, dict[str, str]]:
    """package -> {imported package: first file that imports it}."""
    graph: dict[str, dict[str, str]] = {}
    for path in _source_files():
        own = _package_of(_module_name(path))
        if own is None:
            continue
        edges = graph.setdefault(own, {})
        for target in _imported_modules(path):
            other = _package_of(target)
            if other is not None and other != own and (ROOT / other).is_dir():
                edges.setdefault(other, str(path.relative_to(ROOT.parent)))
    return graph


def find_cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _describe(component: list[str], graph: dict[str, dict[str, str]]) -> str:
    members = set(component)
    edges = [
        f"    rop.{src} -> rop.{dst} ({where})"
        for src in component
        for dst, where in sorted(graph.get(src, {}).items())
        if dst in members
    ]
    return "cycle among " + ", ".join(component) + ":\n" + "\n".join(edges)


def test_packages_import_each_other_without_cycles() -> None:
    graph = build_import_graph()
    assert "calls" in graph and "core" in graph  # the scan found the packages
    cycles = find_cycles(graph)
    assert not cycles, "package import cycles:\n" + "\n".join(_describe(c, graph) for c in cycles)


def test_cycle_finder_reports_a_two_package_cycle() -> None:
    graph = {"a": {"b": "a.py"}, "b": {"a": "b.py"}, "c": {"a": "c.py"}}
    assert find_cycles(graph) == [["a", "b"]]


def test_imports_under_type_checking_are_ignored(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import rop.core\n"
        "if TYPE_CHECKING:\n"
        "    from rop.calls.models import Call\n"
        "else:\n"
        "    import rop.store\n"
    )
    tree = ast.parse(source)
    imported = {
        alias.name
        for node in _runtime_nodes(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in _runtime_nodes(tree) if isinstance(node, ast.ImportFrom)}
    assert "rop.calls.models" not in imported
    assert {"rop.core", "rop.store"} <= imported


def _long_functions() -> Iterator[str]:
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    rel = path.relative_to(ROOT.parent)
                    yield f"{rel}:{node.lineno} {node.name} ({length} lines)"


def test_no_function_is_longer_than_the_limit() -> None:
    too_long = list(_long_functions())
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(too_long)


# HTTP belongs to the web layers: services raise domain errors (rop.core.errors) instead.
HTTP_MODULES = ("django.http", "ninja", "rop.core.envelope", "rop.api")
HTTP_LAYERS = (
    "rop.api", "rop.ui", "rop.core.envelope", "rop.core.api_errors", "rop.core.logging", "rop.urls",
)


def test_only_the_web_layers_speak_http() -> None:
    offenders = []
    for path in _source_files():
        module = _module_name(path)
        if module.startswith(HTTP_LAYERS):
            continue
        for target in _imported_modules(path):
            if any(target == m or target.startswith(m + ".") for m in HTTP_MODULES):
                offenders.append(f"{path.relative_to(ROOT.parent)} imports {target}")
    assert not offenders, "HTTP outside rop.api / rop.ui:\n" + "\n".join(sorted(set(offenders)))
