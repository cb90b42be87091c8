"""README stays true to the code: every ROP_* variable of rop/config.py's settings table is in
README's configuration table with its default and description, and its test command is the one
.ci/run runs."""

from __future__ import annotations

import re

from rop.config import SETTINGS, markdown_table
from tests.api.seeddoc import REPO_ROOT

_ROW = re.compile(r"^\| `(ROP_[A-Z0-9_]+)` \| ([^|]*) \| (.*) \|$", re.MULTILINE)
_FIX = "regenerate it with `python -m rop.config`"


def _readme_rows() -> dict[str, tuple[str, str]]:
    readme = (REPO_ROOT / "README.md").read_text()
    return {name: (default.strip(), meaning.strip()) for name, default, meaning in _ROW.findall(readme)}


def test_every_config_variable_is_documented_in_the_readme() -> None:
    variables = {s.env for s in SETTINGS}
    source = (REPO_ROOT / "rop" / "config.py").read_text()
    assert set(re.findall(r'"(ROP_[A-Z0-9_]+)"', source)) == variables, (
        "a ROP_ variable read outside the table"
    )
    table = set(_readme_rows())
    assert variables - table == set(), f"undocumented in README's configuration table: {_FIX}"
    assert table - variables == set(), "README documents variables that rop/config.py does not read"


def test_documented_defaults_match_the_code() -> None:
    rows = _readme_rows()
    checked = 0
    for s in SETTINGS:
        default = rows[s.env][0]
        assert default == s.shown_default(), (
            f"{s.env}: README default {default!r}, code {s.shown_default()!r}"
        )
        if not callable(s.default) and s.default not in ("", None):
            expected = {True: "1", False: "0"}.get(s.default, s.default) if s.kind == "bool" else s.default
            assert f"`{expected}`" in default, f"{s.env}: README default {default!r}, code {expected!r}"
            checked += 1
    assert checked > 20


def test_documented_meanings_match_the_settings_table() -> None:
    rows = _readme_rows()
    for s in SETTINGS:
        assert rows[s.env][1] == s.description, f"{s.env}: README and rop/config.py differ; {_FIX}"
    readme = (REPO_ROOT / "README.md").read_text()
    assert markdown_table() in readme, f"README's configuration table is out of order or edited; {_FIX}"


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
