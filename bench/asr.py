"""ASR benchmark: speed (RTF) and accuracy (per-speaker WER, roles) of the embedded default engine.

Dialogues from bench/data/asr/*.txt are synthesised (festival, two voices: see
tests/support/speech.py) into 8 kHz MP3 telephony recordings, stereo (manager left) and
mono, then run through the same decode + ASR code as the pipeline.

Figures printed:
- RTF: (decode + ASR wall time) / audio duration, model already loaded (load time apart);
- WER per speaker: the speaker's reference turns against the text of segments given that
  role, digit-insensitive (numbers, whether digits or number words, are dropped on both
  sides before alignment), case and punctuation ignored, ё = е;
- role accuracy: share of segments whose role matches the reference turn they overlap most
  (mono: also the share labelled "unknown"; unknown counts as not right);
- vocabulary on/off: the organisation's vocabulary as initial prompt, as hotwords, or none.

Usage: .venv/bin/python bench/asr.py [--runs stereo,mono,novad,vocab,hotwords,batched] [--dialogues N]
       [--streams 1,2] [--rounds N]
CPU-heavy: run it rarely.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ROP_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("ROP_SPEECH_CACHE", str(ROOT / "var" / "bench"))

from rop import config
from rop.asr.engines.whisper import WhisperEngine, WhisperOptions
from rop.asr.model_files import ensure_default_model
from rop.asr.transcribe import Segment, transcribe_decoded
from rop.audio.decode import decode_to_pcm
from tests.support.speech import Dialogue, Turn, build_dialogue

DATA = ROOT / "bench" / "data" / "asr"

_UNITS = (
    "ноль нол один одна одно одного одной одну одним два две двух двум двумя три трех трем тремя "
    "четыре четырех "
    "пять пяти пятью шесть шести семь семи восемь восьми девять девяти десять десяти одиннадцать одиннадцати "
    "двенадцать двенадцати тринадцать тринадцати четырнадцать четырнадцати пятнадцать пятнадцати шестнадцать "
    "семнадцать восемнадцать девятнадцать двадцать двадцати тридцать тридцати сорок сорока пятьдесят "
    "пятидесяти шестьдесят шестидесяти семьдесят восемьдесят девяносто сто ста двести триста четыреста "
    "пятьсот шестьсот семьсот восемьсот девятьсот тысяча тысячи тысяч миллион миллиона миллионов "
    "полторы полтора половиной первый первом первого второй втором второго третий третьем третьего "
    "четвертый четвертом пятый пятом шестой шестом седьмой седьмом восьмой восьмом девятый девятом "
    "десятый десятом двенадцатый сотки соток"
)
NUMBER_WORDS = set(_UNITS.split())


def normalise(text: str) -> list[str]:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[-–—]", " ", text)
    text = re.sub(r"[^\w\s%]", " ", text)
    tokens = text.split()
    return [t for t in tokens if not re.fullmatch(r"[\d%.,]+", t) and t not in NUMBER_WORDS]


def edit_distance(ref: list[str] | str, hyp: list[str] | str) -> int:
    """Levenshtein distance over words (lists) or characters (strings)."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


@dataclass
class Script:
    name: str
    vocabulary: str
    turns: list[Turn]


def load_scripts() -> list[Script]:
    out = []
    for path in sorted(DATA.glob("*.txt")):
        vocab, turns = "", []
        for line in path.read_text().splitlines():
            line = line.strip()
            if line.startswith("vocabulary:"):
                vocab = line.split(":", 1)[1].strip()
            elif line[:2] in ("M:", "C:"):
                turns.append(Turn("manager" if line[0] == "M" else "client", line[2:].strip()))
        out.append(Script(path.stem, vocab, turns))
    return out


@dataclass
class Score:
    errors: dict[str, int]
    words: dict[str, int]
    roles_right: int
    roles_unknown: int
    segments: int

    def add(self, other: Score) -> None:
        for k in self.errors:
            self.errors[k] += other.errors[k]
            self.words[k] += other.words[k]
        self.roles_right += other.roles_right
        self.roles_unknown += other.roles_unknown
        self.segments += other.segments


def score(dialogue: Dialogue, segments: list[Segment], roles_known: bool = True) -> Score:
    errors, words = {}, {}
    for spk in ("manager", "client"):
        ref = normalise(" ".join(t.text for t in dialogue.turns if t.speaker == spk))
        if roles_known:
            hyp = normalise(" ".join(s.text for s in segments if s.speaker == spk))
        else:  # mono: text accuracy by the reference turn each segment overlaps most
            hyp = normalise(" ".join(s.text for s in segments if _true_speaker(dialogue, s) == spk))
        errors[spk] = edit_distance(ref, hyp)
        words[spk] = len(ref)
    right = sum(1 for s in segments if s.speaker == _true_speaker(dialogue, s))
    unknown = sum(1 for s in segments if s.speaker == "unknown")
    return Score(errors, words, right, unknown, len(segments))


def _true_speaker(dialogue: Dialogue, seg: Segment) -> str:
    best, best_overlap = "unknown", 0.0
    for t in dialogue.turns:
        overlap = min(t.end, seg.end) - max(t.start, seg.start)
        if overlap > best_overlap:
            best, best_overlap = t.speaker, overlap
    return best


def run(
    engine: WhisperEngine,
    dialogues: list[tuple[Script, Dialogue]],
    *,
    vocabulary: bool,
    use_vad: bool = True,
    mono: bool = False,
    show: bool = False,
) -> tuple[Score, float, float, float]:
    total = Score({"manager": 0, "client": 0}, {"manager": 0, "client": 0}, 0, 0, 0)
    audio, wall, cpu = 0.0, 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for script, dialogue in dialogues:
            work = Path(tmp) / script.name
            t0, c0 = time.perf_counter(), time.process_time()
            decoded = decode_to_pcm(dialogue.path, work, 2700)
            segments = transcribe_decoded(
                work, decoded, engine, vocabulary=script.vocabulary if vocabulary else "", use_vad=use_vad
            )
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            audio += decoded.duration
            s = score(dialogue, segments, roles_known=not mono)
            total.add(s)
            if show:
                for seg in segments:
                    print(f"   {seg.start:7.2f} {seg.speaker:8} {seg.text}")
    return total, audio, wall, cpu


def report(label: str, sc: Score, audio: float, wall: float, cpu: float) -> None:
    wer = {k: 100.0 * sc.errors[k] / max(1, sc.words[k]) for k in sc.errors}
    print(
        f"{label:40} audio {audio:6.1f}s  wall {wall:6.1f}s  RTF {wall / audio:.3f}  "
        f"CPU-RTF {cpu / audio:.3f}  "
        f"WER manager {wer['manager']:.1f}%  client {wer['client']:.1f}%  "
        f"roles right {100.0 * sc.roles_right / max(1, sc.segments):.1f}% of {sc.segments} "
        f"(unknown {sc.roles_unknown})",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", default="stereo,mono,vocab", help="stereo, mono, novad, vocab, hotwords")
    ap.add_argument("--dialogues", type=int, default=0, help="use only the first N dialogues")
    ap.add_argument("--show", action="store_true", help="print the transcripts")
    ap.add_argument("--streams", default="2", help="decode streams per engine, e.g. 1,2 to compare")
    ap.add_argument(
        "--rounds", type=int, default=1, help="repeat (interleaved) to see noise on a busy machine"
    )
    args = ap.parse_args()
    runs = set(args.runs.split(","))
    cfg = config.get()
    scripts = load_scripts()
    if args.dialogues:
        scripts = scripts[: args.dialogues]
    t0 = time.perf_counter()
    stereo = [(s, build_dialogue(s.turns, stereo=True, fmt="mp3", name=s.name)) for s in scripts]
    mono = [(s, build_dialogue(s.turns, stereo=False, fmt="mp3", name=s.name + "-mono")) for s in scripts]
    print(f"synthesis {time.perf_counter() - t0:.1f}s; {len(scripts)} dialogues, "
          f"{sum(d.duration for _, d in stereo):.1f}s of audio, threads {os.cpu_count()}", flush=True)
    t0 = time.perf_counter()
    model_dir = ensure_default_model(cfg.models_dir)
    engines = {}
    for n in [int(x) for x in args.streams.split(",")]:
        engines[n] = WhisperEngine(model_dir, threads=cfg.asr_threads, streams=n,
                                   options=WhisperOptions(vocabulary_mode="off"))
    print(f"model load {time.perf_counter() - t0:.1f}s ({len(engines)} engine(s))", flush=True)

    for _round in range(args.rounds):
        for n, engine in engines.items():
            tag = f"[{n} stream{'s' if n > 1 else ''}] "
            if "stereo" in runs:
                engine.options.vocabulary_mode = "off"
                report(
                    tag + "stereo, VAD, no vocabulary", *run(engine, stereo, vocabulary=False, show=args.show)
                )
            if "vocab" in runs:
                engine.options.vocabulary_mode = "prompt"
                report(
                    tag + "stereo, VAD, vocab prompt", *run(engine, stereo, vocabulary=True, show=args.show)
                )
            if "hotwords" in runs:
                engine.options.vocabulary_mode = "hotwords"
                report(tag + "stereo, VAD, vocab hotwords", *run(engine, stereo, vocabulary=True))
            if "batched" in runs:
                engine.options.vocabulary_mode = "off"
                engine.options.batch_size = 8
                report(
                    tag + "stereo, VAD, batched x8", *run(engine, stereo, vocabulary=False, show=args.show)
                )
                engine.options.batch_size = 0
            if "novad" in runs:
                engine.options.vocabulary_mode = "off"
                report(tag + "stereo, whole channels", *run(engine, stereo, vocabulary=False, use_vad=False))
            if "mono" in runs:
                engine.options.vocabulary_mode = "off"
                report(tag + "mono, VAD, no vocabulary",
                       *run(engine, mono, vocabulary=False, mono=True, show=args.show))


if __name__ == "__main__":
    main()
