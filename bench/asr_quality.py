"""How much of the analysis is lost between the text of a call and its ASR transcript.

    .venv/bin/python bench/asr_quality.py                    # every tuning set with cached ASR (var/bench)
    .venv/bin/python bench/asr_quality.py --set NAME         # one set (repeatable)
    .venv/bin/python bench/asr_quality.py --verbose          # plus every ASR-only wrong verdict/field
    .venv/bin/python bench/asr_quality.py --decode 3 --set A --set B   # re-transcribe the first 3
                                                             # calls of each set with the current
                                                             # ROP_ASR_* settings: WER/CER and time

Reads the ASR cache that ``bench/analysis.py --from-audio`` fills (bench/data/asr-transcripts, committed; calls
without a cached transcript are skipped) and prints per set:

- WER and CER per speaker between the reference turns and the ASR text (lower case, ё = е,
  punctuation dropped, numbers as digits on both sides, so «два миллиона» = «2000000»);
- stage verdicts right from text but wrong from ASR (lost), and the reverse (gained), the same
  for table fields: the share of the text→ASR drop that the ASR causes on each set.

``--decode N`` synthesises (cached) and transcribes the first N calls of each chosen set with
the settings in the environment (ROP_ASR_BEAM_SIZE, ROP_ASR_VOCABULARY, ROP_ASR_HOTWORDS_FROM,
…) and prints WER/CER and ASR seconds per audio minute; its transcripts are cached under
var/bench/asr-quality by the turns and the decoding settings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("ROP_SPEECH_CACHE", str(ROOT / "var" / "bench"))
# A loaded machine must not cut a measured transcript short (the pipeline's wall-time budget).
os.environ.setdefault("ROP_ASR_TIME_FACTOR", "20")

import analysis as bench  # bench/analysis.py: sets, comparisons, the ASR cache
from asr import edit_distance  # bench/asr.py

from rop.analysis.types import Utterance

DECODE_CACHE = ROOT / "var" / "bench" / "asr-quality"


def words_of(text: str) -> list[str]:
    from rop.analysis.embedded.numbers import normalize_numbers

    text = normalize_numbers(text).lower().replace("ё", "е")
    text = re.sub(r"(?<=\d)[\s.,](?=\d{3}\b)", "", text)  # "2 000 000" -> "2000000"
    return re.sub(r"[^\w\s]", " ", text).split()


@dataclass
class Rates:
    word_err: dict[str, int] = field(default_factory=lambda: {"manager": 0, "client": 0})
    words: dict[str, int] = field(default_factory=lambda: {"manager": 0, "client": 0})
    char_err: dict[str, int] = field(default_factory=lambda: {"manager": 0, "client": 0})
    chars: dict[str, int] = field(default_factory=lambda: {"manager": 0, "client": 0})

    def add(self, call: dict[str, Any], asr: list[Utterance]) -> None:
        for code, spk in bench.SPEAKERS.items():
            ref = words_of(" ".join(t for c, t in call["turns"] if c == code))
            hyp = words_of(" ".join(u.text for u in asr if u.speaker == spk))
            self.word_err[spk] += edit_distance(ref, hyp)
            self.words[spk] += len(ref)
            self.char_err[spk] += edit_distance(" ".join(ref), " ".join(hyp))
            self.chars[spk] += len(" ".join(ref))

    def line(self) -> str:
        def pct(err: dict[str, int], n: dict[str, int], spk: str) -> str:
            return f"{err[spk] / n[spk]:.1%}" if n[spk] else "-"

        return (
            f"WER manager/client {pct(self.word_err, self.words, 'manager')} / "
            f"{pct(self.word_err, self.words, 'client')}, CER {pct(self.char_err, self.chars, 'manager')} / "
            f"{pct(self.char_err, self.chars, 'client')} ({self.words['manager'] + self.words['client']} words)"
        )


def cached_asr(call: dict[str, Any], data: dict[str, Any], legacy: bool = False) -> list[Utterance] | None:
    """The transcript bench/analysis.py --from-audio would use with the current settings (``legacy``:
    with the settings that first filled the cache), if cached."""
    return bench.load_cached_asr(bench.asr_cache_path(call, bench.asr_vocabulary(data), legacy=legacy))


@dataclass
class Drop:
    """Verdicts and fields right from text but wrong from ASR (lost) and the reverse (gained)."""

    stages: int = 0
    lost: list[str] = field(default_factory=list)
    gained: list[str] = field(default_factory=list)
    fields: int = 0
    fields_lost: list[str] = field(default_factory=list)
    fields_gained: list[str] = field(default_factory=list)


def _judge(ev: Any, data: dict[str, Any], call: dict[str, Any], tr: list[Utterance]) -> tuple[dict[str, Any], ...]:
    checklist = bench.checklist_of(data)
    table, aliases = bench.table_of(data)
    inv = {v: k for k, v in aliases.items()}
    accept = call.get("accept") or {}
    stages = {}
    for v in ev.evaluate_checklist(tr, checklist):
        want = call["labels"][v.stage_id]
        stages[v.stage_id] = (v.status == want or v.status in accept.get(v.stage_id, []), v.status, v.quote)
    result = ev.extract_table(tr, table)
    fields = {}
    for canon, want in call["fields"].items():
        fv = result.values.get(inv.get(canon, canon))
        pred = fv.value if fv else None
        cmp = bench.COMPARE.get(canon, bench.same_loose)
        fields[canon] = (cmp(pred, want) or any(cmp(pred, alt) for alt in accept.get(canon, [])), pred)
    return stages, fields


def compare_call(ev: Any, data: dict[str, Any], call: dict[str, Any], asr: list[Utterance], drop: Drop,
                 verbose: bool) -> None:
    text_st, text_f = _judge(ev, data, call, bench.transcript_of(call))
    asr_st, asr_f = _judge(ev, data, call, asr)
    for sid, (ok_t, _st, _q) in text_st.items():
        ok_a, st_a, quote = asr_st[sid]
        drop.stages += 1
        if ok_t != ok_a:
            (drop.lost if ok_t else drop.gained).append(f"{call['id']}/{sid}")
        if verbose and ok_t and not ok_a:
            ev_line = (call.get("evidence") or {}).get(sid, "")
            print(f"  LOST {call['id']}/{sid}: want {call['labels'][sid]} got {st_a} | {quote[:60]!r} | {ev_line}")
    for key, (ok_t, _p) in text_f.items():
        ok_a, pred = asr_f[key]
        drop.fields += 1
        if ok_t != ok_a:
            (drop.fields_lost if ok_t else drop.fields_gained).append(f"{call['id']}/{key}")
        if verbose and ok_t and not ok_a:
            print(f"  LOST {call['id']}/field {key}: want {call['fields'][key]!r} got {pred!r}")
            want = call["fields"][key]
            near = _near_amount(want, asr) if isinstance(want, (int, float, dict)) else _near_value(str(want), asr)
            if near:
                print(f"       ASR near the value: {near!r}")


def _near_amount(want: Any, asr: list[Utterance]) -> str:
    """The ASR sentences about money or numbers near the wanted amount: where a sum was lost."""
    from rop.analysis.embedded.numbers import normalize_numbers

    values = [float(v) for v in (want.values() if isinstance(want, dict) else [want]) if v]
    lead = {f"{v:.0f}"[:1] for v in values}
    hits = []
    for u in asr:
        norm = normalize_numbers(u.text)
        if re.search(r"бюджет|млн|миллион|тысяч|рубл|до \d", norm.lower()) and any(d in norm for d in lead):
            hits.append(f"{u.speaker}: {u.text[:90]}")
    return " || ".join(hits[:3])


def _near_value(value: str, asr: list[Utterance]) -> str:
    """The ASR sentence that sounds most like the wanted value: where the field was lost."""
    from difflib import SequenceMatcher

    target = value.lower().replace("ё", "е")
    best, best_r = "", 0.0
    for u in asr:
        said = u.text.split()
        words = [w.lower().replace("ё", "е") for w in said]
        n = max(1, len(target.split()))
        for i in range(len(words)):
            r = SequenceMatcher(None, " ".join(words[i : i + n]), target).ratio()
            if r > best_r:
                lo = max(0, i - 6)
                best, best_r = f"{u.speaker}: " + " ".join(said[lo : i + n + 6]), r
    return best if best_r >= 0.5 else ""


def report_cached(ev: Any, names: list[str], verbose: bool, legacy: bool) -> None:
    for name in names:
        data = bench.load(name)
        rates, drop, n = Rates(), Drop(), 0
        for call in data["calls"]:
            asr = cached_asr(call, data, legacy)
            if asr is None:
                continue
            n += 1
            rates.add(call, asr)
            compare_call(ev, data, call, asr, drop, verbose)
        if not n:
            print(f"== {name}: no cached ASR (run bench/analysis.py --from-audio --set {name})")
            continue
        print(f"== {name}: {n}/{len(data['calls'])} calls with cached ASR")
        print("   " + rates.line())
        print(f"   stages: {len(drop.lost)} of {drop.stages} right from text, wrong from ASR; "
              f"{len(drop.gained)} the reverse (net {len(drop.gained) - len(drop.lost):+d})")
        print(f"   fields: {len(drop.fields_lost)} of {drop.fields} lost, {len(drop.fields_gained)} gained")


def decode_one(call: dict[str, Any], vocabulary: str) -> tuple[list[Utterance], float, float]:
    """(transcript, audio seconds, ASR seconds) with the current settings, cached by them."""
    from rop.asr.analyze import decoding_signature, to_utterances, transcribe_file
    from tests.support.speech import Turn, build_dialogue

    sig = decoding_signature(vocabulary)
    key = hashlib.sha256(json.dumps([call["turns"], sig], ensure_ascii=False).encode()).hexdigest()[:16]
    path = DECODE_CACHE / f"{call['id']}-{key}.json"
    if path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
        return [Utterance(**r) for r in saved["rows"]], saved["audio"], saved["asr"]
    turns = [Turn(bench.SPEAKERS[c], bench.speakable(text)) for c, text in call["turns"]]
    dialogue = build_dialogue(turns, stereo=True, fmt="mp3", name="analysis-" + call["id"])
    t0 = time.perf_counter()
    segments, duration, _channels = transcribe_file(dialogue.path, vocabulary=vocabulary)
    spent = time.perf_counter() - t0
    rows = to_utterances(segments)
    DECODE_CACHE.mkdir(parents=True, exist_ok=True)
    saved = {"sig": sig, "audio": duration, "asr": spent, "rows": [u.__dict__ for u in rows]}
    path.write_text(json.dumps(saved, ensure_ascii=False, indent=0), encoding="utf-8")
    return rows, duration, spent


def report_decode(ev: Any, names: list[str], first: int, show: bool) -> None:
    """WER/CER and ASR-only stage errors of a fresh decode with the current settings, side by side
    with the cached transcripts of bench/analysis.py (the settings that filled that cache)."""
    from rop.asr.analyze import decoding_signature
    from rop.asr.engines import get_engine

    get_engine()  # model load apart from the timing
    audio = spent = 0.0
    for name in names:
        data = bench.load(name)
        vocabulary = bench.asr_vocabulary(data)
        rates, old_rates, drop, old_drop = Rates(), Rates(), Drop(), Drop()
        for call in data["calls"][:first]:
            rows, dur, sec = decode_one(call, vocabulary)
            rates.add(call, rows)
            compare_call(ev, data, call, rows, drop, show)
            old = bench.load_cached_asr(bench.asr_cache_path(call, "", legacy=True))
            if old is not None:
                old_rates.add(call, old)
                compare_call(ev, data, call, old, old_drop, False)
            audio, spent = audio + dur, spent + sec
            if show:
                for u in rows:
                    print(f"   {u.speaker[0].upper()}: {u.text}")
        print(f"== {name} (first {first}); decoding: {decoding_signature(vocabulary)}")
        print(f"   now:    {rates.line()}; stages lost/gained vs text {len(drop.lost)}/{len(drop.gained)}, "
              f"fields {len(drop.fields_lost)}/{len(drop.fields_gained)}")
        print(f"   cached: {old_rates.line()}; stages lost/gained vs text {len(old_drop.lost)}/"
              f"{len(old_drop.gained)}, fields {len(old_drop.fields_lost)}/{len(old_drop.fields_gained)}")
    print(f"ASR seconds per audio minute: {60 * spent / audio if audio else 0.0:.1f} (a cached decode counts "
          "its first timing)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="sets", action="append", help="a set name (repeatable); default: all")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--decode", type=int, default=0, help="re-transcribe the first N calls of each set")
    ap.add_argument("--show", action="store_true", help="with --decode: print the transcripts")
    ap.add_argument("--legacy", action="store_true", help="the transcripts of the first decoding settings "
                    "(bench/analysis.py LEGACY_DECODING), whatever the current settings")
    args = ap.parse_args()
    # Blind sets only when named: each of their runs is a measurement (as in bench/analysis.py).
    names = args.sets or list(bench.tuned_sets())
    from rop.analysis.embedded import EmbeddedEvaluator

    ev = EmbeddedEvaluator()
    ev.warm_up()
    if args.decode:
        report_decode(ev, names, args.decode, args.show)
        return 0
    report_cached(ev, names, args.verbose, args.legacy)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
