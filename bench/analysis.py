"""Benchmark of the embedded evaluator on the labelled Russian sales calls.

    .venv/bin/python bench/analysis.py               # tuning + held-out splits, text transcripts
    .venv/bin/python bench/analysis.py --verbose     # plus every wrong verdict / field
    .venv/bin/python bench/analysis.py --from-audio  # synthesise each call, run ASR, evaluate that

Prints evaluator time per minute of audio, stage accuracy, balanced accuracy (mean recall of
completed / failed / not_applicable), the share of verbatim quotes, field accuracy for client
name, budget and district.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rop.analysis.types import (
    ChecklistSpec,
    FieldSpec,
    StageSpec,
    TableSpec,
    Utterance,
)

DATA = ROOT / "bench" / "data" / "analysis"
SPLITS = ("tune", "holdout", "holdout2", "holdout3")
STATUSES = ("completed", "failed", "not_applicable")
WORDS_PER_SECOND = 2.3  # conversational Russian
SPEAKERS = {"M": "manager", "C": "client"}


def load(split: str) -> dict[str, Any]:
    return json.loads((DATA / f"{split}.json").read_text(encoding="utf-8"))


def checklist_of(data: dict[str, Any]) -> ChecklistSpec:
    c = data["checklist"]
    return ChecklistSpec(
        c["name"],
        tuple(
            StageSpec(
                s["stage_id"],
                s["name"],
                s["criterion"],
                tuple(s.get("hints", ())),
                s.get("weight", 1),
                s.get("speaker", "manager"),
            )
            for s in c["stages"]
        ),
    )


def table_of(data: dict[str, Any]) -> tuple[TableSpec, dict[str, str]]:
    t = data["table"]
    fields = tuple(
        FieldSpec(f["key"], f["description"], f.get("type", "string"), tuple(f.get("options", ())))
        for f in t["fields"]
    )
    aliases = t.get("aliases") or {f.key: f.key for f in fields}
    return TableSpec(t["table_id"], t["name"], fields), aliases


def transcript_of(call: dict[str, Any]) -> list[Utterance]:
    """Text turns with timings estimated from the word count."""
    out: list[Utterance] = []
    t = 0.0
    for code, text in call["turns"]:
        dur = max(0.8, len(text.split()) / WORDS_PER_SECOND)
        out.append(Utterance(round(t, 2), round(t + dur, 2), SPEAKERS[code], text))
        t += dur + 0.4
    return out


def transcript_from_audio(call: dict[str, Any], workdir: Path) -> list[Utterance]:  # pragma: no cover
    """Synthesise the call (tests/support/speech.py: festival voices, stereo 8 kHz MP3, manager on
    the left) and transcribe it with the pipeline's own decode + ASR code (rop.asr.analyze).
    The ASR output is cached under var/bench by the call's text, so a rerun costs no ASR."""
    os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("ROP_SPEECH_CACHE", str(ROOT / "var" / "bench"))
    import hashlib

    key = hashlib.sha256(json.dumps(call["turns"], ensure_ascii=False).encode()).hexdigest()[:16]
    cache = ROOT / "var" / "bench" / "analysis-asr" / f"{call['id']}-{key}.json"
    if cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        return [Utterance(r["start"], r["end"], r["speaker"], r["text"]) for r in rows]
    from rop.asr.analyze import to_utterances, transcribe_file
    from tests.support.speech import Turn, build_dialogue

    # festival reads no typographic quotes; the words stay the same
    turns = [Turn(SPEAKERS[c], text.replace("«", "").replace("»", "")) for c, text in call["turns"]]
    dialogue = build_dialogue(turns, stereo=True, fmt="mp3", name="analysis-" + call["id"])
    segments, _duration, _channels = transcribe_file(dialogue.path)
    out = to_utterances(segments)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([u.__dict__ for u in out], ensure_ascii=False, indent=0), encoding="utf-8")
    return out


def _lem_set(s: str) -> set[str]:
    from rop.analysis.embedded.lang import lemmas

    generic = {
        "район",
        "микрорайон",
        "округ",
        "метро",
        "улица",
        "проспект",
        "остров",
        "станция",
        "жк",
        "в",
        "на",
    }
    return {w for w in lemmas(s) if w not in generic}


def same_name(pred: Any, exp: Any) -> bool:
    if exp is None or pred is None:
        return exp is None and pred is None
    p, e = _lem_set(str(pred)), _lem_set(str(exp))
    if not p or not e:
        return False
    pf, ef = str(pred).split()[0].lower(), str(exp).split()[0].lower()
    return pf == ef and (p <= e or e <= p)


def same_budget(pred: Any, exp: Any) -> bool:
    if exp is None or pred is None:
        return exp is None and pred is None
    from rop.analysis.embedded.fields import parse_amounts
    from rop.analysis.embedded.numbers import normalize_numbers

    want = sorted(exp) if isinstance(exp, list) else [exp]
    if isinstance(pred, (int, float)):
        got = [float(pred)]
    else:
        got = sorted(set(parse_amounts(normalize_numbers(str(pred)).lower())))
    if not got:
        return False
    if len(want) == 1:
        return abs(got[-1] - want[0]) <= 0.01 * want[0]
    return len(got) == len(want) and all(abs(g - w) <= 0.01 * w for g, w in zip(got, want, strict=False))


def same_place(pred: Any, exp: Any) -> bool:
    if exp is None or pred is None:
        return exp is None and pred is None
    p, e = _lem_set(str(pred)), _lem_set(str(exp))
    return bool(p and e) and (p <= e or e <= p)


def same_plain(pred: Any, exp: Any) -> bool:
    if exp is None or pred is None:
        return exp is None and pred is None
    if isinstance(exp, (int, float)):
        try:
            return abs(float(pred) - float(exp)) < 1e-6
        except (TypeError, ValueError):
            return False
    return str(pred).strip().lower() == str(exp).strip().lower()


COMPARE = {
    "client_name": same_name,
    "budget": same_budget,
    "district": same_place,
    "object_type": same_plain,
    "rooms": same_plain,
}


def verbatim(quote: str, transcript: list[Utterance]) -> bool:
    return any(quote in u.text for u in transcript)


def run_split(split: str, evaluator: Any, verbose: bool, from_audio: bool, workdir: Path) -> dict[str, float]:
    data = load(split)
    checklist = checklist_of(data)
    table, aliases = table_of(data)
    inv = {v: k for k, v in aliases.items()}
    total_time = 0.0
    total_minutes = 0.0
    correct = n = 0
    confusion: dict[str, dict[str, int]] = {s: {t: 0 for t in STATUSES} for s in STATUSES}
    quotes = quotes_ok = 0
    field_hits: dict[str, list[bool]] = {k: [] for k in COMPARE}
    for call in data["calls"]:
        tr = transcript_from_audio(call, workdir) if from_audio else transcript_of(call)
        minutes = max(u.end for u in tr) / 60 if tr else 0.0
        t0 = time.perf_counter()
        verdicts = evaluator.evaluate_checklist(tr, checklist)
        result = evaluator.extract_table(tr, table)
        total_time += time.perf_counter() - t0
        total_minutes += minutes
        assert [v.stage_id for v in verdicts] == [s.stage_id for s in checklist.stages]
        for v in verdicts:
            exp = call["labels"][v.stage_id]
            confusion[exp][v.status] += 1
            n += 1
            ok = exp == v.status
            correct += ok
            if v.quote:
                quotes += 1
                good = verbatim(v.quote, tr)
                quotes_ok += good
                if not good:
                    print(f"  NOT VERBATIM {call['id']}/{v.stage_id}: {v.quote!r}")
            if verbose and not ok:
                print(
                    f"  {call['id']:<32} {v.stage_id:<11} want {exp:<15} got {v.status:<15} "
                    f"{v.percentage:>3}% "
                    f"{v.comment} | {v.quote[:70]!r}"
                )
        for canon, cmp in COMPARE.items():
            if canon not in call["fields"]:
                continue
            key = inv.get(canon, canon)
            fv = result.values.get(key)
            pred = fv.value if fv else None
            hit = cmp(pred, call["fields"][canon])
            field_hits[canon].append(hit)
            if verbose and not hit:
                print(f"  {call['id']:<32} field {canon:<12} want {call['fields'][canon]!r} got {pred!r}")
    recalls = [confusion[s][s] / sum(confusion[s].values()) for s in STATUSES if sum(confusion[s].values())]
    out = {
        "calls": len(data["calls"]),
        "audio_min": total_minutes,
        "sec_per_audio_min": total_time / total_minutes if total_minutes else 0.0,
        "stage_acc": correct / n if n else 0.0,
        "balanced_acc": sum(recalls) / len(recalls) if recalls else 0.0,
        "verbatim": quotes_ok / quotes if quotes else 1.0,
        "quotes": quotes,
    }
    for k, hits in field_hits.items():
        out[f"field_{k}"] = sum(hits) / len(hits) if hits else 0.0
    out["field_name_budget_district"] = (
        out["field_client_name"] + out["field_budget"] + out["field_district"]
    ) / 3
    print(f"\n== {split}: {out['calls']} calls, {out['audio_min']:.1f} min of audio (estimated from timings)")
    print(f"evaluator time per audio minute: {out['sec_per_audio_min']:.3f} s")
    print(f"stage accuracy:     {out['stage_acc']:.1%} ({correct}/{n})")
    print(
        f"balanced accuracy:  {out['balanced_acc']:.1%} (recall "
        + ", ".join(f"{s}={confusion[s][s]}/{sum(confusion[s].values())}" for s in STATUSES)
        + ")"
    )
    print(f"verbatim quotes:    {out['verbatim']:.1%} ({quotes_ok}/{quotes})")
    for k in COMPARE:
        print(f"field {k:<12}  {out['field_' + k]:.1%}")
    print(f"name+budget+district mean: {out['field_name_budget_district']:.1%}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=SPLITS, action="append")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--from-audio", action="store_true", help="synthesise + ASR each call first")
    args = ap.parse_args()
    from rop.analysis.embedded import EmbeddedEvaluator

    ev = EmbeddedEvaluator()
    t0 = time.perf_counter()
    ev.warm_up()
    print(f"model load (e5 + natasha + pymorphy3): {time.perf_counter() - t0:.2f} s")
    workdir = Path("/tmp/rop-bench-analysis")
    workdir.mkdir(exist_ok=True)
    for split in args.split or SPLITS:
        run_split(split, ev, args.verbose, args.from_audio, workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
