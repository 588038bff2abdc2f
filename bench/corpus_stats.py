"""Parse every constitution of the shared corpus and print what cmlint finds in each.

    .venv/bin/python bench/corpus_stats.py [CORPUS_DIR]

Covers the documents whose licences keep them out of tests/corpus (the CAI paper, the 2023
Claude constitution, Dromedary, SALMON, CCAI, Grok). Fails (exit 1) if any file does not
parse or any principle's span does not slice back to its text.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from cmlint.graph import PrincipleGraph
from cmlint.parse import parse_document
from cmlint.source import read_source

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SKIP = {"PROVENANCE.md", "README.md", "LICENSE", "DATA_LICENSE", "CHANGELOG.md"}


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    failures = 0
    print(f"{'file':<62} {'format':<8} {'princ':>5} {'sect':>4} {'terms':>5} {'ms':>6}  kinds")
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.name not in SKIP):
        start = time.perf_counter()
        try:
            document = parse_document(read_source(path))
            PrincipleGraph(document)
        except Exception as exc:
            print(f"{path.relative_to(corpus)}: FAILED: {exc}")
            failures += 1
            continue
        elapsed = (time.perf_counter() - start) * 1000
        bad = [p.id for p in document.principles.values() if document.source.slice(p.span) != p.text]
        failures += bool(bad)
        kinds = Counter(p.kind.value for p in document.principles.values())
        print(
            f"{path.relative_to(corpus)!s:<62} {document.format:<8} {len(document.principles):>5} "
            f"{len(document.sections) - 1:>4} {len(document.terms):>5} {elapsed:>6.0f}  "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
            + (f"  SPAN MISMATCH: {bad[:3]}" if bad else "")
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
