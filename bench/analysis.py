"""Benchmark of the embedded evaluator on the labelled Russian sales calls.

    .venv/bin/python bench/analysis.py                  # tuning sets, text transcripts
    .venv/bin/python bench/analysis.py --blind          # plus the blind sets (a measurement: record it)
    .venv/bin/python bench/analysis.py --verbose        # plus every wrong verdict / field
    .venv/bin/python bench/analysis.py --from-audio     # synthesise each call, run ASR, evaluate that
    .venv/bin/python bench/analysis.py --set holdout3   # one set (repeatable)
    .venv/bin/python bench/analysis.py --examples 0,5,20  # learning curve: the labels of the first
                                                        # N calls as reviewed examples, measured on
                                                        # the calls after the largest N

Tuning splits (bench/data/analysis/*.json) have all been tuned on: their figures show regressions,
not generalisation. Blind sets (bench/data/analysis/blind-*/set.json, same structure plus optional
per-call "evidence" and "accept": {stage_id or field: [other acceptable answers]}) are reported
separately; once a blind set has been looked at and tuned on, it is a tuning set too.

Prints evaluator time per minute of audio, stage accuracy, balanced accuracy (mean recall of
completed / failed / not_applicable), the share of verbatim quotes, field accuracy for client
name, budget and district.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# --from-audio: the pipeline's wall-time budget per batch (1x speech) cuts transcripts short on a
# loaded machine («asr time budget exceeded»); a measurement must never be truncated.
os.environ.setdefault("ROP_ASR_TIME_FACTOR", "20")

from rop.analysis.callday import on_call_day
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


def folder_sets() -> list[str]:
    return sorted(p.parent.name for p in DATA.glob("blind*/set.json"))


def tuned_sets() -> tuple[str, ...]:
    """The splits plus every folder set listed in tuned.txt: sets whose errors were read and tuned on."""
    listed = (DATA / "tuned.txt").read_text(encoding="utf-8").split()
    return SPLITS + tuple(n for n in folder_sets() if n in listed)


def blind_sets() -> list[str]:
    return [n for n in folder_sets() if n not in tuned_sets()]


def load(name: str) -> dict[str, Any]:
    path = DATA / name / "set.json" if (DATA / name / "set.json").exists() else DATA / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


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
        FieldSpec(f["key"], f["description"], f.get("type", "string"), tuple(f.get("options", ()))) for f in t["fields"]
    )
    aliases = t.get("aliases") or {f.key: f.key for f in fields}
    return TableSpec(t["table_id"], t["name"], fields), aliases


def transcript_of(call: dict[str, Any]) -> list[Utterance]:
    """Text turns with timings estimated from the word count."""
    out: list[Utterance] = []
    t = 0.0
    for code, text in call["turns"]:
        dur = max(0.8, len(text.split()) / WORDS_PER_SECOND)
        out.append(Utterance(round(t, 2), round(t + dur, 2), SPEAKERS[code], text))  # type: ignore[arg-type]
        t += dur + 0.4
    return out


def speakable(text: str) -> str:
    """festival reads no typographic quotes, dashes or ellipses (it writes an empty file);
    the words stay the same."""
    text = text.replace("«", "").replace("»", "").replace("…", ".").replace("...", ".")
    text = re.sub(r"(?<=\w)\.(?=\w)", " ", text)  # "ДОМ.РФ"
    return " ".join(text.replace(" — ", ", ").replace(" – ", ", ").replace("—", ", ").split())


# Whisper transcripts of the sets' synthesised calls, kept as data (about 5 KB a call) so that a new
# checkout measures through ASR without re-transcribing: delete a file to transcribe that call again.
ASR_CACHE = ROOT / "bench" / "data" / "asr-transcripts"
# Where they were kept before 1 Dec 2026 (not committed): still read, never written.
OLD_ASR_CACHE = ROOT / "var" / "bench" / "analysis-asr"

# The decoding settings the ASR cache was first filled with (30 Nov 2026):
# their transcripts keep the old key (the turns alone), any other settings add their signature.
LEGACY_DECODING = "faster-whisper beam=5 temperature=0.0,0.4 condition=False vocabulary=hotwords:"


def asr_cache_path(call: dict[str, Any], vocabulary: str = "", *, legacy: bool = False) -> Path:
    """Where the ASR transcript of ``call`` made with the current ROP_ASR_* settings (``legacy``: with
    LEGACY_DECODING) is cached."""
    import hashlib

    from rop.asr.analyze import decoding_signature

    os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
    sig = LEGACY_DECODING if legacy else decoding_signature(vocabulary)
    keyed: Any = call["turns"] if sig == LEGACY_DECODING else [call["turns"], sig]
    key = hashlib.sha256(json.dumps(keyed, ensure_ascii=False).encode()).hexdigest()[:16]
    return ASR_CACHE / f"{call['id']}-{key}.json"


def load_cached_asr(path: Path) -> list[Utterance] | None:
    if not path.exists():
        path = OLD_ASR_CACHE / path.name
    if not path.exists():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Utterance(r["start"], r["end"], r["speaker"], r["text"]) for r in rows]


def asr_vocabulary(data: dict[str, Any]) -> str:
    """The domain words the pipeline gives the ASR for an organisation with this checklist and table
    (and no vocabulary of its own): the configuration's quoted names when ROP_ASR_CONFIG_TERMS is on."""
    from rop import config
    from rop.asr.vocabulary import merged_vocabulary

    os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
    if not config.get().asr_config_terms:
        return ""

    texts = [s["criterion"] for s in data["checklist"]["stages"]] + [data["checklist"]["name"]]
    texts += [f["description"] for f in data["table"]["fields"]]
    return merged_vocabulary("", texts)


def transcript_from_audio(  # pragma: no cover
    call: dict[str, Any], workdir: Path, vocabulary: str = ""
) -> list[Utterance]:
    """Synthesise the call (tests/support/speech.py: festival voices, stereo 8 kHz MP3, manager on
    the left) and transcribe it with the pipeline's own decode + ASR code (rop.asr.analyze).
    The ASR output is cached in ASR_CACHE by the call's text and the decoding, so a rerun costs no ASR."""
    os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("ROP_SPEECH_CACHE", str(ROOT / "var" / "bench"))
    cache = asr_cache_path(call, vocabulary)
    cached = load_cached_asr(cache)
    if cached is not None:
        return cached
    from rop.asr.analyze import to_utterances, transcribe_file
    from tests.support.speech import Turn, build_dialogue

    turns = [Turn(SPEAKERS[c], speakable(text)) for c, text in call["turns"]]
    dialogue = build_dialogue(turns, stereo=True, fmt="mp3", name="analysis-" + call["id"])
    segments, _duration, _channels = transcribe_file(dialogue.path, vocabulary=vocabulary)
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
    if p == e:
        return True  # the same words in another order: "Ринат Галиев" for "Галиев Ринат"
    pf, ef = str(pred).split()[0].lower(), str(exp).split()[0].lower()
    return pf == ef and (p <= e or e <= p)


def same_budget(pred: Any, exp: Any) -> bool:
    if exp is None or pred is None:
        return exp is None and pred is None
    from rop.analysis.embedded.fields import parse_amounts
    from rop.analysis.embedded.numbers import normalize_numbers

    if isinstance(exp, dict):  # blind sets: {"min": a, "max": b} or {"max": b} for «до N»
        bounds = [exp[k] for k in ("min", "max") if exp.get(k) is not None]
        exp = bounds if len(bounds) > 1 else bounds[0]
    want = sorted(exp) if isinstance(exp, list) else [exp]
    if isinstance(pred, (int, float)):
        got = [float(pred)]
    else:
        # 1000 and up: a monthly or a policy budget ("45 тыс руб", "до 15 000") is money too
        got = sorted(set(parse_amounts(normalize_numbers(str(pred)).lower().replace("\u00a0", " "), 1000)))
    if not got:
        return False
    if len(want) == 1:
        return bool(abs(got[-1] - want[0]) <= 0.01 * want[0])
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


_MONTHS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def same_day_time(text: str) -> str:
    """One spelling of a date and a time: "2026-12-03" -> "3 декабря", "09:00" -> "9:00" (labels
    write both forms; the value is the same)."""
    text = re.sub(r"\b\d{4}-(\d{2})-(\d{2})\b", lambda m: f"{int(m.group(2))} {_MONTHS_GEN[int(m.group(1)) - 1]}", text)
    return re.sub(r"\b0(\d):(\d{2})\b", r"\1:\2", text)


def same_loose(pred: Any, exp: Any) -> bool:
    """Fields without a dedicated comparison: numbers exactly, text by its words (lemmas), a list
    by every expected item being there; an empty list ("no objections") is an empty value."""
    if isinstance(exp, list) and not exp:
        return pred is None or str(pred).strip() == ""
    if exp is None or pred is None:
        return exp is None and pred is None
    if isinstance(exp, bool):  # a yes/no label (true / false): the evaluator answers «да» / «нет»
        return str(pred).strip().lower() in ({"да", "true"} if exp else {"нет", "false"})
    if isinstance(pred, str) and isinstance(exp, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?", exp):
        pred, exp = same_day_time(pred), same_day_time(exp)
    if isinstance(exp, (int, float)) and not isinstance(exp, bool):
        return same_plain(pred, exp)
    if isinstance(exp, list):
        got = _lem_set(str(pred))
        return all(_lem_set(str(e)) <= got for e in exp)
    p, e = _lem_set(str(pred)), _lem_set(str(exp))
    return str(pred).strip().lower() == str(exp).strip().lower() or (bool(p and e) and (p <= e or e <= p))


class Tally:
    """Counts of one run over a set."""

    def __init__(self) -> None:
        self.confusion: dict[str, dict[str, int]] = {s: {t: 0 for t in STATUSES} for s in STATUSES}
        self.per_stage: dict[str, list[bool]] = {}
        self.per_field: dict[str, list[bool]] = {}
        self.quotes = self.quotes_ok = 0
        self.time = self.minutes = 0.0
        self.calls = 0

    def stage(self, stage_id: str, exp: str, got: str, accept: list[str]) -> bool:
        ok = got == exp or got in accept
        self.confusion[exp][got if not ok or got == exp else exp] += 1
        self.per_stage.setdefault(stage_id, []).append(ok)
        return ok

    def report(self, title: str) -> dict[str, float]:
        n = sum(len(v) for v in self.per_stage.values())
        correct = sum(sum(v) for v in self.per_stage.values())
        recalls = [
            self.confusion[s][s] / sum(self.confusion[s].values()) for s in STATUSES if sum(self.confusion[s].values())
        ]
        out = {
            "calls": float(self.calls),
            "sec_per_audio_min": self.time / self.minutes if self.minutes else 0.0,
            "stage_acc": correct / n if n else 0.0,
            "balanced_acc": sum(recalls) / len(recalls) if recalls else 0.0,
            "verbatim": self.quotes_ok / self.quotes if self.quotes else 1.0,
        }
        acc = {k: (sum(v) / len(v) if v else 0.0) for k, v in self.per_field.items()}
        nbd = [acc[k] for k in ("client_name", "budget", "district") if k in acc]
        out["field_name_budget_district"] = sum(nbd) / len(nbd) if nbd else 0.0
        print(f"\n== {title}: {self.calls} calls, {self.minutes:.1f} min of audio")
        print(f"evaluator time per audio minute: {out['sec_per_audio_min']:.3f} s")
        print(f"stage accuracy:     {out['stage_acc']:.1%} ({correct}/{n})")
        print(
            f"balanced accuracy:  {out['balanced_acc']:.1%} (recall "
            + ", ".join(f"{s}={self.confusion[s][s]}/{sum(self.confusion[s].values())}" for s in STATUSES)
            + ")"
        )
        print(f"verbatim quotes:    {out['verbatim']:.1%} ({self.quotes_ok}/{self.quotes})")
        print("per stage:          " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in self.per_stage.items()))
        for k, v in self.per_field.items():
            print(f"field {k:<14} {acc[k]:.1%} ({sum(v)}/{len(v)})")
        print(f"name+budget+district mean: {out['field_name_budget_district']:.1%}")
        return out


def _examples(data: dict[str, Any], calls: list[dict[str, Any]], transcripts: list[list[Utterance]]) -> Any:
    from rop.analysis.embedded import LabelledExample

    out: dict[str, list[Any]] = {}
    for call, tr in zip(calls, transcripts, strict=True):
        for stage_id, status in call["labels"].items():
            out.setdefault(stage_id, []).append(LabelledExample(status, tuple(tr), call["id"]))
    return out


# The day the sets' calls were made (what «завтра» means in them) unless a set says "call_date".
CALL_DAY = "2026-11-30"


def run_set(name: str, evaluator: Any, args: argparse.Namespace, n_examples: int, first_eval: int) -> dict[str, float]:
    data = load(name)
    checklist = checklist_of(data)
    table, aliases = table_of(data)
    inv = {v: k for k, v in aliases.items()}
    vocabulary = asr_vocabulary(data) if args.from_audio else ""
    workdir = Path("/tmp/rop-bench-analysis")
    workdir.mkdir(exist_ok=True)

    def transcript(call: dict[str, Any]) -> list[Utterance]:
        return transcript_from_audio(call, workdir, vocabulary) if args.from_audio else transcript_of(call)

    calls = data["calls"]
    examples = None
    if n_examples:
        examples = _examples(data, calls[:n_examples], [transcript(c) for c in calls[:n_examples]])
    tally = Tally()
    for call in calls[first_eval:]:
        tr = transcript(call)
        t0 = time.perf_counter()
        with on_call_day(dt.date.fromisoformat(data.get("call_date", CALL_DAY))):
            verdicts = evaluator.evaluate_checklist(tr, checklist, examples=examples)
            result = evaluator.extract_table(tr, table)
        tally.time += time.perf_counter() - t0
        tally.minutes += max(u.end for u in tr) / 60 if tr else 0.0
        tally.calls += 1
        accept = call.get("accept") or {}
        for v in verdicts:
            exp = call["labels"][v.stage_id]
            ok = tally.stage(v.stage_id, exp, v.status, list(accept.get(v.stage_id, [])))
            if v.quote:
                tally.quotes += 1
                good = verbatim(v.quote, tr)
                tally.quotes_ok += good
                if not good:
                    print(f"  NOT VERBATIM {call['id']}/{v.stage_id}: {v.quote!r}")
            if args.verbose and not ok:
                ev = (call.get("evidence") or {}).get(v.stage_id, "")
                print(
                    f"  {call['id']:<32} {v.stage_id:<11} want {exp:<15} got {v.status:<15} "
                    f"{v.percentage:>3}% {v.comment} | {v.quote[:70]!r}" + (f" | evidence: {ev!r}" if ev else "")
                )
        for canon, want in call["fields"].items():
            fv = result.values.get(inv.get(canon, canon))
            pred = fv.value if fv else None
            cmp = COMPARE.get(canon, same_loose)
            hit = cmp(pred, want) or any(cmp(pred, alt) for alt in accept.get(canon, []))
            tally.per_field.setdefault(canon, []).append(hit)
            if args.verbose and not hit:
                print(f"  {call['id']:<32} field {canon:<12} want {want!r} got {pred!r}")
    title = name + (
        f" ({n_examples} reviewed examples; measured on the calls after the first {first_eval})" if first_eval else ""
    )
    return tally.report(title)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", "--split", dest="sets", action="append", help="tune, holdout*, blind-* (repeatable)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--from-audio", action="store_true", help="synthesise + ASR each call first")
    ap.add_argument("--examples", default="", help="N or N,M,...: reviewed examples from the first N calls")
    ap.add_argument("--blind", action="store_true", help="also the blind sets (a measurement: record it)")
    args = ap.parse_args()
    from rop.analysis.embedded import EmbeddedEvaluator

    ev = EmbeddedEvaluator()
    t0 = time.perf_counter()
    ev.warm_up()
    print(f"model load (e5 + natasha + pymorphy3): {time.perf_counter() - t0:.2f} s")
    known = list(tuned_sets()) + blind_sets()
    # A blind set runs only when asked for by name or with --blind: each run is a measurement
    # to record, and a tuning loop must never see its errors.
    names = args.sets or (known if args.blind else list(tuned_sets()))
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown set(s): {', '.join(unknown)}; known: {', '.join(known)}")
        return 2
    curve = sorted({int(x) for x in args.examples.split(",") if x.strip()}) if args.examples else []
    for group, members in (("TUNING SETS (tuned on)", tuned_sets()), ("BLIND SETS", tuple(blind_sets()))):
        chosen = [n for n in names if n in members]
        if chosen:
            print(f"\n######## {group}")
        for name in chosen:
            if not curve:
                run_set(name, ev, args, 0, 0)
                continue
            first = max(curve)
            if len(load(name)["calls"]) <= first:
                print(f"\n== {name}: {len(load(name)['calls'])} calls, too few for {first} examples")
                continue
            for n in curve:
                run_set(name, ev, args, n, first)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
