"""Degenerate satisfiers and unobservable criteria per document (G105, F105, G104), no model.

    .venv/bin/python bench/bench_goodhart.py [--list] [CORPUS_DIR]

For each document: the rules and preference prompts read, how many reward each degenerate
strategy (`cmlint.goodhart.strategies`), how many G105 reports (nothing counterweights the
strategy; G105p: with `counterweight-scope = "principle"`, every rewarding statement), whether
G104 fires, and F105's findings by hidden fact. `--list` prints every rewarding statement with
its strategies and words, for judging the findings by hand.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from cmlint.catalogue import load_catalogue
from cmlint.checks.consequence import is_rule
from cmlint.config import Config
from cmlint.engine import check_source
from cmlint.goodhart.roles import roles_of
from cmlint.goodhart.strategies import STRATEGIES, analyse
from cmlint.model import Kind
from cmlint.nlp.analysis import analyse as analyse_nlp
from cmlint.parse import parse_document
from cmlint.source import read_source

DOCUMENTS = (
    "anthropic-cai-paper-2022/CritiqueRevisionInstructions.json",
    "anthropic-claude-constitution-2023/claude-constitution-2023.md",
    "c3ai-principles/principles.csv",
    "openai-model-spec/model_spec_2025-12-18.md",
)


def main(argv: list[str]) -> int:
    listing = "--list" in argv
    args = [a for a in argv if a != "--list"]
    corpus = Path(args[0]) if args else Path("/work/shared/corpus")
    catalogue = load_catalogue()
    header = (
        f"{'document':<48} {'read':>5} "
        + " ".join(f"{s:>9}" for s in STRATEGIES)
        + "  G105 G105p  F105  G104"
    )
    print(header)
    lines = []
    for name in DOCUMENTS:
        source = read_source(str(corpus / name))
        document = parse_document(source)
        nlp = analyse_nlp(document, {})
        kept = [
            s
            for s in nlp.statements
            if s.principle.kind in (Kind.RULE, Kind.PREFERENCE)
            and is_rule(s, document)
            and s.frame.is_deontic
        ]
        found = analyse(kept, roles_of(kept))
        counts = Counter(k for f in found for k in f.rewards)
        result = check_source(source, Config(select=("G104", "G105", "F105")), catalogue)
        codes = Counter(d.code for d in result.diagnostics)
        scoped = Config(select=("G105",), rule_options={"G105": {"counterweight-scope": "principle"}})
        per_principle = len(check_source(source, scoped, catalogue).diagnostics)
        hidden = Counter(
            d.message.split(" turns on ")[1].split(",")[0] for d in result.diagnostics if d.code == "F105"
        )
        print(
            f"{name.split('/')[-1][:48]:<48} {len(found):>5} "
            + " ".join(f"{counts[s]:>9}" for s in STRATEGIES)
            + f"  {codes['G105']:>4} {per_principle:>5}  {codes['F105']:>4}"
            + f"  {'fires' if codes['G104'] else '-':>4}"
        )
        if hidden:
            print(f"{'':<48} F105: " + ", ".join(f"{k} {n}" for k, n in hidden.most_common()))
        if listing:
            reported = {d.span.start for d in result.diagnostics if d.code == "G105"}
            for f in found:
                if f.rewards:
                    mark = "G105" if f.statement.span.start in reported else "    "
                    words = "; ".join(f"{k}: {', '.join(v)}" for k, v in f.rewards.items())
                    lines.append(
                        f"{mark} {name.split('/')[0][:18]:<18} {f.statement.id:<28} [{words}] "
                        f"{f.statement.text[:110]}"
                    )
            lines.extend(
                f"F105 {name.split('/')[0][:18]:<18} {d.principle or '':<28} {d.message.split(' turns')[0]}"
                for d in result.diagnostics
                if d.code == "F105"
            )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
