"""Findings per 100 principles, per rule, over a whole corpus; and the two-principle findings to read.

    .venv/bin/python bench/bench_findings.py [CORPUS_DIR] [--show overlap,conflict] [--isolated]

Runs every default rule (as `cmlint check` does) on every constitution of the corpus (default:
the shared research corpus, which includes documents tests may not copy), prints a table of
findings per 100 principles by rule, the wall time per file, and then every overlap and
conflict finding with both principles' text, for a person to judge.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from cmlint.catalogue import load_catalogue
from cmlint.config import Config
from cmlint.engine import check_source
from cmlint.source import read_source

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SKIP = {"PROVENANCE.md", "README.md", "LICENSE", "DATA_LICENSE", "CHANGELOG.md"}
SUFFIXES = {".md", ".json", ".csv", ".txt"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", default="overlap,conflict", help="families whose findings to print in full")
    args = parser.parse_args()
    catalogue = load_catalogue()
    config = Config()
    per_rule: Counter[str] = Counter()
    principles_total = 0
    shown: list[str] = []
    families = set(args.show.split(",")) if args.show else set()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix in SUFFIXES and p.name not in SKIP)
    print(f"{'file':<66} {'princ':>5} {'finds':>5} {'s':>6}")
    for path in files:
        start = time.perf_counter()
        result = check_source(read_source(path), config, catalogue)
        elapsed = time.perf_counter() - start
        principles = len(result.document.principles)
        principles_total += principles
        per_rule.update(d.code for d in result.diagnostics)
        name = str(path.relative_to(args.corpus))
        print(f"{name:<66} {principles:>5} {len(result.diagnostics):>5} {elapsed:>6.1f}")
        for d in result.diagnostics:
            if d.family in families:
                source = result.source
                line = source.position(d.span.start).line
                text = source.slice(d.span).replace("\n", " ")[:220]
                related = "; ".join(source.slice(r.span).replace("\n", " ")[:220] for r in d.related[:2])
                shown.append(
                    f"[{d.code}] {path.name}:{line} {d.message[:200]}\n    THIS: {text}\n    OTHER: {related}"
                )
    print(f"\n{principles_total} principles in {len(files)} files; findings per 100 principles:")
    for code, count in sorted(per_rule.items()):
        rule = catalogue.get(code)
        rate = 100 * count / max(1, principles_total)
        print(f"  {code} {rule.name if rule else '':<28} {count:>5}  {rate:6.2f}")
    if shown:
        print(f"\n{len(shown)} findings of {', '.join(sorted(families))}:")
        print("\n".join(shown))


if __name__ == "__main__":
    main()
