"""README stays true to the code: every ROP_* variable in rop/config.py is in its configuration
table with its literal default, and its test command is the one .ci/run runs."""

from __future__ import annotations

import re

from tests.api.seeddoc import REPO_ROOT


def test_every_config_variable_is_documented_in_the_readme() -> None:
    source = (REPO_ROOT / "rop" / "config.py").read_text()
    variables = set(re.findall(r'"(ROP_[A-Z0-9_]+)"', source))
    readme = (REPO_ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `(ROP_[A-Z0-9_]+)` \|", readme, re.MULTILINE))
    assert variables - table == set(), "undocumented in README's configuration table"
    assert table - variables == set(), "README documents variables that rop/config.py does not read"


def test_documented_defaults_match_the_code() -> None:
    source = (REPO_ROOT / "rop" / "config.py").read_text()
    readme = (REPO_ROOT / "README.md").read_text()
    rows = dict(re.findall(r"^\| `(ROP_[A-Z0-9_]+)` \| ([^|]*) \|", readme, re.MULTILINE))
    literal = re.findall(r'_(?:int|float|bool|choice|str)\("(ROP_[A-Z0-9_]+)", ([^,)]+)', source)
    checked = 0
    for name, default in literal:
        default = default.strip()
        if default in ('""', "''") or not re.fullmatch(r'"[^"]*"|-?[0-9.]+|True|False', default):
            continue  # empty or computed defaults are described in words
        expected = {"True": "1", "False": "0"}.get(default, default.strip('"'))
        assert f"`{expected}`" in rows[name], f"{name}: README default {rows[name]!r}, code {expected!r}"
        checked += 1
    assert checked > 20


def test_readme_test_commands_are_the_ones_ci_runs() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "bash .ci/run" in readme
    # Every pytest invocation of .ci/run (less the pass-through "$@") is shown in the README.
    runs = re.findall(r'(\.venv/bin/pytest[^\n]*?)\s*"\$@"', ci)
    assert len(runs) == 2, runs
    readme_flat = " ".join(readme.replace("\\\n", " ").split())
    for run in runs:
        assert " ".join(run.split()) in readme_flat, run