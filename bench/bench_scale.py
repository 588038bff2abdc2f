"""Wall time and peak memory of the overlap rules at scale.

    .venv/bin/python bench/bench_scale.py [--n 10000]

1. The Model Spec (tests/corpus), cold (empty cache: the model loads and encodes every principle)
   and warm (everything from the cache).
2. A synthetic constitution of N principles, made by recombining real principle sentences of the
   test corpus (subject + obligation + object from different principles), so that it has the
   vocabulary of a constitution without being N copies of it.
Each measurement is a fresh `cmlint check --select O` process; peak memory is its max RSS.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"


def run(path: Path, cache: Path) -> tuple[float, float]:
    env = {**os.environ, "CMLINT_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cmlint", "check", "--select", "O", "-q", "--exit-zero", str(path)],
        stdout=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"cmlint failed on {path}")
    return elapsed, usage.ru_maxrss / 1024


def synthetic(n: int, seed: int = 7) -> str:
    from cmlint.parse import parse_document
    from cmlint.source import read_source

    sentences: list[str] = []
    for path in sorted((ROOT / "tests" / "corpus").rglob("*.md")):
        document = parse_document(read_source(path))
        sentences += [
            p.plain_text
            for p in document.principles.values()
            if p.kind.value == "rule" and 6 <= len(p.plain_text.split()) <= 40
        ]
    halves = [re.split(r"\b(should|must|may|will|can)\b", s, maxsplit=1) for s in sentences]
    heads = [h[0] + h[1] for h in halves if len(h) == 3]
    tails = [h[2] for h in halves if len(h) == 3]
    rng = random.Random(seed)
    lines = ["# Synthetic constitution", ""]
    for i in range(n):
        if i % 50 == 0:
            lines += [f"## Section {i // 50 + 1}", ""]
        lines.append(f"- {rng.choice(heads).strip()}{rng.choice(tails).rstrip()}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        cold = run(SPEC, cache)
        warm = run(SPEC, cache)
        print(
            f"Model Spec, overlap rules: cold {cold[0]:.1f} s ({cold[1]:.0f} MiB), warm {warm[0]:.2f} s "
            f"({warm[1]:.0f} MiB)"
        )
        big = Path(folder) / "synthetic.md"
        big.write_text(synthetic(args.n), encoding="utf-8")
        cold = run(big, cache)
        warm = run(big, cache)
        print(
            f"synthetic {args.n} principles, overlap rules: cold {cold[0]:.1f} s ({cold[1]:.0f} MiB), "
            f"warm {warm[0]:.1f} s ({warm[1]:.0f} MiB)"
        )


if __name__ == "__main__":
    main()
