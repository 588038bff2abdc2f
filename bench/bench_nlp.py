"""Wall time and peak memory of a full linguistic check (every V and F rule), cold and warm.

    .venv/bin/python bench/bench_nlp.py [FILE] [--runs N]

Cold: a fresh process and an empty cache folder, so spaCy is imported, loaded and parses
every rule and preference principle. Warm: a fresh process on the same, unchanged file with
the cache the cold run left, which never imports spaCy. Figures are medians of the runs; peak
memory is the child's maximum resident set size. Also prints how many sentences and
statements the analysis found; `--sample N` prints N sentences with their classification instead.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"
PROBE = (
    "import sys, resource\n"
    "from cmlint.cli import main\n"
    "main(['check', '--select', 'V,F', '-q', '--exit-zero', sys.argv[1]])\n"
    "print('spacy' in sys.modules, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def run_once(path: Path, cache: Path) -> tuple[float, float, bool]:
    env = {**os.environ, "CMLINT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    elapsed = time.perf_counter() - start
    spacy, rss = done.stderr.strip().splitlines()[-1].split()
    return elapsed, int(rss) / 1024, spacy == "True"


def analysis(path: Path):  # -> LinguisticAnalysis (imported late: the timed runs must not see it)
    sys.path.insert(0, str(ROOT))
    from cmlint.cache import DiskCache
    from cmlint.nlp.analysis import analyse
    from cmlint.parse import parse_document
    from cmlint.source import read_source

    return analyse(parse_document(read_source(str(path))), {}, cache=DiskCache(None))


def sample(path: Path, size: int, seed: int) -> None:
    """A random sample of sentences with their verdict and frame, for reading by eye."""
    import random

    sentences = list(analysis(path).all_sentences())
    for info in sorted(
        random.Random(seed).sample(sentences, min(size, len(sentences))), key=lambda s: s.span
    ):
        frame = info.frame
        verdict = "NORMATIVE" if info.normative else "background"
        detail = f"{frame.modality}/{frame.strength}" if info.normative else info.verdict.reason
        text = " ".join(info.text.split())
        print(f"- {verdict} ({detail}; {info.verdict.reason if info.normative else ''}): {text[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=0, help="print N sentences with their classification")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.sample:
        sample(args.file, args.sample, args.seed)
        return
    cold, warm = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            cache = Path(folder) / "cache"
            cold.append(run_once(args.file, cache))
            warm.append(run_once(args.file, cache))
    print(f"# cmlint linguistic check: {args.file.name} ({args.file.stat().st_size // 1024} KiB)")
    print(
        f"# Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}, {args.runs} runs"
    )
    print(f"{'run':<6} {'wall s':>7} {'peak MiB':>9}  imports spaCy")
    for name, runs in (("cold", cold), ("warm", warm)):
        wall = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        print(f"{name:<6} {wall:7.2f} {peak:9.0f}  {any(r[2] for r in runs)}")
    print("analysis:", ", ".join(f"{k} {v}" for k, v in analysis(args.file).counts().items()))


if __name__ == "__main__":
    main()
