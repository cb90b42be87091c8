"""A place said in two forms as often as each other («в Лесной поляне» and «Лесная поляна») comes out
the same on every run, whatever order Python's hash seed gives a set."""

import subprocess
import sys
from pathlib import Path

SCRIPT = """
from rop.analysis.embedded.places import unquoted_complexes
from rop.analysis.embedded.transcript import prepare
from rop.analysis.types import Utterance
turns = [("client", "Вы нам в прошлом году бассейн делали, в Лесной поляне."),
         ("manager", "Да, сейчас найду. Лесная поляна, композитная чаша восемь метров, да?")]
prep = prepare([Utterance(i * 4.0, i * 4.0 + 3.5, s, t) for i, (s, t) in enumerate(turns)])
print(sorted({name for name, _, _ in unquoted_complexes(prep)}))
"""


def test_a_place_said_in_two_forms_comes_out_the_same_whatever_the_hash_seed() -> None:
    root = Path(__file__).resolve().parents[3]
    outs = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert outs == {"['Лесная поляна']"}
