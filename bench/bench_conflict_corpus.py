"""Conflict and duplicate findings on every corpus document: how many (no flood), and the top ones to judge.

    .venv/bin/python bench/bench_conflict_corpus.py [CORPUS_DIR] [--top 10]
        [--top-files claude-constitution-2023,model_spec_2025-12-18]

For each document: principles, conflict warnings (C101 C102 C104-C107) and their rate per 100
principles (the goal is at most 10), value tensions (C108, info), settled conflicts (C103),
duplicates (O101 / O102), statement pairs compared and the check's wall time. Then, for the
documents named by --top-files, the top conflict findings by score with both sides' text, for a
person to judge.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from cmlint.catalogue import load_catalogue
from cmlint.config import Config
from cmlint.engine import check_source
from cmlint.source import read_source

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SKIP = {"PROVENANCE.md", "README.md", "LICENSE", "DATA_LICENSE", "CHANGELOG.md"}
SUFFIXES = {".md", ".json", ".csv", ".txt"}
WARNINGS = ("C101", "C102", "C104", "C105", "C106", "C107")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--top-files", default="claude-constitution-2023,model_spec_2025-12-18")
    args = parser.parse_args()
    catalogue = load_catalogue()
    config = Config(select=("C", "O"))
    tops = set(args.top_files.split(","))
    print(
        f"{'file':<64} {'princ':>5} {'confl':>5} {'/100':>5} {'C108':>4} {'C103':>4} {'dup':>4} "
        f"{'pairs':>6} {'s':>5}"
    )
    shown = []
    for path in sorted(p for p in args.corpus.rglob("*") if p.suffix in SUFFIXES and p.name not in SKIP):
        start = time.perf_counter()
        result = check_source(read_source(path), config, catalogue)
        elapsed = time.perf_counter() - start
        codes = [d.code for d in result.diagnostics]
        conflicts = sum(c in WARNINGS for c in codes)
        principles = len(result.document.principles)
        compared = next((n.message for n in result.notes if "statement pairs" in n.message), "")
        pairs = re.search(r"compared (\d+)", compared)
        print(
            f"{path.relative_to(args.corpus)!s:<64} {principles:>5} {conflicts:>5} "
            f"{100 * conflicts / max(1, principles):>5.1f} {codes.count('C108'):>4} {codes.count('C103'):>4} "
            f"{codes.count('O101') + codes.count('O102'):>4} {pairs.group(1) if pairs else '-':>6} "
            f"{elapsed:>5.1f}"
        )
        if path.stem in tops:
            ranked = sorted(
                (d for d in result.diagnostics if d.code in WARNINGS), key=lambda d: -(d.score or 0)
            )[: args.top]
            for n, d in enumerate(ranked, 1):
                source = result.source
                this = " ".join(source.slice(d.span).split())[:200]
                other = " ".join(source.slice(d.related[0].span).split())[:200] if d.related else ""
                shown.append(
                    f"{path.stem} #{n} [{d.code} {d.score or 0:.2f}] {d.message[:220]}"
                    f"\n    A: {other}\n    B: {this}"
                )
    print()
    print("\n".join(shown))


if __name__ == "__main__":
    main()
