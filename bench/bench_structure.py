"""Wall time and peak memory of `cmlint check` with the structural rules.

    .venv/bin/python bench/bench_structure.py [FILE] [--runs N]

Each run is a fresh process (what a pre-commit hook pays); figures are the median of the runs.
Peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"


def run_once(path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "cmlint", "check", "--select", "S", "-q", "--exit-zero", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    words = len(args.file.read_text(encoding="utf-8").split())
    times, peaks = zip(*(run_once(args.file) for _ in range(args.runs)), strict=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"file: {args.file.name} ({words} words)")
    print(
        f"cmlint check --select S: median {statistics.median(times):.3f} s wall "
        f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs), peak RSS {max(peaks):.0f} MiB"
    )


if __name__ == "__main__":
    main()
