"""Default vagueness and form findings per 100 rule principles, and a random sample to judge.

    .venv/bin/python bench/bench_severity.py [--shared ../shared] [--sample 30] [--seed 11]

1. For the OpenAI Model Spec (2025-12-18) and Claude's constitution (2026, Markdown), runs the
   default (non-preview) V and F rules as `cmlint check` does and prints warnings and all
   findings per 100 rule principles, by rule.
2. Draws `--sample` findings at random (seeded) from those two and Claude's 2023 constitution
   and C3AI's principles, and prints each with its sentence, for a person to judge (useful /
   right but minor / wrong).

The constitutions are read from the shared research corpus (../shared/corpus), which includes
documents the tests may not copy; the tests never run this script.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cmlint.catalogue import load_catalogue  # noqa: E402
from cmlint.config import Config  # noqa: E402
from cmlint.engine import check_source  # noqa: E402
from cmlint.model import Kind  # noqa: E402
from cmlint.source import read_source  # noqa: E402

DOCUMENTS = {
    "Model Spec": "openai-model-spec/model_spec_2025-12-18.md",
    "Claude 2026": "anthropic-claude-constitution-2026/claude-constitution.md",
    "Claude 2023": "anthropic-claude-constitution-2023/claude-constitution-2023.md",
    "C3AI": "c3ai-principles/principles.csv",
}
MEASURED = ("Model Spec", "Claude 2026")


def _context(text: str, start: int, end: int) -> str:
    """The sentence around a finding, with the flagged words in [[ ]]."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min(p for p in (text.find(". ", end), text.find("\n", end), len(text)) if p >= 0)
    snippet = text[left:start] + "[[" + text[start:end] + "]]" + text[end : right + 1]
    return re.sub(r"\s+", " ", snippet).strip()[:400]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    catalogue = load_catalogue()
    codes = tuple(r.code for r in catalogue if r.family in ("vagueness", "form") and not r.preview)
    config = Config(select=codes)
    pool: list[tuple[str, str, str, str, str]] = []
    print(f"default V/F rules: {', '.join(codes)}\n")
    header = ("document", "rule principles", "warnings", "per 100", "findings", "per 100")
    print("{:<12} {:>15} {:>8} {:>7} {:>8} {:>7}".format(*header))
    for name, relative in DOCUMENTS.items():
        result = check_source(read_source(str(args.shared / "corpus" / relative)), config, catalogue)
        rules = len(result.document.principles_of_kind(Kind.RULE))
        found = result.diagnostics
        warnings = [d for d in found if d.severity.value == "warning"]
        text = result.source.text
        pool += [
            (
                name,
                d.code,
                d.severity.value,
                text[d.span.start : d.span.end],
                _context(text, d.span.start, d.span.end),
            )
            for d in found
        ]
        if name in MEASURED:
            print(
                f"{name:<12} {rules:>15} {len(warnings):>8} {100 * len(warnings) / rules:>7.1f} "
                f"{len(found):>8} {100 * len(found) / rules:>7.1f}"
            )
            by_rule = Counter((d.code, d.severity.value) for d in found)
            print("    " + ", ".join(f"{c} {s}: {n}" for (c, s), n in sorted(by_rule.items())))
        else:
            print(f"{name:<12} {rules:>15} {len(warnings):>8} {'':>7} {len(found):>8}")
    sample = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    print(f"\nrandom sample of {len(sample)} of {len(pool)} default V/F findings (seed {args.seed}):")
    for number, (name, code, severity, words, context) in enumerate(sample, 1):
        print(f"{number:>2}. {name} {code} {severity} '{words}': {context}")


if __name__ == "__main__":
    main()
